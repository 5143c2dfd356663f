import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import type { LlamaGradients, OptimizerSettings } from '../types.ts';
import { clipCoefficient, globalNorm } from './clip.ts';
import { parameterTensors } from './parameters.ts';
import { learningRateAt } from './schedule.ts';

/** The scalars one AdamW update of one tensor needs. */
export interface AdamWScalars {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number; // 0 for tensors that are not decayed
  step: number; //        1-based, for bias correction
  gradScale: number; //   the clip coefficient, applied to the gradient as it is read
}

/**
 * AdamW (Loshchilov & Hutter) on one tensor, in place, as torch.optim.AdamW computes it:
 *   g = gradScale · grad
 *   m = β1 m + (1 − β1) g;  v = β2 v + (1 − β2) g²
 *   p = p · (1 − lr · wd) − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 * Decay is decoupled: it shrinks p directly instead of being added to the gradient.
 */
export function adamwTensor(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: AdamWScalars,
): void {
  const correction1 = 1 - s.beta1 ** s.step;
  const correction2 = 1 - s.beta2 ** s.step;
  const decay = 1 - s.learningRate * s.weightDecay;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] * s.gradScale;
    const mi = s.beta1 * m[i] + (1 - s.beta1) * g;
    const vi = s.beta2 * v[i] + (1 - s.beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const update = mi / correction1 / (Math.sqrt(vi / correction2) + s.epsilon);
    param[i] = param[i] * decay - s.learningRate * update;
  }
}

export interface AdamWMoments {
  firstMoment: LlamaWeights;
  secondMoment: LlamaWeights;
}

export interface AdamWStepReport {
  gradNorm: number; //     before clipping
  learningRate: number; // the rate this step used
}

/**
 * One AdamW step `step` (1-based) over the whole model: the global gradient norm, the clip
 * coefficient, the scheduled rate, then every tensor updated (norm weights without decay).
 * `grads` are not modified; clipping is applied as they are read.
 */
export function adamwStep(
  config: LlamaConfig,
  weights: LlamaWeights,
  grads: LlamaGradients,
  moments: AdamWMoments,
  settings: OptimizerSettings,
  step: number,
): AdamWStepReport {
  const params = parameterTensors(config, weights);
  const gradTensors = parameterTensors(config, grads);
  const firsts = parameterTensors(config, moments.firstMoment);
  const seconds = parameterTensors(config, moments.secondMoment);
  const gradNorm = globalNorm(gradTensors.map((g) => g.data));
  const learningRate = learningRateAt(settings, step);
  const gradScale = clipCoefficient(gradNorm, settings.clipNorm);
  params.forEach((p, i) => {
    adamwTensor(p.data, gradTensors[i].data, firsts[i].data, seconds[i].data, {
      learningRate,
      beta1: settings.beta1,
      beta2: settings.beta2,
      epsilon: settings.epsilon,
      weightDecay: p.decay ? settings.weightDecay : 0,
      step,
      gradScale,
    });
  });
  return { gradNorm, learningRate };
}
