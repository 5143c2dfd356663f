import { useTandem } from '../store/tandem-store.ts';
import { PairDownloadProgress } from './PairDownloadProgress.tsx';
import { formatGB, realPairsView } from './real-pairs.ts';

/**
 * The first screen's offer to a newcomer whose GPU can run a real pair: the recommended pair in one
 * click, with progress for both models; once both are in, the pair is chosen under Model and the
 * translation view is ready.
 */
export function FirstRunPair() {
  const gpu = useTandem((s) => s.gpu);
  const downloadPair = useTandem((s) => s.downloadPair);
  const busy = useTandem((s) =>
    Object.values(s.hubDownloads).some((d) => d.phase === 'preparing' || d.phase === 'downloading'),
  );
  const view = realPairsView(gpu);
  const option = view?.recommended;
  if (!option) return null;
  return (
    <div className="first-run-pair" data-testid="first-run-pair">
      <p>
        Your GPU can run a real pair: <strong>{option.name}</strong> (download about {formatGB(option.downloadBytes)},
        GPU memory about {formatGB(option.vramMB * 1024 * 1024)}). {view.reason} It is not the paper’s Vicuna-7B, so the
        drafter accepts less of its text.
      </p>
      <button type="button" disabled={busy} onClick={() => void downloadPair(option)}>
        Download a real pair
      </button>
      <PairDownloadProgress option={option} />
    </div>
  );
}
