/**
 * Leviathan et al. (2023): the expected speedup of speculative decoding over plain decoding when
 * each drafted token is accepted with probability α, γ tokens are drafted per step, and one drafter
 * step costs c target steps: S = (1 − α^(γ+1)) / ((1 − α)(γ·c + 1)). The `+ 1` is the verify
 * pass, assumed to cost one decode pass; `verifyCost` replaces it with a measured ratio.
 */
export function leviathanSpeedup(alpha: number, gamma: number, c: number, verifyCost = 1): number {
  if (!(alpha >= 0 && alpha < 1)) throw new RangeError(`alpha must be in [0, 1), got ${alpha}`);
  if (!(Number.isInteger(gamma) && gamma >= 1)) throw new RangeError(`gamma must be a positive integer, got ${gamma}`);
  if (!(c >= 0) || !(verifyCost > 0))
    throw new RangeError(`c must be ≥ 0 and verifyCost > 0, got c=${c}, verifyCost=${verifyCost}`);
  return (1 - alpha ** (gamma + 1)) / ((1 - alpha) * (gamma * c + verifyCost));
}

/** The paper's operating point (De→En): α ≈ 0.71, γ = 5. */
export const PAPER_ALPHA = 0.71;
export const PAPER_GAMMA = 5;
