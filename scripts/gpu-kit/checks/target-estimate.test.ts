import { describe, expect, it } from 'vitest';
import { estimatePasses, extrapolate } from './target-estimate.ts';

describe('the per-layer target estimate', () => {
  it("adds (L − 1) times the second layer's cost to the one-layer time", () => {
    expect(extrapolate({ wallMs: 3, gpuMs: 2 }, { wallMs: 4, gpuMs: 2.5 }, 32)).toEqual({
      wallMs: 3 + 31,
      gpuMs: 2 + 31 * 0.5,
    });
    expect(extrapolate({ wallMs: 3, gpuMs: null }, { wallMs: 4, gpuMs: 2 }, 32).gpuMs).toBeNull();
  });

  it('extrapolates the decode pass and each verify pass', () => {
    const one = {
      decode: { wallMs: 1, gpuMs: null },
      verify: [{ k: 5, tokens: 6, timing: { wallMs: 2, gpuMs: null } }],
    };
    const two = {
      decode: { wallMs: 1.5, gpuMs: null },
      verify: [{ k: 5, tokens: 6, timing: { wallMs: 3, gpuMs: null } }],
    };
    const est = estimatePasses(one, two, 4);
    expect(est.decode.wallMs).toBe(2.5);
    expect(est.verify[0]).toEqual({ k: 5, tokens: 6, timing: { wallMs: 5, gpuMs: null } });
  });
});
