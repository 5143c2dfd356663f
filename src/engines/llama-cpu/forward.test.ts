import { describe, expect, it } from 'vitest';
import type { LlamaConfig } from '../../llama/config.ts';
import { createLlamaCpu } from './llama-cpu.ts';
import { expectBitIdentical, microConfig, randomWeights } from '../../llama/testing.ts';
import type { LlamaWeights } from '../../llama/weights.ts';

/**
 * An independent, deliberately naive LLaMA written the way HF's modeling_llama reads: whole
 * sequence, no cache, plain number arrays in float64, rotate_half RoPE with cat(cos, cos).
 */
function naiveLogits(c: LlamaConfig, w: LlamaWeights, tokens: number[]): number[][] {
  const D = c.hiddenSize;
  const hd = c.headDim;
  const linear = (W: Float32Array, x: number[], outDim: number): number[] =>
    Array.from({ length: outDim }, (_, o) => x.reduce((sum, xi, i) => sum + W[o * x.length + i] * xi, 0));
  const rmsNorm = (x: number[], g: Float32Array): number[] => {
    const variance = x.reduce((s, v) => s + v * v, 0) / x.length;
    return x.map((v, i) => (g[i] * v) / Math.sqrt(variance + c.rmsNormEps));
  };
  const rope = (v: number[], heads: number, pos: number): number[] => {
    const out: number[] = [];
    for (let h = 0; h < heads; h++) {
      const x = v.slice(h * hd, (h + 1) * hd);
      const freqs = Array.from({ length: hd / 2 }, (_, i) => pos / c.ropeTheta ** ((2 * i) / hd));
      const cos = [...freqs, ...freqs].map(Math.cos);
      const sin = [...freqs, ...freqs].map(Math.sin);
      const rotated = [...x.slice(hd / 2).map((v2) => -v2), ...x.slice(0, hd / 2)];
      out.push(...x.map((xi, i) => xi * cos[i] + rotated[i] * sin[i]));
    }
    return out;
  };

  let hidden = tokens.map((t) => Array.from(w.tokenEmbedding.subarray(t * D, (t + 1) * D)));
  for (const layer of w.layers) {
    const normed = hidden.map((h) => rmsNorm(h, layer.attnNorm));
    const Q = normed.map((x, p) => rope(linear(layer.wq, x, c.numHeads * hd), c.numHeads, p));
    const K = normed.map((x, p) => rope(linear(layer.wk, x, c.numKvHeads * hd), c.numKvHeads, p));
    const V = normed.map((x) => linear(layer.wv, x, c.numKvHeads * hd));
    const attended = Q.map((q, p) => {
      const out: number[] = [];
      for (let h = 0; h < c.numHeads; h++) {
        const kv = Math.floor((h * c.numKvHeads) / c.numHeads); // repeat_kv
        const qh = q.slice(h * hd, (h + 1) * hd);
        const scores = K.slice(0, p + 1).map(
          (k) => qh.reduce((s, qi, i) => s + qi * k[kv * hd + i], 0) / Math.sqrt(hd),
        );
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        for (let i = 0; i < hd; i++) out.push(exps.reduce((s, e, j) => s + (e / total) * V[j][kv * hd + i], 0));
      }
      return out;
    });
    hidden = hidden.map((h, p) => {
      const o = linear(layer.wo, attended[p], D);
      return h.map((v, i) => v + o[i]);
    });
    hidden = hidden.map((h) => {
      const x = rmsNorm(h, layer.ffnNorm);
      const gate = linear(layer.wGate, x, c.intermediateSize);
      const up = linear(layer.wUp, x, c.intermediateSize);
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]);
      const down = linear(layer.wDown, act, D);
      return h.map((v, i) => v + down[i]);
    });
  }
  return hidden.map((h) => linear(w.lmHead, rmsNorm(h, w.finalNorm), c.vocabSize));
}

function expectClose(actual: Float32Array, expected: number[], label: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 2e-4 * (1 + Math.abs(expected[i]));
    if (Math.abs(actual[i] - expected[i]) > tolerance) {
      throw new Error(`${label}[${i}] = ${actual[i]}, naive reference ${expected[i]}`);
    }
  }
}

async function compareWithNaive(config: LlamaConfig, seed: number, tokens: number[]): Promise<void> {
  const weights = randomWeights(config, seed);
  const model = createLlamaCpu(config, weights);
  const rows = await model.append(tokens, 'all');
  const reference = naiveLogits(config, weights, tokens);
  rows.forEach((row, p) => expectClose(row, reference[p], `position ${p}`));
}

describe('LLaMA forward against a naive reference', () => {
  it('matches by hand on a dim-4 model whose layer adds nothing', async () => {
    // q, k, v, o, gate, up, down all zero: logits = lmHead · rmsnorm(embedding).
    const config = microConfig({
      hiddenSize: 4,
      numHeads: 1,
      numKvHeads: 1,
      intermediateSize: 2,
      vocabSize: 5,
      numLayers: 1,
    });
    const weights = randomWeights(config, 3);
    const layer = weights.layers[0];
    for (const key of ['wq', 'wk', 'wv', 'wo', 'wGate', 'wUp', 'wDown'] as const) layer[key].fill(0);
    weights.tokenEmbedding.set([1, 2, 3, 4], 3 * 4);
    weights.finalNorm.fill(1);
    weights.lmHead.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const [row] = await createLlamaCpu(config, weights).append([3]);
    const rms = Math.sqrt((1 + 4 + 9 + 16) / 4 + config.rmsNormEps);
    expect(Array.from(row)).toEqual([1, 2, 3, 4, 10].map((v) => Math.fround(v / rms)));
  });

  it('matches by hand with uniform attention over two positions', async () => {
    // q = k = 0 gives equal scores, so position 1 attends (v0 + v1) / 2; v and o are identities.
    const config = microConfig({
      hiddenSize: 4,
      numHeads: 1,
      numKvHeads: 1,
      intermediateSize: 2,
      vocabSize: 5,
      numLayers: 1,
    });
    const weights = randomWeights(config, 4);
    const layer = weights.layers[0];
    for (const key of ['wq', 'wk', 'wGate', 'wUp', 'wDown'] as const) layer[key].fill(0);
    const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    layer.wv.set(identity);
    layer.wo.set(identity);
    layer.attnNorm.fill(1);
    weights.finalNorm.fill(1);
    weights.tokenEmbedding.set([2, 0, 0, 0, 0, 0, 0, 4], 0);
    weights.lmHead.set([...identity, 1, 1, 1, 1]);
    const rows = await createLlamaCpu(config, weights).append([0, 1], 'all');
    // rmsnorm([2,0,0,0]) = [2,0,0,0] / 1 = [2,0,0,0]; rmsnorm([0,0,0,4]) = [0,0,0,2].
    // Position 0: x = [2,0,0,0] + [2,0,0,0] = [4,0,0,0]; normed → [2,0,0,0].
    // Position 1: x = [0,0,0,4] + ([2,0,0,0] + [0,0,0,2]) / 2 = [1,0,0,5]; rms = √6.5.
    const eps = config.rmsNormEps;
    const r0 = Math.sqrt(4 + eps);
    const r1 = Math.sqrt(26 / 4 + eps);
    const close = (a: Float32Array, b: number[]): void => b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 5));
    close(rows[0], [4 / r0, 0, 0, 0, 4 / r0]);
    close(rows[1], [1 / r1, 0, 0, 5 / r1, 6 / r1]);
  });

  it('matches on a random 2-layer model with GQA (2 query heads per kv head)', async () => {
    await compareWithNaive(
      microConfig({ hiddenSize: 16, numHeads: 4, numKvHeads: 2, intermediateSize: 24, vocabSize: 13 }),
      7,
      [1, 5, 9, 2, 12, 0, 7, 7, 3, 11],
    );
  });

  it('matches on a model without GQA and with an odd intermediate size', async () => {
    await compareWithNaive(
      microConfig({ hiddenSize: 12, numHeads: 3, numKvHeads: 3, intermediateSize: 7, vocabSize: 9, numLayers: 3 }),
      9,
      [4, 4, 8, 0, 1, 2, 3],
    );
  });

  it('GQA equals multi-head attention with each kv head duplicated', async () => {
    const gqaConfig = microConfig({ hiddenSize: 16, numHeads: 4, numKvHeads: 2 });
    const gqa = randomWeights(gqaConfig, 11);
    const mhaConfig = { ...gqaConfig, numKvHeads: 4 };
    const duplicate = (m: Float32Array): Float32Array => {
      const rowsPerHead = gqaConfig.headDim * gqaConfig.hiddenSize;
      const out = new Float32Array(m.length * 2);
      for (let h = 0; h < 4; h++)
        out.set(m.subarray(Math.floor(h / 2) * rowsPerHead, (Math.floor(h / 2) + 1) * rowsPerHead), h * rowsPerHead);
      return out;
    };
    const mha: LlamaWeights = {
      ...gqa,
      layers: gqa.layers.map((l) => ({ ...l, wk: duplicate(l.wk), wv: duplicate(l.wv) })),
    };
    const tokens = [3, 1, 4, 1, 5, 9, 2, 6];
    const a = await createLlamaCpu(gqaConfig, gqa).append(tokens, 'all');
    const b = await createLlamaCpu(mhaConfig, mha).append(tokens, 'all');
    a.forEach((row, i) => expectBitIdentical(row, b[i], `position ${i}`));
  });

  it('a tied head equals an untied head holding a copy of the embeddings', async () => {
    const tiedConfig = microConfig({ tieWordEmbeddings: true });
    const tied = randomWeights(tiedConfig, 5);
    expect(tied.lmHead).toBe(tied.tokenEmbedding);
    const untied: LlamaWeights = { ...tied, lmHead: tied.tokenEmbedding.slice() };
    const tokens = [1, 2, 3, 4, 5];
    const a = await createLlamaCpu(tiedConfig, tied).append(tokens, 'all');
    const b = await createLlamaCpu({ ...tiedConfig, tieWordEmbeddings: false }, untied).append(tokens, 'all');
    a.forEach((row, i) => expectBitIdentical(row, b[i], `position ${i}`));
    // And the head really is used: a different untied head changes the logits.
    untied.lmHead[0] += 1;
    const c = await createLlamaCpu({ ...tiedConfig, tieWordEmbeddings: false }, untied).append(tokens, 'all');
    expect(c[0][0]).not.toBe(a[0][0]);
  });
});
