import { decodeF16, encodeF16 } from '../../../src/llama/half.ts';
import type { LlamaConfig } from '../../../src/llama/config.ts';
import type { LlamaLayerWeights, LlamaWeights } from '../../../src/llama/weights.ts';

/**
 * Deterministic random LLaMA weights at real shapes, made fast enough for a 7B-shaped model
 * (one typed-array loop per tensor, no per-element closure). Scales keep activations O(1) through
 * any depth, as in llama-cpu's test helpers: uniform(±1.5/√fan_in) matrices, norms near 1, an
 * LM head of uniform(±1) rows (logits of a few tens, clear argmax margins).
 */

/** Fills `out` with uniforms in [-scale, scale) from a mulberry32 stream seeded by `seed`. */
export function fillUniform(out: Float32Array, seed: number, scale: number): Float32Array {
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/**
 * Random weights for `config`. Layers from `distinctLayers` on reuse the host arrays of the first
 * ones (the GPU engine still gives every layer its own buffers): a 7B-shaped timing model then
 * needs one layer's worth of host memory instead of 32.
 */
export function randomLlamaWeights(config: LlamaConfig, seed: number, distinctLayers = config.numLayers): LlamaWeights {
  const dim = config.hiddenSize;
  const qDim = config.numHeads * config.headDim;
  const kvDim = config.numKvHeads * config.headDim;
  const ffn = config.intermediateSize;
  let tensor = 0;
  const uniform = (length: number, scale: number): Float32Array =>
    fillUniform(new Float32Array(length), seed * 7919 + tensor++, scale);
  const norm = (): Float32Array => uniform(dim, 0.3).map((v) => 1 + v);
  const distinct = Math.max(1, Math.min(distinctLayers, config.numLayers));
  const made: LlamaLayerWeights[] = Array.from({ length: distinct }, () => ({
    attnNorm: norm(),
    wq: uniform(qDim * dim, 1.5 / Math.sqrt(dim)), //   (qDim, dim)
    wk: uniform(kvDim * dim, 1.5 / Math.sqrt(dim)), //  (kvDim, dim)
    wv: uniform(kvDim * dim, 1.5 / Math.sqrt(dim)), //  (kvDim, dim)
    wo: uniform(dim * qDim, 1.5 / Math.sqrt(qDim)), //  (dim, qDim)
    ffnNorm: norm(),
    wGate: uniform(ffn * dim, 1.5 / Math.sqrt(dim)), // (ffn, dim)
    wUp: uniform(ffn * dim, 1.5 / Math.sqrt(dim)), //   (ffn, dim)
    wDown: uniform(dim * ffn, 1.5 / Math.sqrt(ffn)), // (dim, ffn)
  }));
  return {
    tokenEmbedding: uniform(config.vocabSize * dim, 1), // (vocab, dim)
    layers: Array.from({ length: config.numLayers }, (_, i) => made[i % distinct]),
    finalNorm: norm(), //                                  (dim,)
    lmHead: uniform(config.vocabSize * dim, 1), //         (vocab, dim)
  };
}

/**
 * The weights the f16 path computes with: every matrix the GPU engine stores as f16 (the layer
 * matrices and the LM head) rounded to binary16 and back; embeddings and norms stay float32, as
 * they do on the GPU. llama-cpu on these is the f16 path's reference.
 */
export function roundMatricesToF16(w: LlamaWeights): LlamaWeights {
  const round = (x: Float32Array): Float32Array => decodeF16(encodeF16(x));
  return {
    tokenEmbedding: w.tokenEmbedding,
    layers: w.layers.map((l) => ({
      ...l,
      wq: round(l.wq),
      wk: round(l.wk),
      wv: round(l.wv),
      wo: round(l.wo),
      wGate: round(l.wGate),
      wUp: round(l.wUp),
      wDown: round(l.wDown),
    })),
    finalNorm: w.finalNorm,
    lmHead: round(w.lmHead),
  };
}
