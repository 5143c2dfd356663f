import { useTandem } from '../../store/tandem-store.ts';
import type { Trace } from '../../store/demo/trace-format.ts';

/** What the opened trace holds: where it came from, what ran it, how long it is. */
export function TraceSummary() {
  const opened = useTandem((state) => state.openedTrace);
  if (!opened) return null;
  const { trace, fileName } = opened;
  const passes = trace.events.filter(({ event }) => event.type === 'step').length;
  const done = trace.events[trace.events.length - 1].event;
  return (
    <p className="trace-summary" data-testid="trace-summary" data-passes={passes} data-mode={trace.run.mode}>
      <strong>{fileName}</strong>: a {trace.run.mode} run ({trace.run.from}→{trace.run.to}), recorded{' '}
      {new Date(trace.recordedAt).toLocaleString()}; {passes} target passes,{' '}
      {done.type === 'done' ? `${done.stats.emittedTokens} tokens, ${done.finishReason}` : ''}. Models:{' '}
      {describeModels(trace)}. GPU: {trace.adapter}.
    </p>
  );
}

function describeModels(trace: Trace): string {
  const { target, drafter } = trace.models;
  const one = (model: { name: string; engine: string | null }) =>
    model.engine ? `${model.name} on ${model.engine}` : model.name;
  return drafter ? `target ${one(target)}, drafter ${one(drafter)}` : `target ${one(target)} (no drafter)`;
}
