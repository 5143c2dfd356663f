import { InvalidArgumentError, ModelFileMissingError } from '../errors.ts';
import type { LlamaConfig } from '../llama/config.ts';
import { f32ToF16Bits } from '../llama/half.ts';
import { encodeSafetensors, type WritableTensor } from '../llama/safetensors-write.ts';
import { type LlamaWeights, llamaWeightsToTensors } from '../llama/weights.ts';
import type { ModelSource } from '../models/model-source.ts';

/** The files of a Hugging Face model folder, by name: the browser stores them, Node may write them. */
export interface HuggingFaceFolderFiles {
  'config.json': Uint8Array;
  'model.safetensors': Uint8Array;
}

export type SavedDtype = 'F32' | 'F16';

export interface SaveOptions {
  dtype: SavedDtype;
  /**
   * The config.json the weights were loaded with, if any: keys this writer does not own
   * (pad_token_id, transformers_version, …) are carried over; the architecture keys are rewritten.
   */
  baseConfig?: Record<string, unknown>;
}

/**
 * config.json in the keys transformers' LlamaConfig, vLLM and mlc-llm read. head_dim is written
 * only when it is not hidden_size / num_attention_heads (older readers do not know the key).
 */
export function huggingFaceConfig(
  config: LlamaConfig,
  dtype: SavedDtype,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    ...base,
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    num_key_value_heads: config.numKvHeads,
    vocab_size: config.vocabSize,
    hidden_act: 'silu',
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_scaling: null,
    max_position_embeddings: config.maxPositionEmbeddings,
    tie_word_embeddings: config.tieWordEmbeddings,
    attention_bias: false,
    mlp_bias: false,
    torch_dtype: dtype === 'F16' ? 'float16' : 'float32',
  };
  if (config.headDim * config.numHeads !== config.hiddenSize) json.head_dim = config.headDim;
  else delete json.head_dim;
  if (config.bosTokenId !== undefined) json.bos_token_id = config.bosTokenId;
  if (config.eosTokenIds.length > 0) {
    json.eos_token_id = config.eosTokenIds.length === 1 ? config.eosTokenIds[0] : [...config.eosTokenIds];
  }
  return json;
}

/**
 * The weights as a Hugging Face folder: config.json and a single model.safetensors (HF tensor names,
 * lm_head.weight absent when tied, metadata {"format": "pt"} as transformers writes it). F16 refuses
 * a weight beyond binary16's range rather than writing an infinity.
 */
export function saveHuggingFaceFolder(
  config: LlamaConfig,
  weights: LlamaWeights,
  options: SaveOptions,
): HuggingFaceFolderFiles {
  if (options.dtype !== 'F32' && options.dtype !== 'F16') {
    throw new InvalidArgumentError(`save: dtype must be "F32" or "F16", got ${JSON.stringify(options.dtype)}`);
  }
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, tensor] of Object.entries(llamaWeightsToTensors(config, weights))) {
    checkValues(name, tensor.data, options.dtype);
    tensors[name] = { dtype: options.dtype, shape: tensor.shape, data: tensor.data };
  }
  const json = huggingFaceConfig(config, options.dtype, options.baseConfig);
  return {
    'config.json': new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`),
    'model.safetensors': encodeSafetensors(tensors, { format: 'pt' }),
  };
}

const F16_INFINITY_BITS = 0x7c00;

function checkValues(name: string, data: Float32Array, dtype: SavedDtype): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    const finite = Number.isFinite(value) && (dtype === 'F32' || (f32ToF16Bits(value) & 0x7fff) !== F16_INFINITY_BITS);
    if (!finite) {
      throw new InvalidArgumentError(
        `save: tensor "${name}" holds ${value} at index ${i}, which ${dtype} cannot store as a finite number`,
      );
    }
  }
}

/** A ModelSource over files held in memory (a saved folder before or instead of storage). */
export function memoryFolderSource(files: Record<string, Uint8Array>, description = 'saved model folder'): ModelSource {
  return {
    description,
    async readFile(name) {
      const bytes = files[name];
      if (bytes === undefined) throw new ModelFileMissingError(`${name} is not in ${description}`);
      return bytes;
    },
  };
}
