import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ModelFileMissingError, WeightFileError } from '../../errors.ts';
import type { ModelSource } from '../../models/model-source.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { createLlamaCpu, loadLlamaCpu } from './llama-cpu.ts';
import { encodeSafetensors, type WritableDtype } from '../../llama/safetensors-write.ts';
import { expectBitIdentical, microConfig, randomWeights } from '../../llama/testing.ts';
import { llamaWeightsToTensors, type LlamaWeights } from '../../llama/weights.ts';

// Wide enough that sums are not trivially exact, long enough to cross the 64-row forward block.
const CONFIG = microConfig({
  hiddenSize: 32,
  numHeads: 4,
  numKvHeads: 2,
  intermediateSize: 40,
  vocabSize: 37,
  numLayers: 2,
});
const TOKENS = Array.from({ length: 150 }, (_, i) => (i * 17 + 5) % CONFIG.vocabSize);

async function fresh(tokens: number[]): Promise<Float32Array[]> {
  return createLlamaCpu(CONFIG, randomWeights(CONFIG, 21)).append(tokens, 'all');
}

describe('LlamaCpu as a CausalLM', () => {
  it('gives bit-identical rows whether tokens come at once, one by one or in uneven chunks', async () => {
    const reference = await fresh(TOKENS);
    const oneByOne = createLlamaCpu(CONFIG, randomWeights(CONFIG, 21));
    for (let i = 0; i < TOKENS.length; i++) {
      const [row] = await oneByOne.append([TOKENS[i]], 'last');
      expectBitIdentical(row, reference[i], `one by one, position ${i}`);
    }
    const chunked = createLlamaCpu(CONFIG, randomWeights(CONFIG, 21));
    let at = 0;
    for (const size of [3, 1, 70, 5, 64, 7]) {
      const rows = await chunked.append(TOKENS.slice(at, at + size), 'all');
      rows.forEach((row, k) => expectBitIdentical(row, reference[at + k], `chunked, position ${at + k}`));
      at += size;
    }
    expect(chunked.length).toBe(TOKENS.length);
  });

  it('gives bit-identical rows after truncate and re-append, as a fresh run would', async () => {
    const model = createLlamaCpu(CONFIG, randomWeights(CONFIG, 21));
    await model.append(TOKENS.slice(0, 90), 'none');
    model.truncate(40);
    expect(model.length).toBe(40);
    // Different tokens after the cut: rejected drafts that must leave no trace.
    await model.append([1, 2, 3, 4, 5, 6], 'none');
    model.truncate(40);
    const rows = await model.append(TOKENS.slice(40, 100), 'all');
    const reference = await fresh(TOKENS.slice(0, 100));
    rows.forEach((row, k) => expectBitIdentical(row, reference[40 + k], `position ${40 + k}`));

    model.reset();
    expect(model.length).toBe(0);
    const [first] = await model.append(TOKENS.slice(0, 10), 'last');
    expectBitIdentical(first, reference[9], 'after reset');
  });

  it('returns rows for all, last or no positions', async () => {
    const model = createLlamaCpu(CONFIG, randomWeights(CONFIG, 21));
    expect(await model.append([], 'all')).toEqual([]);
    expect(model.length).toBe(0);
    expect(await model.append([1, 2, 3], 'none')).toEqual([]);
    const last = await model.append([4, 5], 'last');
    expect(last).toHaveLength(1);
    expect(last[0]).toHaveLength(CONFIG.vocabSize);
    const all = await model.append([6, 7, 8], 'all');
    expect(all).toHaveLength(3);
    expect(model.length).toBe(8);
    expect(new Set(all.map((r) => r.buffer)).size).toBe(3); // separate buffers: safe to transfer one
  });

  it('refuses truncation outside [0, length], overflow of the cache and bad token ids', async () => {
    const model = createLlamaCpu(CONFIG, randomWeights(CONFIG, 21), { maxSequenceLength: 8 });
    await model.append([1, 2, 3], 'none');
    expect(() => model.truncate(4)).toThrow(InvalidArgumentError);
    expect(() => model.truncate(-1)).toThrow(InvalidArgumentError);
    expect(() => model.truncate(1.5)).toThrow(InvalidArgumentError);
    await expect(model.append([1, 2, 3, 4, 5, 6], 'none')).rejects.toThrow(/exceeds the maximum sequence length of 8/);
    await expect(model.append([CONFIG.vocabSize], 'none')).rejects.toThrow(InvalidArgumentError);
    await expect(model.append([-1], 'none')).rejects.toThrow(InvalidArgumentError);
    expect(model.length).toBe(3); // a refused append changes nothing
    await model.append([1, 2, 3, 4, 5], 'none');
    expect(model.length).toBe(8);
  });

  it('carries vocabId and sizes its cache from the config by default', () => {
    const model = createLlamaCpu(CONFIG, randomWeights(CONFIG, 21), { vocabId: 'abc' });
    expect(model.vocabId).toBe('abc');
    expect(model.vocabSize).toBe(CONFIG.vocabSize);
    expect(model.maxSequenceLength).toBe(CONFIG.maxPositionEmbeddings);
    expect(createLlamaCpu(CONFIG, randomWeights(CONFIG, 21)).vocabId).toBeUndefined();
  });
});

function hfConfigJson(c: LlamaConfig): string {
  return JSON.stringify({
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    num_hidden_layers: c.numLayers,
    num_attention_heads: c.numHeads,
    num_key_value_heads: c.numKvHeads,
    vocab_size: c.vocabSize,
    rms_norm_eps: c.rmsNormEps,
    max_position_embeddings: c.maxPositionEmbeddings,
    tie_word_embeddings: c.tieWordEmbeddings,
  });
}

function memorySource(files: Record<string, Uint8Array | string>): ModelSource {
  return {
    description: 'memory://model',
    async readFile(name) {
      const file = files[name];
      if (file === undefined) throw new ModelFileMissingError(`${name} not found in memory://model`);
      return typeof file === 'string' ? new TextEncoder().encode(file) : file;
    },
  };
}

function checkpointBytes(
  config: LlamaConfig,
  weights: LlamaWeights,
  dtype: WritableDtype,
  only?: (name: string) => boolean,
): Uint8Array {
  const tensors = Object.entries(llamaWeightsToTensors(config, weights))
    .filter(([name]) => only?.(name) ?? true)
    .map(([name, t]) => [name, { dtype, ...t }] as const);
  return encodeSafetensors(Object.fromEntries(tensors));
}

describe('loadLlamaCpu', () => {
  const weights = randomWeights(CONFIG, 21);

  it('loads config.json and model.safetensors and computes what the in-memory model computes', async () => {
    const source = memorySource({
      'config.json': hfConfigJson(CONFIG),
      'model.safetensors': checkpointBytes(CONFIG, weights, 'F32'),
    });
    const loaded = await loadLlamaCpu(source, { maxSequenceLength: 32 });
    expect(loaded.config.numKvHeads).toBe(2);
    expect(loaded.maxSequenceLength).toBe(32);
    const a = await loaded.append(TOKENS.slice(0, 12), 'all');
    const b = await fresh(TOKENS.slice(0, 12));
    a.forEach((row, i) => expectBitIdentical(row, b[i], `position ${i}`));
  });

  it('loads BF16 weights (converted to float32) close to the F32 model', async () => {
    const source = memorySource({
      'config.json': hfConfigJson(CONFIG),
      'model.safetensors': checkpointBytes(CONFIG, weights, 'BF16'),
    });
    const [row] = await (await loadLlamaCpu(source)).append(TOKENS.slice(0, 12), 'last');
    const [reference] = await createLlamaCpu(CONFIG, weights).append(TOKENS.slice(0, 12), 'last');
    row.forEach((v, i) => expect(Math.abs(v - reference[i])).toBeLessThan(0.1 * (1 + Math.abs(reference[i]))));
  });

  it('loads a sharded checkpoint through model.safetensors.index.json', async () => {
    const inFirst = (name: string): boolean =>
      name.startsWith('model.layers.0.') || name === 'model.embed_tokens.weight';
    const weightMap = Object.fromEntries(
      Object.keys(llamaWeightsToTensors(CONFIG, weights)).map((n) => [
        n,
        inFirst(n) ? 'a.safetensors' : 'b.safetensors',
      ]),
    );
    const source = memorySource({
      'config.json': hfConfigJson(CONFIG),
      'model.safetensors.index.json': JSON.stringify({ metadata: {}, weight_map: weightMap }),
      'a.safetensors': checkpointBytes(CONFIG, weights, 'F32', inFirst),
      'b.safetensors': checkpointBytes(CONFIG, weights, 'F32', (n) => !inFirst(n)),
    });
    const [row] = await (await loadLlamaCpu(source)).append([3, 4], 'last');
    const [reference] = await createLlamaCpu(CONFIG, weights).append([3, 4], 'last');
    expectBitIdentical(row, reference, 'sharded');
  });

  it('loads a tied checkpoint without lm_head.weight, and names lm_head.weight when an untied one lacks it', async () => {
    const tiedConfig = { ...CONFIG, tieWordEmbeddings: true };
    const tied = randomWeights(tiedConfig, 8);
    const tiedSource = memorySource({
      'config.json': hfConfigJson(tiedConfig),
      'model.safetensors': checkpointBytes(tiedConfig, tied, 'F32'),
    });
    const model = await loadLlamaCpu(tiedSource);
    expect(model.config.tieWordEmbeddings).toBe(true);
    const untiedSource = memorySource({
      'config.json': hfConfigJson(CONFIG),
      'model.safetensors': checkpointBytes(tiedConfig, tied, 'F32'),
    });
    await expect(loadLlamaCpu(untiedSource)).rejects.toThrow(/"lm_head.weight" is missing/);
  });

  it('reports a missing weight file and a wrong tensor shape by name', async () => {
    await expect(loadLlamaCpu(memorySource({ 'config.json': hfConfigJson(CONFIG) }))).rejects.toThrow(
      ModelFileMissingError,
    );
    const wider = { ...CONFIG, intermediateSize: 41 };
    const source = memorySource({
      'config.json': hfConfigJson(wider),
      'model.safetensors': checkpointBytes(CONFIG, weights, 'F32'),
    });
    const error = await loadLlamaCpu(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightFileError);
    expect((error as Error).message).toMatch(
      /"model\.layers\.0\.mlp\.\w+_proj\.weight" has shape \[\d+, \d+\], expected \[\d+, \d+\]/,
    );
  });
});
