import { WeightFileError } from '../errors.ts';
import type { LlamaConfig } from './config.ts';
import type { Tensor, TensorSource } from './safetensors.ts';

/** One transformer block. Matrices are row-major (out, in), as HF stores nn.Linear weights. */
export interface LlamaLayerWeights {
  attnNorm: Float32Array; // (dim,)               input_layernorm
  wq: Float32Array; //       (nHeads * headDim, dim)  self_attn.q_proj
  wk: Float32Array; //       (nKvHeads * headDim, dim) self_attn.k_proj
  wv: Float32Array; //       (nKvHeads * headDim, dim) self_attn.v_proj
  wo: Float32Array; //       (dim, nHeads * headDim)  self_attn.o_proj
  ffnNorm: Float32Array; //  (dim,)               post_attention_layernorm
  wGate: Float32Array; //    (hiddenDim, dim)     mlp.gate_proj
  wUp: Float32Array; //      (hiddenDim, dim)     mlp.up_proj
  wDown: Float32Array; //    (dim, hiddenDim)     mlp.down_proj
}

export interface LlamaWeights {
  tokenEmbedding: Float32Array; // (vocab, dim)  model.embed_tokens
  layers: LlamaLayerWeights[]; //  (nLayers,)
  finalNorm: Float32Array; //      (dim,)        model.norm
  lmHead: Float32Array; //         (vocab, dim)  lm_head, or tokenEmbedding itself when tied
}

type LayerKey = keyof LlamaLayerWeights;

/** HF tensor name suffix and shape of each layer weight. */
function layerLayout(c: LlamaConfig): Record<LayerKey, { suffix: string; shape: number[] }> {
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const hidden = c.intermediateSize;
  return {
    attnNorm: { suffix: 'input_layernorm.weight', shape: [dim] },
    wq: { suffix: 'self_attn.q_proj.weight', shape: [qDim, dim] },
    wk: { suffix: 'self_attn.k_proj.weight', shape: [kvDim, dim] },
    wv: { suffix: 'self_attn.v_proj.weight', shape: [kvDim, dim] },
    wo: { suffix: 'self_attn.o_proj.weight', shape: [dim, qDim] },
    ffnNorm: { suffix: 'post_attention_layernorm.weight', shape: [dim] },
    wGate: { suffix: 'mlp.gate_proj.weight', shape: [hidden, dim] },
    wUp: { suffix: 'mlp.up_proj.weight', shape: [hidden, dim] },
    wDown: { suffix: 'mlp.down_proj.weight', shape: [dim, hidden] },
  };
}

/** Every tensor the checkpoint must hold, by HF name, with its expected shape. */
export function expectedTensorShapes(config: LlamaConfig): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  shapes.set('model.embed_tokens.weight', [config.vocabSize, config.hiddenSize]);
  const layout = layerLayout(config);
  for (let i = 0; i < config.numLayers; i++) {
    for (const { suffix, shape } of Object.values(layout)) shapes.set(`model.layers.${i}.${suffix}`, shape);
  }
  shapes.set('model.norm.weight', [config.hiddenSize]);
  if (!config.tieWordEmbeddings) shapes.set('lm_head.weight', [config.vocabSize, config.hiddenSize]);
  return shapes;
}

/** Reads every weight from `tensors`, checking each shape against the config. */
export function loadLlamaWeights(tensors: TensorSource, config: LlamaConfig): LlamaWeights {
  const shapes = expectedTensorShapes(config);
  const read = (name: string): Float32Array => {
    const expected = shapes.get(name) as number[];
    if (!tensors.has(name)) {
      const hint = name === 'lm_head.weight' ? ' (config.json says tie_word_embeddings is false)' : '';
      throw new WeightFileError(`${tensors.description}: tensor "${name}" is missing${hint}`);
    }
    const tensor: Tensor = tensors.tensor(name);
    if (!sameShape(tensor.shape, expected)) {
      throw new WeightFileError(
        `${tensors.description}: tensor "${name}" has shape [${tensor.shape.join(', ')}], ` +
          `expected [${expected.join(', ')}] from config.json`,
      );
    }
    return tensor.data;
  };

  const layout = layerLayout(config);
  const layers: LlamaLayerWeights[] = [];
  for (let i = 0; i < config.numLayers; i++) {
    const layer = {} as LlamaLayerWeights;
    for (const key of Object.keys(layout) as LayerKey[]) layer[key] = read(`model.layers.${i}.${layout[key].suffix}`);
    layers.push(layer);
  }
  const tokenEmbedding = read('model.embed_tokens.weight');
  return {
    tokenEmbedding,
    layers,
    finalNorm: read('model.norm.weight'),
    lmHead: config.tieWordEmbeddings ? tokenEmbedding : read('lm_head.weight'),
  };
}

/** The inverse of loadLlamaWeights: HF-named tensors, for writing a checkpoint. */
export function llamaWeightsToTensors(config: LlamaConfig, weights: LlamaWeights): Record<string, Tensor> {
  checkLlamaWeights(config, weights);
  const out: Record<string, Tensor> = {};
  const shapes = expectedTensorShapes(config);
  const layout = layerLayout(config);
  out['model.embed_tokens.weight'] = { shape: [config.vocabSize, config.hiddenSize], data: weights.tokenEmbedding };
  weights.layers.forEach((layer, i) => {
    for (const key of Object.keys(layout) as LayerKey[]) {
      const name = `model.layers.${i}.${layout[key].suffix}`;
      out[name] = { shape: shapes.get(name) as number[], data: layer[key] };
    }
  });
  out['model.norm.weight'] = { shape: [config.hiddenSize], data: weights.finalNorm };
  if (!config.tieWordEmbeddings)
    out['lm_head.weight'] = { shape: [config.vocabSize, config.hiddenSize], data: weights.lmHead };
  return out;
}

/** Checks in-memory weights (no shapes attached) by their lengths. */
export function checkLlamaWeights(config: LlamaConfig, weights: LlamaWeights): void {
  const check = (name: string, data: Float32Array | undefined, shape: number[]): void => {
    const expected = shape.reduce((a, b) => a * b, 1);
    if (data === undefined || data.length !== expected) {
      throw new WeightFileError(
        `in-memory weights: "${name}" has ${data?.length ?? 'no'} values, expected [${shape.join(', ')}] = ${expected}`,
      );
    }
  };
  if (weights.layers.length !== config.numLayers) {
    throw new WeightFileError(`in-memory weights: ${weights.layers.length} layers, config says ${config.numLayers}`);
  }
  const layout = layerLayout(config);
  weights.layers.forEach((layer, i) => {
    for (const key of Object.keys(layout) as LayerKey[])
      check(`model.layers.${i}.${layout[key].suffix}`, layer[key], layout[key].shape);
  });
  check('model.embed_tokens.weight', weights.tokenEmbedding, [config.vocabSize, config.hiddenSize]);
  check('model.norm.weight', weights.finalNorm, [config.hiddenSize]);
  check('lm_head.weight', weights.lmHead, [config.vocabSize, config.hiddenSize]);
  if (config.tieWordEmbeddings && weights.lmHead !== weights.tokenEmbedding) {
    throw new WeightFileError('in-memory weights: tie_word_embeddings is true but lmHead is not tokenEmbedding');
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
