import { describe, expect, it } from 'vitest';
import { WeightFileError } from '../errors.ts';
import { parseSafetensors } from './safetensors.ts';
import { encodeSafetensors, type WritableTensor } from './safetensors-write.ts';
import { microConfig, randomWeights } from './testing.ts';
import { checkLlamaWeights, expectedTensorShapes, llamaWeightsToTensors, loadLlamaWeights } from './weights.ts';

const CONFIG = microConfig({
  hiddenSize: 8,
  numHeads: 2,
  numKvHeads: 1,
  intermediateSize: 12,
  vocabSize: 11,
  numLayers: 2,
});

function fileOf(tensors: Record<string, { shape: number[]; data: Float32Array }>): ReturnType<typeof parseSafetensors> {
  const writable: Record<string, WritableTensor> = {};
  for (const [name, t] of Object.entries(tensors)) writable[name] = { dtype: 'F32', ...t };
  return parseSafetensors(encodeSafetensors(writable), 'model.safetensors');
}

describe('LLaMA weights', () => {
  it('expects the HF tensor names and (out, in) shapes, GQA-sized k/v', () => {
    const shapes = expectedTensorShapes(CONFIG);
    expect(shapes.size).toBe(1 + 2 * 9 + 1 + 1);
    expect(shapes.get('model.embed_tokens.weight')).toEqual([11, 8]);
    expect(shapes.get('model.layers.1.self_attn.q_proj.weight')).toEqual([8, 8]);
    expect(shapes.get('model.layers.1.self_attn.k_proj.weight')).toEqual([4, 8]);
    expect(shapes.get('model.layers.0.self_attn.o_proj.weight')).toEqual([8, 8]);
    expect(shapes.get('model.layers.0.mlp.down_proj.weight')).toEqual([8, 12]);
    expect(shapes.get('lm_head.weight')).toEqual([11, 8]);
    expect(expectedTensorShapes({ ...CONFIG, tieWordEmbeddings: true }).has('lm_head.weight')).toBe(false);
  });

  it('round-trips through HF-named tensors', () => {
    const weights = randomWeights(CONFIG, 2);
    const loaded = loadLlamaWeights(fileOf(llamaWeightsToTensors(CONFIG, weights)), CONFIG);
    expect(loaded).toEqual(weights);
  });

  it('names a tensor of the wrong shape with expected and actual shapes', () => {
    const tensors = llamaWeightsToTensors(CONFIG, randomWeights(CONFIG, 2));
    tensors['model.layers.1.self_attn.v_proj.weight'] = { shape: [8, 4], data: new Float32Array(32) };
    expect(() => loadLlamaWeights(fileOf(tensors), CONFIG)).toThrow(
      /tensor "model\.layers\.1\.self_attn\.v_proj\.weight" has shape \[8, 4\], expected \[4, 8\]/,
    );
  });

  it('names a missing tensor', () => {
    const tensors = llamaWeightsToTensors(CONFIG, randomWeights(CONFIG, 2));
    delete tensors['model.layers.1.post_attention_layernorm.weight'];
    expect(() => loadLlamaWeights(fileOf(tensors), CONFIG)).toThrow(
      /"model\.layers\.1\.post_attention_layernorm\.weight" is missing/,
    );
  });

  it('checks in-memory weights by length', () => {
    const weights = randomWeights(CONFIG, 2);
    weights.layers[0].wUp = new Float32Array(5);
    expect(() => checkLlamaWeights(CONFIG, weights)).toThrow(WeightFileError);
    expect(() => checkLlamaWeights(CONFIG, weights)).toThrow(/"model\.layers\.0\.mlp\.up_proj\.weight" has 5 values/);
  });
});
