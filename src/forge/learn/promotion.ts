/**
 * When the adapted copy of the drafter replaces the active one: only when its held-out α is at
 * least the active drafter's, measured on the same held-out prompts, and only when there are
 * enough of them for α to mean something. Falling α is never promoted.
 */

/** Fewer held-out prompts than this and a difference in α is noise: keep the active drafter. */
export const MIN_HELD_OUT_FOR_PROMOTION = 4;

export interface PromotionInput {
  /** α of the active drafter on the held-out prompts (null: it drafted nothing there). */
  currentAlpha: number | null;
  candidateAlpha: number | null;
  heldOutPrompts: number;
  /** Whether every held-out output equalled the autoregressive one (lossless). */
  lossless: boolean;
}

export type PromotionDecision = { promote: true; reason: string } | { promote: false; reason: string };

export function decidePromotion(input: PromotionInput): PromotionDecision {
  const { currentAlpha, candidateAlpha, heldOutPrompts } = input;
  if (!input.lossless) return { promote: false, reason: 'an output differed from autoregressive decoding' };
  if (heldOutPrompts < MIN_HELD_OUT_FOR_PROMOTION) {
    return {
      promote: false,
      reason: `only ${heldOutPrompts} held-out translations; at least ${MIN_HELD_OUT_FOR_PROMOTION} are needed to compare`,
    };
  }
  if (candidateAlpha === null) return { promote: false, reason: 'the adapted drafter drafted nothing' };
  const current = currentAlpha ?? 0;
  if (candidateAlpha < current) {
    return {
      promote: false,
      reason: `held-out α fell (${candidateAlpha.toFixed(3)} < ${current.toFixed(3)}): the active drafter stays`,
    };
  }
  return { promote: true, reason: `held-out α ${current.toFixed(3)} → ${candidateAlpha.toFixed(3)}` };
}
