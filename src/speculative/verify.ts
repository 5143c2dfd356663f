import type { SamplingParams } from './causal-lm.ts';
import type { EmittedToken } from './events.ts';
import type { Rng } from './rng.ts';
import { argmax, residualDistribution, sampleFromDistribution, samplingDistribution } from './sampling.ts';

export interface Verdict {
  /** How many drafted tokens were accepted (a prefix of the draft). */
  acceptedCount: number;
  /** The accepted drafts followed by the one target token (correction or bonus). */
  emitted: EmittedToken[];
}

/**
 * Greedy verification: accept the longest prefix of the draft that matches the target's argmax;
 * the target's own choice follows (a correction at the first mismatch, a bonus after a full match).
 * `targetRows[i]` are the target logits that predict the token after draft position i − 1, so
 * there are drafts.length + 1 of them.
 */
export function verifyGreedy(drafts: readonly number[], targetRows: readonly Float32Array[]): Verdict {
  const emitted: EmittedToken[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const choice = argmax(targetRows[i]);
    if (choice !== drafts[i]) {
      emitted.push({ id: choice, source: 'correction' });
      return { acceptedCount: i, emitted };
    }
    emitted.push({ id: drafts[i], source: 'accepted' });
  }
  emitted.push({ id: argmax(targetRows[drafts.length]), source: drafts.length > 0 ? 'bonus' : 'target' });
  return { acceptedCount: drafts.length, emitted };
}

/**
 * Rejection sampling (Leviathan et al. 2023; Chen et al. 2023): accept draft dᵢ with probability
 * min(1, p(dᵢ)/q(dᵢ)); at the first rejection draw from norm(max(0, p − q)); after a full
 * acceptance draw the bonus from p. The emitted tokens are then distributed exactly as the target
 * (shaped by the same temperature and top-p) would sample them.
 */
export function verifyStochastic(
  drafts: readonly number[],
  draftDistributions: readonly Float32Array[],
  targetRows: readonly Float32Array[],
  sampling: SamplingParams,
  rng: Rng,
): Verdict {
  const emitted: EmittedToken[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const p = samplingDistribution(targetRows[i], sampling);
    const q = draftDistributions[i];
    const token = drafts[i];
    // u < p/q, written without the division so q(token) = 0 (impossible for a sampled draft) is safe.
    if (rng() * q[token] < p[token]) {
      emitted.push({ id: token, source: 'accepted' });
      continue;
    }
    const residual = residualDistribution(p, q) ?? p;
    emitted.push({ id: sampleFromDistribution(residual, rng()), source: 'correction' });
    return { acceptedCount: i, emitted };
  }
  const last = samplingDistribution(targetRows[drafts.length], sampling);
  emitted.push({ id: sampleFromDistribution(last, rng()), source: drafts.length > 0 ? 'bonus' : 'target' });
  return { acceptedCount: drafts.length, emitted };
}
