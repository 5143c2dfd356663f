import type { PairOption } from '../models/hub/recommend.ts';
import type { HubDownload } from '../store/hub-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import { progressText } from './progress-text.ts';

const IDLE: HubDownload = { phase: 'idle' };

/** Both halves of a pair download, each with its own progress and its own error. */
export function PairDownloadProgress({ option }: { option: PairOption }) {
  const parts = [
    { id: option.drafterId, label: `Drafter ${option.drafterId}` },
    { id: option.targetRow.id, label: `Target ${option.targetRow.name}` },
  ];
  return (
    <ul className="pair-progress" data-testid="pair-progress">
      {parts.map((part) => (
        <PartProgress key={part.id} rowId={part.id} label={part.label} />
      ))}
    </ul>
  );
}

function PartProgress({ rowId, label }: { rowId: string; label: string }) {
  const download = useTandem((s) => s.hubDownloads[rowId] ?? IDLE);
  if (download.phase === 'idle') return null;
  return (
    <li data-testid={`pair-progress-${rowId}`}>
      <span>{label}: </span>
      {download.phase === 'preparing' && 'listing its files…'}
      {download.phase === 'downloading' && progressText(download.progress)}
      {download.phase === 'done' && 'downloaded and checked.'}
      {download.phase === 'stopped' && 'stopped; nothing was kept.'}
      {download.phase === 'downloading' && (
        <progress max={100} value={download.progress.percent ?? undefined} aria-label={`Downloading ${label}`} />
      )}
      {download.phase === 'failed' && (
        <span className="model-row-error" role="alert">
          {' '}
          {download.error.message}
        </span>
      )}
    </li>
  );
}
