import { describe, expect, it } from 'vitest';
import {
  acceptanceByPosition,
  acceptedCountDistribution,
  leviathanExpectedCounts,
  measuredAlpha,
  tokensOverTime,
  tokensPerPassHistogram,
  totalTimeSplit,
} from './chart-data.ts';
import type { PassRecord } from './pass-records.ts';

/** A pass with γ drafted, k accepted and k + 1 emitted unless said otherwise. */
function pass(drafted: number, accepted: number, emitted = accepted + 1): PassRecord {
  return {
    lane: 'speculative',
    step: 0,
    drafted,
    accepted,
    emitted,
    draftMs: drafted,
    verifyMs: 10,
    otherMs: 1,
    totalTokens: 0,
    elapsedMs: 0,
    cumulative: { draftMs: 0, targetMs: 0, totalMs: 0 },
  };
}

describe('the Leviathan expectation', () => {
  it('P(k) = α^k(1−α) below γ and α^γ at γ, summing to 1', () => {
    expect(acceptedCountDistribution(2, 0.5)).toEqual([0.5, 0.25, 0.25]);
    expect(acceptedCountDistribution(0, 0.7)).toEqual([1]);
    const p = acceptedCountDistribution(5, 0.71);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('for a fixed γ, its mean tokens per pass is (1 − α^(γ+1)) / (1 − α)', () => {
    const [alpha, gamma, passes] = [0.71, 5, 40];
    const expected = leviathanExpectedCounts(new Array(passes).fill(gamma), alpha);
    const total = expected.reduce((a, b) => a + b, 0);
    const mean = expected.reduce((sum, count, n) => sum + n * count, 0) / total;
    expect(total).toBeCloseTo(passes, 10);
    expect(mean).toBeCloseTo((1 - alpha ** (gamma + 1)) / (1 - alpha), 10);
  });

  it('with an adaptive γ, mixes each pass’s own distribution', () => {
    // One pass drafting nothing (always 1 token) and two drafting 2 at α = 0.5.
    expect(leviathanExpectedCounts([0, 2, 2], 0.5)).toEqual([0, 1 + 2 * 0.5, 2 * 0.25, 2 * 0.25]);
  });
});

describe('tokens per target pass', () => {
  const passes = [pass(0, 0), pass(3, 3), pass(3, 1), pass(4, 0), pass(4, 2), pass(4, 4, 3)];

  it('totals the passes and has τ as its mean', () => {
    const histogram = tokensPerPassHistogram(passes);
    const emitted = passes.reduce((sum, p) => sum + p.emitted, 0);
    expect(histogram.totalPasses).toBe(passes.length);
    expect(histogram.bins.reduce((sum, bin) => sum + bin.passes, 0)).toBe(passes.length);
    expect(histogram.mean).toBeCloseTo(emitted / passes.length, 12);
    expect(histogram.bins.reduce((sum, bin) => sum + bin.tokens * bin.passes, 0) / passes.length).toBe(histogram.mean);
    expect(histogram.bins.map((bin) => [bin.tokens, bin.passes])).toEqual([
      [1, 2],
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 0],
    ]);
  });

  it('draws the expectation for the measured α over the same passes', () => {
    const histogram = tokensPerPassHistogram(passes);
    expect(histogram.alpha).toBe(measuredAlpha(passes));
    expect(histogram.bins.reduce((sum, bin) => sum + bin.expected, 0)).toBeCloseTo(passes.length, 10);
  });

  it('has a bin for a pass a stop condition cut to nothing', () => {
    const histogram = tokensPerPassHistogram([pass(2, 2, 0), pass(2, 0)]);
    expect(histogram.bins[0]).toMatchObject({ tokens: 0, passes: 1, expected: 0 });
  });

  it('is empty before the first pass', () => {
    expect(tokensPerPassHistogram([])).toMatchObject({ totalPasses: 0, mean: 0, alpha: 0 });
  });
});

describe('acceptance by draft position', () => {
  it('judges the accepted positions and the first rejected one, never those after it', () => {
    const passes = [pass(3, 3), pass(3, 1), pass(4, 0), pass(0, 0)];
    expect(acceptanceByPosition(passes)).toEqual([
      { position: 1, judged: 3, accepted: 2, rate: 2 / 3 },
      { position: 2, judged: 2, accepted: 1, rate: 1 / 2 },
      { position: 3, judged: 1, accepted: 1, rate: 1 },
      { position: 4, judged: 0, accepted: 0, rate: 0 },
    ]);
  });

  it('adds up to α over all positions', () => {
    const passes = [pass(5, 2), pass(5, 5), pass(3, 0), pass(6, 4), pass(0, 0)];
    const positions = acceptanceByPosition(passes);
    const accepted = positions.reduce((sum, p) => sum + p.accepted, 0);
    const judged = positions.reduce((sum, p) => sum + p.judged, 0);
    expect(accepted / judged).toBeCloseTo(measuredAlpha(passes), 12);
    // α as the worker counts it: accepted / (accepted + passes with a rejection).
    expect(measuredAlpha(passes)).toBeCloseTo(11 / (11 + 3), 12);
  });
});

describe('time and progress', () => {
  it('sums the per-pass split', () => {
    expect(totalTimeSplit([pass(2, 1), pass(3, 0)])).toEqual({ draftMs: 5, verifyMs: 20, otherMs: 2 });
  });

  it('starts each lane’s progress at the origin', () => {
    const passes = [
      { ...pass(0, 0), elapsedMs: 12, totalTokens: 1 },
      { ...pass(2, 2), elapsedMs: 30, totalTokens: 4 },
    ];
    expect(tokensOverTime(passes)).toEqual([
      { ms: 0, tokens: 0 },
      { ms: 12, tokens: 1 },
      { ms: 30, tokens: 4 },
    ]);
  });
});
