import { describe, expect, it } from 'vitest';
import { speedupRow } from './speedup-check.ts';
import { leviathanSpeedup } from './speedup.ts';

describe('speedupRow', () => {
  const row = {
    k: 5,
    draft: { wallMs: 5, gpuMs: 2.5 },
    naive: { wallMs: 20, gpuMs: null },
    draftSubmits: 1,
    draftReadbacks: 1,
    naiveSubmits: 5,
    naiveReadbacks: 5,
  };
  const target = { decode: { wallMs: 10, gpuMs: 5 }, verify: [] };

  it("divides the drafter's cost per token by one target decode pass, in wall and GPU time", () => {
    const r = speedupRow('68M', 'draft(k), one submission', row, target, 15);
    expect(r.c).toBeCloseTo(0.1, 12);
    expect(r.cGpu).toBeCloseTo(0.1, 12);
    expect(r.speedup).toBeCloseTo(leviathanSpeedup(0.71, 5, 0.1), 12);
    expect(r.verifyRatio).toBe(1.5);
    expect(r.speedupWithVerify).toBeCloseTo(leviathanSpeedup(0.71, 5, 0.1, 1.5), 12);
  });

  it('uses the naive appends for the naive method and leaves GPU figures out when a side has none', () => {
    const r = speedupRow('68M', 'k naive appends', row, target, null);
    expect(r.c).toBeCloseTo(0.4, 12);
    expect(r.cGpu).toBeNull();
    expect(r.speedupWithVerify).toBeNull();
  });
});
