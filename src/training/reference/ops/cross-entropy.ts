import { IGNORE_INDEX } from '../../types.ts';

/**
 * Softmax cross-entropy over rows of logits (rows, vocab): probs (rows, vocab) = softmax(logits)
 * and losses (rows,) = −log probs[target]; a row whose target is IGNORE_INDEX gets loss 0.
 * Returns the summed loss. probs may alias logits (computed in place).
 */
export function crossEntropyForward(
  probs: Float64Array,
  losses: Float64Array,
  logits: Float64Array,
  targets: Int32Array,
  rows: number,
  vocab: number,
): number {
  let total = 0;
  for (let n = 0; n < rows; n++) {
    const base = n * vocab;
    const target = targets[n];
    const targetLogit = target === IGNORE_INDEX ? 0 : logits[base + target]; // read before probs overwrite it
    let max = -Infinity;
    for (let i = 0; i < vocab; i++) if (logits[base + i] > max) max = logits[base + i];
    let sum = 0;
    for (let i = 0; i < vocab; i++) sum += probs[base + i] = Math.exp(logits[base + i] - max);
    for (let i = 0; i < vocab; i++) probs[base + i] /= sum;
    // −log p[target] = logsumexp − logit, without the round trip through a tiny probability.
    losses[n] = target === IGNORE_INDEX ? 0 : max + Math.log(sum) - targetLogit;
    total += losses[n];
  }
  return total;
}

/**
 * dlogits (rows, vocab) = (probs − onehot(target)) · dloss, where dloss is the weight of each
 * row's loss in the objective (1 / the batch's target count for a mean); ignored rows get 0.
 * Overwrites dlogits, which may alias probs.
 */
export function crossEntropyBackward(
  dlogits: Float64Array,
  probs: Float64Array,
  targets: Int32Array,
  dloss: number,
  rows: number,
  vocab: number,
): void {
  for (let n = 0; n < rows; n++) {
    const base = n * vocab;
    const target = targets[n];
    const weight = target === IGNORE_INDEX ? 0 : dloss;
    for (let i = 0; i < vocab; i++) dlogits[base + i] = probs[base + i] * weight;
    if (target !== IGNORE_INDEX) dlogits[base + target] -= weight;
  }
}
