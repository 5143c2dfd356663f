import type { LlamaConfig } from '../../llama/config.ts';
import { type LlamaLayerWeights, type LlamaWeights, llamaWeightsToTensors } from '../../llama/weights.ts';

/** One trainable tensor, by its Hugging Face name. */
export interface NamedParameter {
  name: string;
  data: Float32Array;
  /** AdamW's decoupled weight decay applies: false for the RMSNorm weights (as HF's Trainer does). */
  decay: boolean;
}

/**
 * The model's trainable tensors in a fixed order (embedding, layers, final norm, LM head), each
 * once: with tied embeddings the LM head is the embedding and is not listed again. Works for any
 * LlamaWeights-shaped set (weights, gradients, moments), so lists of the same config line up.
 */
export function parameterTensors(config: LlamaConfig, set: LlamaWeights): NamedParameter[] {
  const tensors = llamaWeightsToTensors(config, set);
  return Object.entries(tensors).map(([name, tensor]) => ({
    name,
    data: tensor.data,
    decay: !name.endsWith('norm.weight'),
  }));
}

/** A zero-filled LlamaWeights-shaped set for `config` (gradients, moments), tied like the config. */
export function zerosLike(config: LlamaConfig): LlamaWeights {
  const dim = config.hiddenSize;
  const qDim = config.numHeads * config.headDim;
  const kvDim = config.numKvHeads * config.headDim;
  const hidden = config.intermediateSize;
  const layers: LlamaLayerWeights[] = Array.from({ length: config.numLayers }, () => ({
    attnNorm: new Float32Array(dim),
    wq: new Float32Array(qDim * dim),
    wk: new Float32Array(kvDim * dim),
    wv: new Float32Array(kvDim * dim),
    wo: new Float32Array(dim * qDim),
    ffnNorm: new Float32Array(dim),
    wGate: new Float32Array(hidden * dim),
    wUp: new Float32Array(hidden * dim),
    wDown: new Float32Array(dim * hidden),
  }));
  const tokenEmbedding = new Float32Array(config.vocabSize * dim);
  return {
    tokenEmbedding,
    layers,
    finalNorm: new Float32Array(dim),
    lmHead: config.tieWordEmbeddings ? tokenEmbedding : new Float32Array(config.vocabSize * dim),
  };
}

/** A deep copy of a LlamaWeights-shaped set, keeping the tie between embedding and LM head. */
export function cloneSet(config: LlamaConfig, set: LlamaWeights): LlamaWeights {
  const copy = zerosLike(config);
  copyInto(config, copy, set);
  return copy;
}

/** Copies every tensor of `from` into `to` (same config). */
export function copyInto(config: LlamaConfig, to: LlamaWeights, from: LlamaWeights): void {
  const source = parameterTensors(config, from);
  parameterTensors(config, to).forEach((p, i) => p.data.set(source[i].data));
}

/** Sets every value of a LlamaWeights-shaped set to 0 (clears accumulated gradients). */
export function fillZero(config: LlamaConfig, set: LlamaWeights): void {
  for (const p of parameterTensors(config, set)) p.data.fill(0);
}

/** Number of trainable values (the tied LM head counted once). */
export function parameterCount(config: LlamaConfig): number {
  const dim = config.hiddenSize;
  const qDim = config.numHeads * config.headDim;
  const kvDim = config.numKvHeads * config.headDim;
  const perLayer = 2 * dim + 2 * qDim * dim + 2 * kvDim * dim + 3 * config.intermediateSize * dim;
  const embeddings = (config.tieWordEmbeddings ? 1 : 2) * config.vocabSize * dim;
  return embeddings + config.numLayers * perLayer + dim;
}
