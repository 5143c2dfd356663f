/** Global gradient-norm clipping, as torch.nn.utils.clip_grad_norm_ does it. */

/** √(Σ g²) over every value of every tensor, summed in float64. */
export function globalNorm(tensors: readonly Float32Array[]): number {
  let sumOfSquares = 0;
  for (const t of tensors) for (let i = 0; i < t.length; i++) sumOfSquares += t[i] * t[i];
  return Math.sqrt(sumOfSquares);
}

/**
 * The factor gradients are multiplied by so their global norm is at most `clipNorm`: 1 when already
 * within (never scaled up), clipNorm / (norm + 1e-6) otherwise (PyTorch's small guard against 0).
 */
export function clipCoefficient(norm: number, clipNorm: number): number {
  if (!Number.isFinite(clipNorm)) return 1;
  return Math.min(1, clipNorm / (norm + 1e-6));
}
