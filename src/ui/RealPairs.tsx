import { useId } from 'react';
import type { PairOption } from '../models/hub/recommend.ts';
import { targetChoice } from '../store/model-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import { PairDownloadProgress } from './PairDownloadProgress.tsx';
import { formatGB, pairInstalled, realPairsView } from './real-pairs.ts';

/**
 * Real pairs (a web-llm target from the Hub and the vicuna-68m drafter): what each needs, whether
 * this GPU can run it, which one suits it, and one button to download or use it.
 */
export function RealPairs() {
  const gpu = useTandem((s) => s.gpu);
  const headingId = useId();
  const view = realPairsView(gpu);
  return (
    <section className="real-pairs" aria-labelledby={headingId} data-testid="real-pairs">
      <h3 id={headingId}>Real pairs from Hugging Face</h3>
      {view === null ? (
        <p className="model-row-note">Checking your GPU…</p>
      ) : (
        <>
          <p className="model-row-note" data-testid="pair-recommendation">
            {view.recommended ? `Recommended for your GPU: ${view.recommended.name}. ` : ''}
            {view.reason} None of these targets is the paper’s Vicuna-7B: drafters trained on Vicuna’s text accept less
            of theirs.
          </p>
          <ul className="model-list">
            {view.options.map((option) => (
              <PairRow
                key={`${option.targetId} ${option.quantization}`}
                option={option}
                recommended={
                  option.targetId === view.recommended?.targetId &&
                  option.quantization === view.recommended.quantization
                }
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PairRow({ option, recommended }: { option: PairOption; recommended: boolean }) {
  const installed = useTandem((s) => pairInstalled(option, s.cachedBytes));
  const busy = useTandem((s) =>
    [option.drafterId, option.targetRow.id].some((id) => {
      const phase = s.hubDownloads[id]?.phase;
      return phase === 'preparing' || phase === 'downloading';
    }),
  );
  const downloadPair = useTandem((s) => s.downloadPair);
  const selectModel = useTandem((s) => s.selectModel);
  const key = `${option.targetId}-${option.quantization}`;
  return (
    <li className="model-row" data-testid={`pair-${key}`} data-recommended={recommended}>
      <div className="model-row-name">
        {option.name}
        {recommended && <span className="pair-badge"> — recommended for your GPU</span>}
      </div>
      <div className="model-row-facts">
        needs: download about {formatGB(option.downloadBytes)}, GPU memory about {formatGB(option.vramMB * 1024 * 1024)}
        {option.blocker ? ` · cannot run here: ${option.blocker}` : ''}
      </div>
      <div className="model-row-actions">
        {installed ? (
          <button type="button" onClick={() => void selectModel(targetChoice(option.targetId))}>
            Use this pair
          </button>
        ) : (
          <button type="button" disabled={busy || option.blocker !== null} onClick={() => void downloadPair(option)}>
            Download this pair
          </button>
        )}
      </div>
      <PairDownloadProgress option={option} />
    </li>
  );
}
