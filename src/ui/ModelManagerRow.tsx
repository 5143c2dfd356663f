import type { ManagedModel } from '../models/storage/catalogue.ts';
import { formatMB, formatSeconds, formatSize } from '../format.ts';
import type { DownloadProgress } from '../models/storage/progress.ts';
import type { RowActivity } from '../store/model-manager-slice.ts';
import { useTandem } from '../store/tandem-store.ts';

const IDLE: RowActivity = { phase: 'idle' };

/** One model: what it is, whether it is here, and the actions that apply to it now. */
export function ModelManagerRow({ row }: { row: ManagedModel }) {
  const activity = useTandem((s) => s.rowActivity[row.key] ?? IDLE);
  const bytes = useTandem((s) => row.modelIds.reduce((sum, id) => sum + (s.cachedBytes[id] ?? 0), 0));
  const allCached = useTandem((s) => row.modelIds.every((id) => (s.cachedBytes[id] ?? 0) > 0));
  const downloadRow = useTandem((s) => s.downloadRow);
  const cancelDownload = useTandem((s) => s.cancelDownload);
  const deleteRow = useTandem((s) => s.deleteRow);
  const downloading = activity.phase === 'downloading';

  return (
    <li className="model-row" data-testid={`model-row-${row.key}`}>
      <div className="model-row-name">{row.name}</div>
      <div className="model-row-facts">
        {row.sizeBytes === null ? 'size unknown' : formatSize(row.sizeBytes)} · {row.format} · {row.runtime}
      </div>
      {row.sourceUrl !== undefined && <div className="model-row-note model-row-source">from {row.sourceUrl}</div>}
      <div className="model-row-state" data-testid={`model-state-${row.key}`} aria-live="polite">
        {downloading
          ? progressText(activity.progress)
          : bytes > 0
            ? `${allCached ? 'Cached' : 'Partly cached'}: ${formatMB(bytes)}`
            : 'Not downloaded'}
      </div>
      {downloading && (
        <progress max={100} value={activity.progress.percent ?? undefined} aria-label={`Downloading ${row.name}`} />
      )}
      {activity.phase === 'failed' && (
        <p className="model-row-error" role="alert">
          {activity.error.message}
        </p>
      )}
      <div className="model-row-actions">
        {row.download.available && !downloading && !allCached && (
          <button type="button" onClick={() => void downloadRow(row.key)}>
            Download <span className="visually-hidden">{row.name}</span>
          </button>
        )}
        {downloading && (
          <button type="button" onClick={() => cancelDownload(row.key)}>
            Stop download
          </button>
        )}
        {!downloading && bytes > 0 && (
          <button type="button" onClick={() => void deleteRow(row.key)}>
            Delete <span className="visually-hidden">{row.name}</span>
          </button>
        )}
        {!row.download.available && row.kind !== 'user' && bytes === 0 && (
          <span className="model-row-note">{row.download.reason}</span>
        )}
      </div>
    </li>
  );
}

/** "Downloading: 12.0 MB of 36.4 MB (33%), 4.1 MB/s, 6 s left": what is known so far. */
export function progressText(p: DownloadProgress): string {
  const of = p.totalBytes === null ? '' : ` of ${formatMB(p.totalBytes)}`;
  const percent = p.percent === null ? '' : ` (${Math.floor(p.percent)}%)`;
  const speed = p.bytesPerSecond > 0 ? `, ${formatMB(p.bytesPerSecond)}/s` : '';
  const left = p.secondsLeft === null ? '' : `, ${formatSeconds(p.secondsLeft)} left`;
  return `Downloading: ${formatMB(p.bytes)}${of}${percent}${speed}${left}`;
}
