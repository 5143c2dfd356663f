import type { DecodeMode, TranslateEvent } from '../../protocol/protocol.ts';
import { TraceFileError } from './trace-errors.ts';
import type { Trace } from './trace-format.ts';

/** What one lane has streamed so far, as the checks walk the events. */
interface LaneTally {
  passes: number;
  emitted: number;
  done: boolean;
}

/**
 * What the schema cannot see: the events must be those a run sends, in its order. Times never go
 * back; each lane numbers its target passes 0, 1, 2, … and its running totals match the tokens it
 * streamed; the last event, and only that one, is 'done'. A hand-edited or spliced trace fails
 * here with the event's index, instead of replaying into an overlay that disagrees with its stats.
 */
export function checkTraceConsistency(trace: Trace): void {
  const lanes: Record<DecodeMode, LaneTally> = {
    speculative: { passes: 0, emitted: 0, done: false },
    autoregressive: { passes: 0, emitted: 0, done: false },
  };
  const allowed = trace.run.mode === 'race' ? ['speculative', 'autoregressive'] : [trace.run.mode];
  let previousAt = 0;
  trace.events.forEach(({ atMs, event }, index) => {
    const where = `events[${index}]`;
    if (atMs < previousAt) fail(`${where} is at ${atMs} ms, before the event ahead of it (${previousAt} ms)`);
    previousAt = atMs;
    const isLast = index === trace.events.length - 1;
    if (event.type === 'done') {
      const after = trace.events.length - 1 - index;
      if (after > 0) fail(`${where} is the run's "done" but ${after} event${after === 1 ? ' follows' : 's follow'} it`);
      return;
    }
    if (isLast) fail(`the events stop at ${where} without the run's "done" event: the recording was cut short`);
    if (!allowed.includes(event.lane))
      fail(`${where} is from the ${event.lane} lane, which a ${trace.run.mode} run has not`);
    checkLaneEvent(lanes[event.lane], event, where);
  });
}

function checkLaneEvent(lane: LaneTally, event: Exclude<TranslateEvent, { type: 'done' }>, where: string): void {
  if (lane.done) fail(`${where} comes after the ${event.lane} lane's "lane-done"`);
  if (event.type === 'lane-done') {
    lane.done = true;
    if (event.stats.emittedTokens !== lane.emitted)
      fail(
        `${where} says the ${event.lane} lane emitted ${event.stats.emittedTokens} tokens, but its steps hold ${lane.emitted}`,
      );
    return;
  }
  if (event.step !== lane.passes)
    fail(`${where} is target pass ${event.step} of the ${event.lane} lane where pass ${lane.passes} comes next`);
  if (event.rejected.length > event.draftLength)
    fail(`${where} rejects ${event.rejected.length} drafts of the ${event.draftLength} it drafted`);
  const accepted = event.emitted.filter((token) => token.source === 'accepted').length;
  if (accepted > event.draftLength - event.rejected.length)
    fail(
      `${where} emits ${accepted} accepted drafts, more than the ${event.draftLength - event.rejected.length} accepted`,
    );
  lane.passes += 1;
  lane.emitted += event.emitted.length;
  if (event.stats.targetPasses !== lane.passes || event.stats.emittedTokens !== lane.emitted)
    fail(
      `${where}'s running totals (${event.stats.targetPasses} passes, ${event.stats.emittedTokens} tokens) ` +
        `disagree with the steps so far (${lane.passes} passes, ${lane.emitted} tokens)`,
    );
}

function fail(message: string): never {
  throw new TraceFileError(`the trace does not add up: ${message}`);
}
