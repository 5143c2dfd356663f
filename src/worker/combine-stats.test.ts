import { describe, expect, it } from 'vitest';
import type { GenerationStats } from '../speculative/events.ts';
import { combineStats, speedupOf } from './combine-stats.ts';

function stats(partial: Partial<GenerationStats>): GenerationStats {
  return {
    targetPasses: 0,
    emittedTokens: 0,
    draftedTokens: 0,
    acceptedTokens: 0,
    acceptanceRate: 0,
    draftEfficiency: 0,
    meanTokensPerPass: 0,
    tokensPerSecond: 0,
    prefillMs: 0,
    draftMs: 0,
    verifyMs: 0,
    otherMs: 0,
    totalMs: 0,
    drafterCalls: 0,
    ...partial,
  };
}

describe('combineStats', () => {
  it('sums counts and times and recomputes the ratios over the whole lane', () => {
    const a = stats({
      targetPasses: 4,
      emittedTokens: 10,
      draftedTokens: 12,
      acceptedTokens: 6,
      totalMs: 100,
      draftMs: 20,
    });
    const b = stats({
      targetPasses: 6,
      emittedTokens: 10,
      draftedTokens: 8,
      acceptedTokens: 4,
      totalMs: 300,
      draftMs: 30,
    });
    const total = combineStats([
      { stats: a, rejections: 3 },
      { stats: b, rejections: 1 },
    ]);
    expect(total).toMatchObject({
      targetPasses: 10,
      emittedTokens: 20,
      draftedTokens: 20,
      acceptedTokens: 10,
      totalMs: 400,
      draftMs: 50,
    });
    expect(total.acceptanceRate).toBeCloseTo(10 / 14);
    expect(total.draftEfficiency).toBeCloseTo(0.5);
    expect(total.meanTokensPerPass).toBeCloseTo(2);
    expect(total.tokensPerSecond).toBeCloseTo(50);
  });

  it('is all zeros for nothing', () => {
    expect(combineStats([])).toEqual(stats({}));
  });
});

describe('speedupOf', () => {
  it('divides measured tokens/s and refuses to divide by nothing', () => {
    expect(speedupOf(stats({ tokensPerSecond: 20 }), stats({ tokensPerSecond: 50 }))).toBeCloseTo(2.5);
    expect(speedupOf(stats({ tokensPerSecond: 0 }), stats({ tokensPerSecond: 50 }))).toBe(0);
  });
});
