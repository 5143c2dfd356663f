import type { LlamaConfig } from './config.ts';
import type { LlamaLayerWeights, LlamaWeights } from './weights.ts';

/** Test helpers: small random LLaMA models built in memory. */

export function microConfig(overrides: Partial<LlamaConfig> = {}): LlamaConfig {
  const base: LlamaConfig = {
    hiddenSize: 8,
    intermediateSize: 12,
    numLayers: 2,
    numHeads: 2,
    numKvHeads: 1,
    headDim: 4,
    vocabSize: 11,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    maxPositionEmbeddings: 256,
    tieWordEmbeddings: false,
    bosTokenId: 1,
    eosTokenIds: [2],
  };
  const config = { ...base, ...overrides };
  if (overrides.headDim === undefined) config.headDim = config.hiddenSize / config.numHeads;
  return config;
}

/** Seeded uniform numbers in [-scale, scale) (mulberry32). */
export function uniformSource(seed: number): (length: number, scale: number) => Float32Array {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (length, scale) => Float32Array.from({ length }, () => (2 * next() - 1) * scale);
}

export function randomWeights(c: LlamaConfig, seed = 1): LlamaWeights {
  const rand = uniformSource(seed);
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const h = c.intermediateSize;
  const norm = (): Float32Array => rand(dim, 0.3).map((v) => 1 + v);
  const layers: LlamaLayerWeights[] = Array.from({ length: c.numLayers }, () => ({
    attnNorm: norm(),
    wq: rand(qDim * dim, 1.5 / Math.sqrt(dim)),
    wk: rand(kvDim * dim, 1.5 / Math.sqrt(dim)),
    wv: rand(kvDim * dim, 1.5 / Math.sqrt(dim)),
    wo: rand(dim * qDim, 1.5 / Math.sqrt(qDim)),
    ffnNorm: norm(),
    wGate: rand(h * dim, 1.5 / Math.sqrt(dim)),
    wUp: rand(h * dim, 1.5 / Math.sqrt(dim)),
    wDown: rand(dim * h, 1.5 / Math.sqrt(h)),
  }));
  const tokenEmbedding = rand(c.vocabSize * dim, 1);
  return {
    tokenEmbedding,
    layers,
    finalNorm: norm(),
    lmHead: c.tieWordEmbeddings ? tokenEmbedding : rand(c.vocabSize * dim, 1),
  };
}

/** Throws with the first differing index unless a and b hold the same float32 bit patterns. */
export function expectBitIdentical(actual: Float32Array, expected: Float32Array, label = ''): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length} ≠ ${expected.length}`);
  }
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) throw new Error(`${label}: element ${i} is ${actual[i]}, expected exactly ${expected[i]}`);
  }
}
