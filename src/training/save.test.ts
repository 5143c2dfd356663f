import { describe, expect, it } from 'vitest';
import { createLlamaCpu, loadLlamaCpu } from '../engines/llama-cpu/llama-cpu.ts';
import { expectBitIdentical, microConfig, randomWeights } from '../engines/llama-cpu/testing.ts';
import { parseLlamaConfig, type LlamaConfig } from '../llama/config.ts';
import type { LlamaWeights } from '../llama/weights.ts';
import { parameterCount } from './optimizer/parameters.ts';
import { memoryFolderSource, saveHuggingFaceFolder } from './save.ts';

const TOKENS = [1, 5, 9, 3, 7, 10, 2, 4];

async function logits(config: LlamaConfig, weights: LlamaWeights): Promise<Float32Array[]> {
  return createLlamaCpu(config, weights).append(TOKENS, 'all');
}

/** The safetensors header as JSON (8-byte little-endian length, then the JSON). */
function header(bytes: Uint8Array): Record<string, { dtype: string; shape: number[] } | Record<string, string>> {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
}

describe('saveHuggingFaceFolder', () => {
  it('F32: the saved folder loads in llama-cpu and gives bit-identical logits', async () => {
    const config = microConfig();
    const weights = randomWeights(config, 51);
    const files = saveHuggingFaceFolder(config, weights, { dtype: 'F32' });
    const loaded = await loadLlamaCpu(memoryFolderSource({ ...files }));
    expect(loaded.config).toEqual(config);
    const [expected, actual] = [await logits(config, weights), await loaded.append(TOKENS, 'all')];
    actual.forEach((row, i) => expectBitIdentical(row, expected[i], `position ${i}`));
  });

  it('F16: logits within 1e-2 · (1 + |logit|) of the float32 weights', async () => {
    // binary16 keeps 11 significant bits: each weight moves by ≤ 2⁻¹¹ ≈ 4.9e-4 relative, and the
    // two-layer model’s logits moved by at most 2.5e-3 (measured); 1e-2 leaves 4× margin.
    const config = microConfig({ tieWordEmbeddings: true });
    const weights = randomWeights(config, 52);
    const files = saveHuggingFaceFolder(config, weights, { dtype: 'F16' });
    const loaded = await loadLlamaCpu(memoryFolderSource({ ...files }));
    const [expected, actual] = [await logits(config, weights), await loaded.append(TOKENS, 'all')];
    let worst = 0;
    actual.forEach((row, i) =>
      row.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - expected[i][j]) / (1 + Math.abs(expected[i][j])));
      }),
    );
    expect(worst).toBeGreaterThan(0); // it really is half precision
    expect(worst).toBeLessThan(1e-2);
    console.log(`F16 round trip: worst logit deviation ${worst.toExponential(2)} relative`);
    const bytes = files['model.safetensors'];
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(bytes.length - 8 - headerLength).toBe(2 * parameterCount(config)); // two bytes a weight
  });

  it('writes what transformers writes: HF names and shapes, one dtype, {"format": "pt"}, no lm_head when tied', () => {
    const tied = microConfig({ tieWordEmbeddings: true });
    const entries = header(saveHuggingFaceFolder(tied, randomWeights(tied, 53), { dtype: 'F16' })['model.safetensors']);
    expect(entries.__metadata__).toEqual({ format: 'pt' });
    const names = Object.keys(entries).filter((n) => n !== '__metadata__');
    expect(names).toContain('model.embed_tokens.weight');
    expect(names).toContain('model.layers.1.self_attn.k_proj.weight');
    expect(names).toContain('model.layers.0.mlp.down_proj.weight');
    expect(names).toContain('model.norm.weight');
    expect(names).not.toContain('lm_head.weight');
    expect(names).toHaveLength(1 + 9 * tied.numLayers + 1);
    expect(new Set(names.map((n) => (entries[n] as { dtype: string }).dtype))).toEqual(new Set(['F16']));
    expect(entries['model.layers.0.self_attn.k_proj.weight']).toMatchObject({ shape: [4, 8] }); // (kvDim, dim)

    const untied = microConfig();
    const untiedNames = Object.keys(
      header(saveHuggingFaceFolder(untied, randomWeights(untied), { dtype: 'F32' })['model.safetensors']),
    );
    expect(untiedNames).toContain('lm_head.weight');
  });

  it('writes a config.json with the HF keys that parses back to the same config, keeping unknown base keys', () => {
    const config = microConfig({ hiddenSize: 12, numHeads: 4, headDim: 6, tieWordEmbeddings: true });
    const base = { pad_token_id: 0, transformers_version: '4.40.0', hidden_size: 999 };
    const files = saveHuggingFaceFolder(config, randomWeights(config, 54), { dtype: 'F16', baseConfig: base });
    const json = JSON.parse(new TextDecoder().decode(files['config.json']));
    expect(json).toMatchObject({
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 12,
      head_dim: 6, // 12 / 4 = 3 would be wrong: written because it differs
      num_key_value_heads: 1,
      tie_word_embeddings: true,
      torch_dtype: 'float16',
      hidden_act: 'silu',
      eos_token_id: 2,
      pad_token_id: 0,
      transformers_version: '4.40.0',
    });
    expect(parseLlamaConfig(json, 'saved')).toEqual(config);
    const plain = JSON.parse(
      new TextDecoder().decode(
        saveHuggingFaceFolder(microConfig(), randomWeights(microConfig()), { dtype: 'F32' })['config.json'],
      ),
    );
    expect(plain.head_dim).toBeUndefined();
  });

  it('refuses a weight that F16 (or F32) cannot store, naming the tensor', () => {
    const config = microConfig();
    const weights = randomWeights(config, 55);
    weights.layers[1].wUp[3] = 70000;
    expect(() => saveHuggingFaceFolder(config, weights, { dtype: 'F16' })).toThrow(/mlp\.up_proj.*70000/);
    expect(() => saveHuggingFaceFolder(config, weights, { dtype: 'F32' })).not.toThrow();
    weights.finalNorm[0] = Number.NaN;
    expect(() => saveHuggingFaceFolder(config, weights, { dtype: 'F32' })).toThrow(/model\.norm\.weight/);
  });
});
