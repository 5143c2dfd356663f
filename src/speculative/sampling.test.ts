import { describe, expect, it } from 'vitest';
import { generateAutoregressive } from './autoregressive.ts';
import type { SamplingParams } from './causal-lm.ts';
import { createDraftPolicy } from './draft-policy.ts';
import { seededRng } from './rng.ts';
import { applyTopP, residualDistribution, sampleFromDistribution, samplingDistribution, softmax } from './sampling.ts';
import { generateSpeculative } from './speculative.ts';
import { SyntheticLM } from './testing/synthetic-lm.ts';

const V = 4;
// Next-token logits depend on the last token only; target and drafter disagree a lot.
const TARGET_LOGITS = [
  [2.0, 0.5, -1.0, 0.1],
  [-0.5, 1.5, 1.2, 0.0],
  [0.3, 0.3, 2.2, -2.0],
  [1.0, -1.0, 0.0, 1.4],
];
const DRAFTER_LOGITS = [
  [0.2, 1.9, 0.0, 0.4],
  [1.5, 0.0, 1.2, -1.0],
  [0.3, 1.8, 0.2, 0.0],
  [-1.0, 0.5, 1.5, 0.6],
];
const SAMPLING: SamplingParams = { temperature: 0.9, topP: 0.95 };
const PROMPT = [0];
const LENGTH = 3;
const RUNS = 20_000;
// χ² critical value for 63 degrees of freedom at p = 0.001.
const CHI2_CRITICAL = 103.4;

const model = (table: number[][]) =>
  new SyntheticLM((ctx) => Float32Array.from(table[ctx[ctx.length - 1]]), { vocabSize: V });

/** Exact probability of every 3-token continuation under the shaped target chain. */
function exactJoint(table: number[][]): Float64Array {
  const step = table.map((row) => samplingDistribution(Float32Array.from(row), SAMPLING));
  const joint = new Float64Array(V ** LENGTH);
  for (let a = 0; a < V; a++)
    for (let b = 0; b < V; b++)
      for (let c = 0; c < V; c++) joint[a * V * V + b * V + c] = step[PROMPT[0]][a] * step[a][b] * step[b][c];
  return joint;
}

function chiSquare(counts: Float64Array, expected: Float64Array, runs: number): number {
  let chi2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const e = expected[i] * runs;
    if (e > 0) chi2 += (counts[i] - e) ** 2 / e;
    else if (counts[i] > 0) return Infinity; // a sequence the target can never produce
  }
  return chi2;
}

async function histogram(generate: (rng: () => number) => Promise<number[]>): Promise<Float64Array> {
  const rng = seededRng(12345);
  const counts = new Float64Array(V ** LENGTH);
  for (let run = 0; run < RUNS; run++) {
    const [a, b, c] = await generate(rng);
    counts[a * V * V + b * V + c] += 1;
  }
  return counts;
}

describe('speculative sampling follows the target distribution', () => {
  const expected = exactJoint(TARGET_LOGITS);
  const options = (rng: () => number) => ({ maxNewTokens: LENGTH, eosTokenIds: [], sampling: SAMPLING, rng });

  for (const [label, withDraft] of [
    ['append drafter', false],
    ['draft() drafter', true],
  ] as const) {
    it(`passes a χ² test against the exact target joint (${label})`, async () => {
      const target = model(TARGET_LOGITS);
      const drafter = new SyntheticLM((ctx) => Float32Array.from(DRAFTER_LOGITS[ctx[ctx.length - 1]]), {
        vocabSize: V,
        withDraft,
      });
      const counts = await histogram(async (rng) => {
        const r = await generateSpeculative(target, drafter, PROMPT, {
          ...options(rng),
          policy: createDraftPolicy({ kind: 'fixed', draftLength: 2 }),
        });
        return r.tokens;
      });
      expect(chiSquare(counts, expected, RUNS)).toBeLessThan(CHI2_CRITICAL);
    });
  }

  it('has the power to tell the drafter distribution from the target one', async () => {
    // What an acceptance rule that always accepts would produce: the drafter's own samples.
    const drafter = model(DRAFTER_LOGITS);
    const counts = await histogram(async (rng) => (await generateAutoregressive(drafter, PROMPT, options(rng))).tokens);
    expect(chiSquare(counts, expected, RUNS)).toBeGreaterThan(10 * CHI2_CRITICAL);
  });

  it('autoregressive sampling passes the same test', async () => {
    const target = model(TARGET_LOGITS);
    const counts = await histogram(async (rng) => (await generateAutoregressive(target, PROMPT, options(rng))).tokens);
    expect(chiSquare(counts, expected, RUNS)).toBeLessThan(CHI2_CRITICAL);
  });
});

describe('sampling helpers', () => {
  it('top-p keeps the smallest most-likely set reaching the mass and renormalizes', () => {
    const p = Float32Array.from([0.5, 0.3, 0.15, 0.05]);
    expect(Array.from(applyTopP(p, 0.7))).toEqual([0.5 / 0.8, 0.3 / 0.8, 0, 0].map(Math.fround));
    expect(applyTopP(p, 1)).toBe(p);
  });

  it('softmax with temperature sharpens and sums to one', () => {
    const s = softmax([1, 2, 3], 0.5);
    expect(s[0] + s[1] + s[2]).toBeCloseTo(1, 6);
    expect(s[2] / s[1]).toBeCloseTo(Math.exp(2), 4);
  });

  it('inverse-CDF draws and the residual distribution', () => {
    const p = [0.2, 0.0, 0.8];
    expect(sampleFromDistribution(p, 0)).toBe(0);
    expect(sampleFromDistribution(p, 0.2)).toBe(2);
    expect(sampleFromDistribution(p, 0.9999999)).toBe(2);
    expect(Array.from(residualDistribution([0.5, 0.5], [0.25, 0.75])!)).toEqual([1, 0]);
    expect(residualDistribution([0.5, 0.5], [0.5, 0.5])).toBeNull();
  });
});
