import { describe, expect, it } from 'vitest';
import { ModelConfigError } from '../errors.ts';
import type { ModelSource } from '../models/model-source.ts';
import { parseLlamaConfig, readLlamaConfig } from './config.ts';

// The shape of lmsys/vicuna-7b-v1.3's config.json.
const VICUNA = {
  architectures: ['LlamaForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_act: 'silu',
  hidden_size: 4096,
  initializer_range: 0.02,
  intermediate_size: 11008,
  max_position_embeddings: 2048,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  pad_token_id: 0,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  torch_dtype: 'float16',
  transformers_version: '4.28.1',
  use_cache: true,
  vocab_size: 32000,
};

const errorOf = (json: unknown): Error => {
  try {
    parseLlamaConfig(json, '/models/x');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelConfigError);
    expect((error as Error).message).toContain('/models/x');
    return error as Error;
  }
  throw new Error('expected a ModelConfigError');
};

describe('parseLlamaConfig', () => {
  it('reads a Vicuna-7B config with its defaults', () => {
    expect(parseLlamaConfig(VICUNA, 'vicuna')).toEqual({
      hiddenSize: 4096,
      intermediateSize: 11008,
      numLayers: 32,
      numHeads: 32,
      numKvHeads: 32,
      headDim: 128,
      vocabSize: 32000,
      rmsNormEps: 1e-6,
      ropeTheta: 10000,
      maxPositionEmbeddings: 2048,
      tieWordEmbeddings: false,
      bosTokenId: 1,
      eosTokenIds: [2],
    });
  });

  it('reads GQA, rope_theta, tied embeddings, an explicit head_dim and a list of eos ids', () => {
    const config = parseLlamaConfig(
      {
        ...VICUNA,
        num_key_value_heads: 8,
        rope_theta: 500000,
        tie_word_embeddings: true,
        eos_token_id: [2, 7],
        head_dim: 64,
        bos_token_id: null,
      },
      'x',
    );
    expect(config).toMatchObject({
      numKvHeads: 8,
      ropeTheta: 500000,
      tieWordEmbeddings: true,
      eosTokenIds: [2, 7],
      headDim: 64,
      bosTokenId: undefined,
    });
  });

  it('names each missing required key', () => {
    for (const key of [
      'hidden_size',
      'intermediate_size',
      'num_hidden_layers',
      'num_attention_heads',
      'vocab_size',
      'rms_norm_eps',
      'max_position_embeddings',
    ]) {
      const json: Record<string, unknown> = { ...VICUNA };
      delete json[key];
      expect(errorOf(json).message).toContain(`missing required key "${key}"`);
    }
  });

  it('names invalid values', () => {
    expect(errorOf({ ...VICUNA, hidden_size: '4096' }).message).toMatch(/"hidden_size" must be a positive integer/);
    expect(errorOf({ ...VICUNA, num_hidden_layers: 0 }).message).toMatch(
      /"num_hidden_layers" must be a positive integer/,
    );
    expect(errorOf({ ...VICUNA, rms_norm_eps: -1 }).message).toMatch(/"rms_norm_eps" must be a positive number/);
    expect(errorOf({ ...VICUNA, num_key_value_heads: 5 }).message).toMatch(/not a multiple of num_key_value_heads 5/);
    expect(errorOf({ ...VICUNA, hidden_size: 4095 }).message).toMatch(/not divisible by num_attention_heads/);
    expect(errorOf({ ...VICUNA, tie_word_embeddings: 'no' }).message).toMatch(
      /"tie_word_embeddings" must be a boolean/,
    );
    expect(errorOf({ ...VICUNA, eos_token_id: 32000 }).message).toMatch(
      /"eos_token_id" must be a token id below vocab_size/,
    );
  });

  it('refuses models that are not LLaMA or use features this forward lacks', () => {
    expect(errorOf({ ...VICUNA, model_type: 'mistral', architectures: ['MistralForCausalLM'] }).message).toMatch(
      /not "llama"/,
    );
    expect(errorOf({ ...VICUNA, rope_scaling: { type: 'linear', factor: 2 } }).message).toMatch(/rope_scaling/);
    expect(errorOf({ ...VICUNA, hidden_act: 'gelu' }).message).toMatch(/hidden_act/);
    expect(errorOf([1]).message).toMatch(/not a JSON object/);
  });
});

describe('readLlamaConfig', () => {
  const source = (text: string): ModelSource => ({
    description: '/models/y',
    readFile: async () => new TextEncoder().encode(text),
  });

  it('reads config.json through the model source', async () => {
    expect((await readLlamaConfig(source(JSON.stringify(VICUNA)))).numLayers).toBe(32);
  });

  it('reports invalid JSON as a ModelConfigError naming the folder', async () => {
    await expect(readLlamaConfig(source('{"hidden_size": '))).rejects.toThrow(
      /config\.json in \/models\/y is not valid JSON/,
    );
    await expect(readLlamaConfig(source('{}'))).rejects.toThrow(ModelConfigError);
  });
});
