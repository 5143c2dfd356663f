import { useTandem } from '../../store/tandem-store.ts';
import { AlphaChart } from './AlphaChart.tsx';
import { fixed } from './format.ts';

/** Learning from use: the opt-in, α per translation over time, the last adaptation round. */
export function LearnFromUse() {
  const on = useTandem((s) => s.learnFromUse);
  const setOn = useTandem((s) => s.setLearnFromUse);
  const history = useTandem((s) => s.alphaHistory);
  const adapt = useTandem((s) => s.adaptState);
  const adaptNow = useTandem((s) => s.adaptNow);
  return (
    <section className="forge-step" aria-label="Learning from use" data-testid="forge-learn">
      <h4>Learning from use</h4>
      <label>
        <input type="checkbox" checked={on} onChange={(e) => void setOn(e.currentTarget.checked)} /> Adapt the active
        drafter to my translations when the app is idle (kept in this browser; a copy replaces the drafter only when its
        α on held-out translations is at least the current one's)
      </label>
      {on && (
        <>
          <AlphaChart
            label="α per translation over time"
            testId="forge-alpha-history"
            series={[{ name: 'α per translation', className: 'series-new', values: history.map((p) => p.alpha) }]}
          />
          <button type="button" disabled={adapt.phase === 'adapting'} onClick={() => void adaptNow()}>
            Adapt now
          </button>
          <p role="status" data-testid="forge-adapt-status">
            {adapt.phase === 'adapting' && 'Adapting a copy of the drafter…'}
            {adapt.phase === 'done' &&
              `${adapt.reply.promoted ? `Promoted ${adapt.reply.modelId}` : 'Kept the active drafter'}: ${adapt.reply.reason} (α ${fixed(adapt.reply.alphaBefore)} → ${fixed(adapt.reply.alphaAfter)} on ${adapt.reply.heldOut} held-out translations; ${adapt.reply.bufferSize} in the buffer).`}
            {adapt.phase === 'failed' && `Adaptation failed: ${adapt.error.message}`}
          </p>
        </>
      )}
    </section>
  );
}
