import { InvalidArgumentError } from '../../errors.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import { checkBatch, targetCount } from '../batch.ts';
import type { LlamaGradients, TrainingBatch } from '../types.ts';
import { backward } from './backward.ts';
import { classifierForward } from './classifier.ts';
import { forwardActivations } from './forward.ts';

export interface LossResult {
  loss: number; //       summed cross-entropy / normalizer
  tokenCount: number; // targets in this batch
}

/**
 * Loss of `batch` = (summed cross-entropy over its targets) / normalizer, and its gradient added
 * into `grads`. normalizer defaults to the batch's own target count (the mean loss); for a
 * micro-batch pass the whole batch's count so the accumulated gradient is the whole batch's.
 */
export function lossAndGradients(
  c: LlamaConfig,
  w: LlamaWeights,
  batch: TrainingBatch,
  grads: LlamaGradients,
  normalizer = targetCount(batch),
): LossResult {
  const tokenCount = checkedTargets(c, batch, normalizer);
  const acts = forwardActivations(c, w, batch);
  const summed = backward(c, w, batch, acts, 1 / normalizer, grads);
  return { loss: summed / normalizer, tokenCount };
}

/** The loss alone (no activations kept past the call, no gradients). */
export function referenceLoss(
  c: LlamaConfig,
  w: LlamaWeights,
  batch: TrainingBatch,
  normalizer = targetCount(batch),
): LossResult {
  const tokenCount = checkedTargets(c, batch, normalizer);
  const acts = forwardActivations(c, w, batch);
  return { loss: classifierForward(c, w, acts.finalNormed, batch) / normalizer, tokenCount };
}

function checkedTargets(c: LlamaConfig, batch: TrainingBatch, normalizer: number): number {
  checkBatch(batch, c.vocabSize);
  const tokenCount = targetCount(batch);
  if (!(normalizer > 0)) {
    throw new InvalidArgumentError(
      `the loss normalizer must be positive, got ${normalizer} (a batch with no response targets has no loss)`,
    );
  }
  return tokenCount;
}
