import { InvalidArgumentError } from '../../errors.ts';
import type { OptimizerSettings } from '../types.ts';

/**
 * The learning rate of optimizer step `step` (1-based: the first step is 1).
 *
 * Warm-up rises linearly to the peak, reached at step warmupSteps; then the rate decays from the
 * peak at step warmupSteps to peak · minLearningRateRatio at step totalSteps (cosine or linear) and
 * stays there past the end; 'constant' holds the peak after warm-up. One deliberate difference from
 * Hugging Face's schedulers: they evaluate the schedule at the 0-based step, so their first step
 * runs at rate 0; here step 1 of W warm-up steps runs at peak/W, so no step is wasted.
 */
export function learningRateAt(s: OptimizerSettings, step: number): number {
  if (!Number.isSafeInteger(step) || step < 1) {
    throw new InvalidArgumentError(`learning rate: step must be an integer ≥ 1, got ${step}`);
  }
  const peak = s.learningRate;
  if (step <= s.warmupSteps) return (peak * step) / s.warmupSteps;
  if (s.schedule === 'constant') return peak;
  const floor = peak * s.minLearningRateRatio;
  const decaySteps = s.totalSteps - s.warmupSteps;
  if (decaySteps <= 0) return floor;
  const progress = Math.min(1, (step - s.warmupSteps) / decaySteps);
  const shape = s.schedule === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return floor + (peak - floor) * shape;
}
