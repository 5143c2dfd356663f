import type { ManagedModel } from '../models/storage/catalogue.ts';
import type { HubDownload } from '../store/hub-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import { progressText } from './progress-text.ts';

const IDLE: HubDownload = { phase: 'idle' };

/**
 * A Hub catalogue row's own part: where it comes from, its licence, what it is, and its download
 * (listed, checked against the Hub's checksums, stored only once whole).
 */
export function HubRowDetails({ row, cached }: { row: ManagedModel; cached: boolean }) {
  const hub = row.hub!;
  const download = useTandem((s) => s.hubDownloads[hub.rowId] ?? IDLE);
  const downloadHubRow = useTandem((s) => s.downloadHubRow);
  const cancelHubDownload = useTandem((s) => s.cancelHubDownload);
  const busy = download.phase === 'preparing' || download.phase === 'downloading';
  return (
    <div className="hub-row" data-testid={`hub-row-${hub.rowId}`}>
      <p className="model-row-note">
        <a href={hub.pageUrl} target="_blank" rel="noreferrer">
          {hub.repo}
        </a>{' '}
        · licence: {hub.licence}
      </p>
      <p className="model-row-note">{hub.about}</p>
      <p className="model-row-state" aria-live="polite" data-testid={`hub-state-${hub.rowId}`}>
        {download.phase === 'preparing' && 'Listing the files on Hugging Face…'}
        {download.phase === 'downloading' && progressText(download.progress)}
        {download.phase === 'done' && 'Downloaded and checked against the Hub’s checksums.'}
        {download.phase === 'stopped' && 'Stopped: nothing was kept.'}
      </p>
      {download.phase === 'downloading' && (
        <progress max={100} value={download.progress.percent ?? undefined} aria-label={`Downloading ${row.name}`} />
      )}
      {download.phase === 'failed' && (
        <p className="model-row-error" role="alert" data-testid={`hub-error-${hub.rowId}`}>
          {download.error.message}
        </p>
      )}
      <div className="model-row-actions">
        {!busy && !cached && (
          <button type="button" onClick={() => void downloadHubRow(hub.rowId)}>
            Download <span className="visually-hidden">{row.name}</span> from Hugging Face
          </button>
        )}
        {busy && (
          <button type="button" onClick={() => cancelHubDownload(hub.rowId)}>
            Stop download <span className="visually-hidden">of {row.name}</span>
          </button>
        )}
      </div>
    </div>
  );
}
