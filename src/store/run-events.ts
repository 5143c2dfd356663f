import type { TranslateEvent, TranslateStep } from '../protocol/protocol.ts';
import type { OutputToken, TandemState } from './types.ts';

/**
 * How each worker event changes what the page shows. Pure: the run slice applies it only to
 * events of the run in view. In a race the autoregressive lane goes to race*, the speculative
 * lane to the main output, so the main output is always the speculative (or only) translation.
 */
export function applyRunEvent(state: TandemState, event: TranslateEvent): Partial<TandemState> {
  const race = state.mode === 'race';
  switch (event.type) {
    case 'step': {
      const added = toTokens(event);
      if (race && event.lane === 'autoregressive')
        return { raceTokens: [...state.raceTokens, ...added], raceStats: event.stats };
      return {
        tokens: [...state.tokens, ...added],
        stats: event.stats,
        // A step that drafts nothing (a segment's first, or one with a single token of budget left)
        // says nothing about the policy: keep the last real draft length.
        currentDraftLength:
          event.lane === 'speculative' && event.draftLength > 0 ? event.draftLength : state.currentDraftLength,
      };
    }
    case 'lane-done':
      if (race && event.lane === 'autoregressive') return { raceTail: event.tail, raceStats: event.stats };
      return { tail: event.tail, stats: event.stats };
    case 'done':
      // The run slice sets the end state from the call's answer (the same record).
      return {};
  }
}

function toTokens(event: TranslateStep): OutputToken[] {
  return event.emitted.map((token) => ({
    id: token.id,
    text: token.text,
    source: token.source,
    step: event.step,
    // The correction is where the drafts went wrong: it carries what the target turned down.
    rejected: token.source === 'correction' ? event.rejected : [],
    before: token.before ?? '',
    paragraph: event.paragraph,
  }));
}
