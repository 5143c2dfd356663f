import { ModelConfigError } from '../errors.ts';
import type { ModelSource } from '../models/model-source.ts';

/** The parts of a Hugging Face LLaMA config.json the forward needs, validated and camel-cased. */
export interface LlamaConfig {
  /** hidden_size: width of the residual stream. */
  hiddenSize: number;
  /** intermediate_size: width of the SwiGLU hidden layer. */
  intermediateSize: number;
  /** num_hidden_layers */
  numLayers: number;
  /** num_attention_heads: query heads. */
  numHeads: number;
  /** num_key_value_heads: key/value heads (fewer than numHeads under GQA). */
  numKvHeads: number;
  /** head_dim, or hidden_size / num_attention_heads. */
  headDim: number;
  vocabSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  maxPositionEmbeddings: number;
  /** true: the LM head reuses embed_tokens and lm_head.weight is absent. */
  tieWordEmbeddings: boolean;
  bosTokenId?: number;
  /** eos_token_id, as a list even when config.json has a single number. */
  eosTokenIds: number[];
}

/** Reads and validates `config.json` of a model folder. */
export async function readLlamaConfig(source: ModelSource): Promise<LlamaConfig> {
  const bytes = await source.readFile('config.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelConfigError(`config.json in ${source.description} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseLlamaConfig(json, source.description);
}

export function parseLlamaConfig(json: unknown, folder: string): LlamaConfig {
  const fail = (reason: string): never => {
    throw new ModelConfigError(`config.json in ${folder}: ${reason}`);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail('not a JSON object');
  const raw = json as Record<string, unknown>;
  checkArchitecture(raw, fail);

  const positive = (key: string, fallback?: number): number => {
    const value = raw[key] ?? fallback;
    if (value === undefined) return fail(`missing required key "${key}"`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      return fail(`"${key}" must be a positive integer, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const positiveReal = (key: string, fallback?: number): number => {
    const value = raw[key] ?? fallback;
    if (value === undefined) return fail(`missing required key "${key}"`);
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      return fail(`"${key}" must be a positive number, got ${JSON.stringify(value)}`);
    }
    return value;
  };

  const hiddenSize = positive('hidden_size');
  const numHeads = positive('num_attention_heads');
  const numKvHeads = positive('num_key_value_heads', numHeads);
  if (raw.head_dim === undefined && hiddenSize % numHeads !== 0) {
    fail(`hidden_size ${hiddenSize} is not divisible by num_attention_heads ${numHeads}`);
  }
  const headDim = positive('head_dim', hiddenSize / numHeads);
  if (headDim % 2 !== 0) fail(`head dimension ${headDim} must be even for rotary embeddings`);
  if (numHeads % numKvHeads !== 0) {
    fail(`num_attention_heads ${numHeads} is not a multiple of num_key_value_heads ${numKvHeads}`);
  }
  const vocabSize = positive('vocab_size');
  const tie = raw.tie_word_embeddings ?? false;
  if (typeof tie !== 'boolean') fail(`"tie_word_embeddings" must be a boolean, got ${JSON.stringify(tie)}`);

  return {
    hiddenSize,
    intermediateSize: positive('intermediate_size'),
    numLayers: positive('num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    vocabSize,
    rmsNormEps: positiveReal('rms_norm_eps'),
    ropeTheta: positiveReal('rope_theta', 10000),
    maxPositionEmbeddings: positive('max_position_embeddings'),
    tieWordEmbeddings: tie as boolean,
    bosTokenId: tokenId(raw.bos_token_id, 'bos_token_id', vocabSize, fail),
    eosTokenIds: eosIds(raw.eos_token_id, vocabSize, fail),
  };
}

/** Refuses what this forward does not implement rather than computing something else silently. */
function checkArchitecture(raw: Record<string, unknown>, fail: (reason: string) => never): void {
  const architectures = Array.isArray(raw.architectures) ? raw.architectures : [];
  const isLlama = raw.model_type === 'llama' || architectures.includes('LlamaForCausalLM');
  if (!isLlama) {
    fail(
      `model_type ${JSON.stringify(raw.model_type)} / architectures ${JSON.stringify(raw.architectures)} is not "llama"`,
    );
  }
  if (raw.hidden_act !== undefined && raw.hidden_act !== 'silu') {
    fail(`hidden_act ${JSON.stringify(raw.hidden_act)} is not supported (only "silu")`);
  }
  if (raw.rope_scaling !== undefined && raw.rope_scaling !== null) fail('rope_scaling is not supported');
  if (raw.attention_bias === true || raw.mlp_bias === true) fail('attention_bias / mlp_bias are not supported');
}

function tokenId(value: unknown, key: string, vocabSize: number, fail: (r: string) => never): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value >= vocabSize) {
    return fail(`"${key}" must be a token id below vocab_size ${vocabSize}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function eosIds(value: unknown, vocabSize: number, fail: (r: string) => never): number[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((id) => tokenId(id, 'eos_token_id', vocabSize, fail) ?? fail('"eos_token_id" lists a null id'));
}
