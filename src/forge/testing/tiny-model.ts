import { parseLlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import { seededRng } from '../../speculative/rng.ts';

/** A 1-layer, 16-wide, 40-token LLaMA for forge tests: a real CPU step or decode in milliseconds. */
export const tinyConfig = parseLlamaConfig(
  {
    model_type: 'llama',
    hidden_size: 16,
    intermediate_size: 24,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    vocab_size: 40,
    rms_norm_eps: 1e-6,
    max_position_embeddings: 64,
    eos_token_id: 2,
  },
  'test',
);

export function tinyWeights(seed = 5): LlamaWeights {
  const rng = seededRng(seed);
  const r = (n: number, scale = 0.3) => Float32Array.from({ length: n }, () => (rng() - 0.5) * scale);
  const d = tinyConfig.hiddenSize;
  const h = tinyConfig.intermediateSize;
  return {
    tokenEmbedding: r(tinyConfig.vocabSize * d, 1),
    layers: [
      {
        attnNorm: new Float32Array(d).fill(1),
        wq: r(d * d),
        wk: r(d * d),
        wv: r(d * d),
        wo: r(d * d),
        ffnNorm: new Float32Array(d).fill(1),
        wGate: r(h * d),
        wUp: r(h * d),
        wDown: r(d * h),
      },
    ],
    finalNorm: new Float32Array(d).fill(1),
    lmHead: r(tinyConfig.vocabSize * d, 3),
  };
}
