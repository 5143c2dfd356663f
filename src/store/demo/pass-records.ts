import type { DecodeMode, TranslateStep } from '../../protocol/protocol.ts';

/**
 * One target pass as the charts need it, derived from the step event alone (a live run and a
 * replayed trace give the same records). The worker's running stats carry cumulative times;
 * this pass's share is the difference from the previous pass of the same lane.
 */
export interface PassRecord {
  lane: DecodeMode;
  step: number;
  /** γ: tokens the drafter proposed for this pass (0 for a segment's first pass, and autoregressively). */
  drafted: number;
  /** Drafts the target accepted: the drafted ones it did not reject. */
  accepted: number;
  /** Tokens this pass added to the output (accepted + 1, fewer when a stop condition cut it). */
  emitted: number;
  /** This pass's time in ms: drafting, the target pass (verification, or the prompt's prefill), the rest. */
  draftMs: number;
  verifyMs: number;
  otherMs: number;
  /** The lane's totals after this pass: tokens, and generation time in ms (both drive the race chart). */
  totalTokens: number;
  elapsedMs: number;
  /** The lane's cumulative times after this pass, to difference the next one against. */
  cumulative: { draftMs: number; targetMs: number; totalMs: number };
}

export function passRecord(event: TranslateStep, previous: PassRecord | undefined): PassRecord {
  const { stats } = event;
  // A segment's first pass is the prompt's prefill: the target pass that made its first token.
  const cumulative = { draftMs: stats.draftMs, targetMs: stats.verifyMs + stats.prefillMs, totalMs: stats.totalMs };
  const before = previous?.cumulative ?? { draftMs: 0, targetMs: 0, totalMs: 0 };
  const draftMs = Math.max(0, cumulative.draftMs - before.draftMs);
  const verifyMs = Math.max(0, cumulative.targetMs - before.targetMs);
  return {
    lane: event.lane,
    step: event.step,
    drafted: event.draftLength,
    accepted: event.draftLength - event.rejected.length,
    emitted: event.emitted.length,
    draftMs,
    verifyMs,
    otherMs: Math.max(0, cumulative.totalMs - before.totalMs - draftMs - verifyMs),
    totalTokens: stats.emittedTokens,
    elapsedMs: stats.totalMs,
    cumulative,
  };
}
