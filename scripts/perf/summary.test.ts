import { describe, expect, it } from 'vitest';
import { PAIRS } from './page/types.ts';
import { acceptedHistogram, losslessnessOf, matrixOf, summarize } from './summary.ts';
import { sample } from './testing.ts';

const SPEC = 'specialized · fixed γ=5';

describe('summarize', () => {
  it('speedup = mean per-sample tokens/s of the method over that of autoregressive, mean over pairs', () => {
    const samples = [
      sample('de', 'autoregressive', 10),
      sample('de', 'autoregressive', 30), // mean 20
      sample('de', SPEC, 40, { tau: 3 }),
      sample('de', SPEC, 60, { tau: 4 }), // mean 50 → 2.5x, τ 3.5
      sample('fr', 'autoregressive', 10),
      sample('fr', SPEC, 15, { tau: 2 }), // 1.5x
    ];
    const { rows, losslessness } = summarize(samples);
    expect(rows.map((r) => r.method)).toEqual(['autoregressive', SPEC]);
    const spec = rows[1];
    expect(spec.cells.de).toMatchObject({ samples: 2, tokensPerSecond: 50, speedup: 2.5, tau: 3.5 });
    expect(spec.cells.fr!.speedup).toBeCloseTo(1.5);
    expect(spec.cells.ru).toBeUndefined();
    expect(spec.meanSpeedup).toBeCloseTo(2);
    expect(spec.meanTau).toBeCloseTo(2.75);
    expect(rows[0].cells.de!.speedup).toBe(1);
    expect(losslessness).toMatchObject({ compared: 3, mismatches: 0, nearTies: 0 });
  });

  it('leaves cross-domain runs out of the main table', () => {
    const samples = [
      sample('de', 'autoregressive', 10),
      sample('de', 'fr drafter · fixed γ=5', 12, { drafter: 'fr', crossDomain: true }),
    ];
    expect(summarize(samples).rows.map((r) => r.method)).toEqual(['autoregressive']);
  });
});

describe('losslessnessOf', () => {
  it('counts mismatches and labels near-ties', () => {
    const mismatch = (nearTie: boolean | null) => ({
      position: 4,
      autoregressiveToken: 9,
      speculativeToken: 8,
      gap: 0.01,
      nearTie,
    });
    const l = losslessnessOf([
      sample('de', SPEC, 1, { matchesAutoregressive: false, mismatch: mismatch(true) }),
      sample('de', SPEC, 1, { matchesAutoregressive: false, mismatch: mismatch(false) }),
      sample('de', SPEC, 1),
      sample('de', 'autoregressive', 1),
    ]);
    expect(l).toMatchObject({ compared: 3, mismatches: 2, nearTies: 1 });
    expect(l.lines[0]).toMatch(/position 4: 9 \(autoregressive\) vs 8, logit gap 0.0100 → near-tie/);
    expect(l.lines[1]).toMatch(/REAL MISMATCH/);
  });
});

describe('matrixOf', () => {
  it('gives each per-language drafter a speedup on each source language', () => {
    const samples = PAIRS.flatMap((p) => [
      sample(p, 'autoregressive', 10),
      sample(p, SPEC, 20, { drafter: p, policy: 'fixed γ=5' }),
    ]);
    samples.push(sample('fr', 'de drafter · fixed γ=5', 15, { drafter: 'de', policy: 'fixed γ=5', crossDomain: true }));
    const m = matrixOf(samples, 'fixed γ=5');
    expect(m.drafters).toEqual([...PAIRS]);
    expect(m.cells.de!.de!.speedup).toBe(2);
    expect(m.cells.de!.fr!.speedup).toBe(1.5);
    expect(m.cells.fr!.de).toBeUndefined();
  });
});

describe('acceptedHistogram', () => {
  it('counts steps by accepted length per speculative method', () => {
    const h = acceptedHistogram([
      sample('de', SPEC, 1, { acceptedLengths: [0, 2, 2] }),
      sample('fr', SPEC, 1, { acceptedLengths: [5] }),
      sample('de', 'autoregressive', 1),
    ]);
    expect(h).toEqual([{ method: SPEC, counts: [1, 0, 2, 0, 0, 1] }]);
  });
});
