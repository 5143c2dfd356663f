import type { TranslateEvent } from '../protocol/protocol.ts';
import { passRecord } from './demo/pass-records.ts';
import { applyRunEvent, applyRunEvents } from './run-events.ts';
import type { TandemState } from './types.ts';

/**
 * The one path from a run event to what the page shows, for a live run and a replayed trace
 * alike: the overlay's tokens and stats (applyRunEvent), the charts' pass records, and the end
 * state from the run's 'done'.
 */
export function displayRunEvent(state: TandemState, event: TranslateEvent): Partial<TandemState> {
  if (event.type === 'done') {
    return {
      run: 'done',
      stats: event.stats,
      tail: event.tail,
      finishReason: event.finishReason,
      raceResult: event.race ?? null,
      knownSpeedup: event.race && event.race.speedup > 0 ? event.race.speedup : state.knownSpeedup,
      notice: event.finishReason === 'aborted' ? 'Stopped.' : null,
    };
  }
  const shown = applyRunEvent(state, event);
  if (event.type !== 'step') return shown;
  if (state.mode === 'race' && event.lane === 'autoregressive')
    return { ...shown, racePasses: [...state.racePasses, passRecord(event, state.racePasses.at(-1))] };
  return { ...shown, passes: [...state.passes, passRecord(event, state.passes.at(-1))] };
}

/**
 * A frame's worth of step events in one update: the overlay's tokens copied once for the batch
 * (applyRunEvents), and one pass record per step for the charts. A 'done' goes through
 * displayRunEvent on its own.
 */
export function displayRunEvents(state: TandemState, events: readonly TranslateEvent[]): Partial<TandemState> {
  const shown = applyRunEvents(state, events);
  let passes = state.passes;
  let racePasses = state.racePasses;
  for (const event of events) {
    if (event.type !== 'step') continue;
    if (state.mode === 'race' && event.lane === 'autoregressive')
      racePasses = [...racePasses, passRecord(event, racePasses.at(-1))];
    else passes = [...passes, passRecord(event, passes.at(-1))];
  }
  return { ...shown, passes, racePasses };
}
