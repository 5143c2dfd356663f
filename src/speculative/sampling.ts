import type { SamplingParams } from './causal-lm.ts';
import { InvalidArgumentError } from '../errors.ts';

/** Index of the largest logit; ties go to the lowest id so every engine breaks them alike. */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  let bestValue = row[0];
  for (let i = 1; i < row.length; i++) {
    if (row[i] > bestValue) {
      bestValue = row[i];
      best = i;
    }
  }
  return best;
}

export function isGreedy(sampling: SamplingParams): boolean {
  return sampling.temperature === 0;
}

export function validateSampling(sampling: SamplingParams): void {
  const { temperature, topP } = sampling;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new InvalidArgumentError(`temperature must be a finite number ≥ 0, got ${temperature}`);
  }
  if (!(topP > 0 && topP <= 1)) {
    throw new InvalidArgumentError(`topP must be in (0, 1], got ${topP}`);
  }
}

/** softmax(logits / temperature) in float64 for stability, stored as float32. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float32Array {
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
  const out = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((logits[i] - max) / temperature);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/**
 * Keeps the smallest set of most likely tokens whose mass reaches topP and renormalizes. Applied
 * identically to target and drafter, so rejection sampling stays exact for the shaped target.
 */
export function applyTopP(probs: Float32Array, topP: number): Float32Array {
  if (topP >= 1) return probs;
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
  const kept = new Float32Array(probs.length);
  let mass = 0;
  for (const id of order) {
    kept[id] = probs[id];
    mass += probs[id];
    if (mass >= topP) break;
  }
  for (let i = 0; i < kept.length; i++) kept[i] /= mass;
  return kept;
}

/** The distribution a token is drawn from under `sampling` (temperature > 0). */
export function samplingDistribution(logits: ArrayLike<number>, sampling: SamplingParams): Float32Array {
  return applyTopP(softmax(logits, sampling.temperature), sampling.topP);
}

/** Inverse-CDF draw with a caller-supplied uniform, so draws are reproducible. */
export function sampleFromDistribution(probs: ArrayLike<number>, uniform: number): number {
  let total = 0;
  for (let i = 0; i < probs.length; i++) total += probs[i];
  const target = uniform * total;
  let cumulative = 0;
  let lastPositive = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cumulative += probs[i];
    lastPositive = i;
    if (target < cumulative) return i;
  }
  // Rounding can leave target ≥ cumulative: the last token with mass is the right answer then.
  return lastPositive;
}

/** norm(max(0, p − q)): what a rejected draft position is resampled from. */
export function residualDistribution(p: ArrayLike<number>, q: ArrayLike<number>): Float32Array | null {
  const out = new Float32Array(p.length);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const r = p[i] - q[i];
    if (r > 0) {
      out[i] = r;
      sum += r;
    }
  }
  if (!(sum > 0)) return null; // p == q: a rejection cannot happen, callers fall back to p
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** One token from a logits row: argmax when greedy, else a seeded draw from the shaped distribution. */
export function chooseToken(row: ArrayLike<number>, sampling: SamplingParams, rng: () => number): number {
  return isGreedy(sampling) ? argmax(row) : sampleFromDistribution(samplingDistribution(row, sampling), rng());
}
