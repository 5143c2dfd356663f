import type { TranslateEvent, TranslateStep } from '../protocol/protocol.ts';
import type { OutputToken, TandemState } from './types.ts';

/**
 * How worker events change what the page shows. Pure: the run slice applies them only to events
 * of the run in view, a frame's worth at a time (frame-batch.ts). In a race the autoregressive
 * lane goes to race*, the speculative lane to the main output, so the main output is always the
 * speculative (or only) translation.
 */
export function applyRunEvents(state: TandemState, events: readonly TranslateEvent[]): Partial<TandemState> {
  const race = state.mode === 'race';
  const patch: Partial<TandemState> = {};
  // New tokens are gathered first: each array is copied once per batch, not once per step.
  const added: OutputToken[] = [];
  const addedRace: OutputToken[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'step':
        if (race && event.lane === 'autoregressive') {
          addedRace.push(...toTokens(event));
          patch.raceStats = event.stats;
        } else {
          added.push(...toTokens(event));
          patch.stats = event.stats;
          // A step that drafts nothing (a segment's first, or one with a single token of budget
          // left) says nothing about the policy: keep the last real draft length.
          if (event.lane === 'speculative' && event.draftLength > 0) patch.currentDraftLength = event.draftLength;
        }
        break;
      case 'lane-done':
        if (race && event.lane === 'autoregressive')
          Object.assign(patch, { raceTail: event.tail, raceStats: event.stats });
        else Object.assign(patch, { tail: event.tail, stats: event.stats });
        break;
      case 'done':
        break; // the run slice sets the end state from the call's answer (the same record)
    }
  }
  if (added.length > 0) patch.tokens = [...state.tokens, ...added];
  if (addedRace.length > 0) patch.raceTokens = [...state.raceTokens, ...addedRace];
  return patch;
}

/** One event: what a batch of one does. */
export function applyRunEvent(state: TandemState, event: TranslateEvent): Partial<TandemState> {
  return applyRunEvents(state, [event]);
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
