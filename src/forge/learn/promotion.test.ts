import { describe, expect, it } from 'vitest';
import { decidePromotion, MIN_HELD_OUT_FOR_PROMOTION } from './promotion.ts';

const enough = MIN_HELD_OUT_FOR_PROMOTION;

describe('promotion of the adapted drafter', () => {
  it('is refused when held-out α falls', () => {
    const decision = decidePromotion({ currentAlpha: 0.62, candidateAlpha: 0.58, heldOutPrompts: 20, lossless: true });
    expect(decision.promote).toBe(false);
    expect(decision.reason).toContain('fell');
  });

  it('is granted when held-out α rises or stays equal', () => {
    expect(
      decidePromotion({ currentAlpha: 0.5, candidateAlpha: 0.6, heldOutPrompts: enough, lossless: true }).promote,
    ).toBe(true);
    expect(
      decidePromotion({ currentAlpha: 0.5, candidateAlpha: 0.5, heldOutPrompts: enough, lossless: true }).promote,
    ).toBe(true);
  });

  it('is refused on too few held-out prompts, a lossy output, or no drafts at all', () => {
    const base = { currentAlpha: 0.4, candidateAlpha: 0.9, heldOutPrompts: enough, lossless: true };
    expect(decidePromotion({ ...base, heldOutPrompts: enough - 1 }).promote).toBe(false);
    expect(decidePromotion({ ...base, lossless: false }).promote).toBe(false);
    expect(decidePromotion({ ...base, candidateAlpha: null }).promote).toBe(false);
  });
});
