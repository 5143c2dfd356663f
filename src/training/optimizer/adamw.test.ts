import { describe, expect, it } from 'vitest';
import { microConfig, randomWeights } from '../../engines/llama-cpu/testing.ts';
import { adamwStep, adamwTensor } from './adamw.ts';
import { clipCoefficient, globalNorm } from './clip.ts';
import { cloneSet, parameterCount, parameterTensors, zerosLike } from './parameters.ts';
import { defaultSettings } from './settings.ts';

const scalars = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, step: 1, gradScale: 1 };

describe('adamwTensor', () => {
  it('moves each value by lr · sign(g) on the first step (bias correction makes m̂/√v̂ = ±1)', () => {
    const p = Float32Array.of(1, -2, 3);
    adamwTensor(p, Float32Array.of(0.5, -4, 1e-3), new Float32Array(3), new Float32Array(3), scalars);
    expect(Array.from(p)).toEqual([1 - 0.1, -2 + 0.1, 3 - 0.1].map((x) => expect.closeTo(x, 4)));
  });

  it('matches a hand-computed second step with decoupled weight decay', () => {
    const p = Float32Array.of(2);
    const m = new Float32Array(1);
    const v = new Float32Array(1);
    const s = { ...scalars, weightDecay: 0.5 };
    adamwTensor(p, Float32Array.of(1), m, v, s);
    adamwTensor(p, Float32Array.of(3), m, v, { ...s, step: 2 });
    // Step 1: p = 2·(1 − 0.05) − 0.1 = 1.8. Step 2: m = 0.09 + 0.3 = 0.39, v = 0.000999 + 0.009 = 0.009999,
    // m̂ = 0.39 / 0.19, v̂ = 0.009999 / 0.001999; p = 1.8·0.95 − 0.1 · m̂ / (√v̂ + ε).
    const expected = 1.8 * 0.95 - (0.1 * (0.39 / 0.19)) / Math.sqrt(0.009999 / (1 - 0.999 ** 2));
    expect(p[0]).toBeCloseTo(expected, 6);
    expect(m[0]).toBeCloseTo(0.39, 7);
    expect(v[0]).toBeCloseTo(0.009999, 9);
  });

  it('applies the clip coefficient to the gradient before the moments see it', () => {
    const m = new Float32Array(1);
    const v = new Float32Array(1);
    adamwTensor(Float32Array.of(0), Float32Array.of(10), m, v, { ...scalars, gradScale: 0.1 });
    expect(m[0]).toBeCloseTo(0.1, 6);
    expect(v[0]).toBeCloseTo(0.001, 9);
  });
});

describe('clipping', () => {
  it('computes the global norm over all tensors and scales only when above the limit', () => {
    const norm = globalNorm([Float32Array.of(3), Float32Array.of(0, 4)]);
    expect(norm).toBe(5);
    expect(clipCoefficient(norm, 10)).toBe(1);
    expect(clipCoefficient(norm, 1)).toBeCloseTo(0.2, 6);
    expect(clipCoefficient(norm, Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('adamwStep over a model', () => {
  it('decays every matrix but never the norm weights, and updates a tied embedding once', () => {
    const config = microConfig({ tieWordEmbeddings: true });
    const weights = randomWeights(config, 3);
    const before = cloneSet(config, weights);
    const grads = zerosLike(config); // zero gradients: only weight decay moves anything
    const moments = { firstMoment: zerosLike(config), secondMoment: zerosLike(config) };
    const settings = defaultSettings(10, { learningRate: 0.1, weightDecay: 0.5, warmupSteps: 0, schedule: 'constant' });
    const report = adamwStep(config, weights, grads, moments, settings, 1);
    expect(report).toEqual({ gradNorm: 0, learningRate: 0.1 });
    const after = parameterTensors(config, weights);
    parameterTensors(config, before).forEach((p, i) => {
      const factor = after[i].decay ? 0.95 : 1;
      expect(after[i].name).toBe(p.name);
      expect(after[i].data[0]).toBeCloseTo(p.data[0] * factor, 6);
    });
    expect(after.filter((p) => !p.decay).map((p) => p.name)).toEqual([
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
      'model.layers.1.input_layernorm.weight',
      'model.layers.1.post_attention_layernorm.weight',
      'model.norm.weight',
    ]);
    expect(weights.lmHead).toBe(weights.tokenEmbedding);
    expect(after.reduce((n, p) => n + p.data.length, 0)).toBe(parameterCount(config));
  });

  it('reports the norm before clipping and the scheduled rate', () => {
    const config = microConfig();
    const weights = randomWeights(config, 4);
    const grads = zerosLike(config);
    grads.finalNorm[0] = 30;
    grads.lmHead[1] = 40;
    const moments = { firstMoment: zerosLike(config), secondMoment: zerosLike(config) };
    const settings = defaultSettings(100, { learningRate: 1, warmupSteps: 10 });
    const report = adamwStep(config, weights, grads, moments, settings, 5);
    expect(report.gradNorm).toBe(50);
    expect(report.learningRate).toBeCloseTo(0.5, 12);
    expect(moments.firstMoment.finalNorm[0]).toBeCloseTo((1 - 0.9) * 30 * (1 / 50), 5); // clipped to norm 1
  });
});
