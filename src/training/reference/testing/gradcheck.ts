import { TrainingRng } from '../../rng.ts';
import type { Floats } from '../ops/floats.ts';

/** Test helpers: seeded float64 data and central finite differences. */

/** `length` uniform values in [−scale, scale), seeded. */
export function randomFloat64(length: number, seed: number, scale = 1): Float64Array {
  const rng = new TrainingRng(seed);
  return Float64Array.from({ length }, () => (2 * rng.next() - 1) * scale);
}

/** Σ a ⊙ b in float64: the scalar objective L = Σ dout ⊙ out whose gradient wrt out is dout. */
export function dot(a: Floats, b: Floats): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * ∂f/∂x[i] by central differences, perturbing x[i] in place and restoring it. The step is divided
 * by the perturbation actually stored, so float32 rounding of x ± h does not bias the estimate.
 */
export function centralDifference(f: () => number, x: Floats, i: number, h: number): number {
  const original = x[i];
  x[i] = original + h;
  const plus = x[i];
  const fPlus = f();
  x[i] = original - h;
  const minus = x[i];
  const fMinus = f();
  x[i] = original;
  return (fPlus - fMinus) / (plus - minus);
}

/** |a − n| / max(|a|, |n|, floor): relative error that does not blow up near zero. */
export function relativeError(analytic: number, numeric: number, floor: number): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
}

/**
 * Checks analytic[i] against the central difference of f at the given indices of x (all when
 * omitted); throws naming the worst index when any relative error exceeds `tolerance`.
 */
export function checkGradient(
  label: string,
  f: () => number,
  x: Floats,
  analytic: Floats,
  options: { tolerance: number; h: number; floor: number; indices?: readonly number[] },
): number {
  const indices = options.indices ?? Array.from({ length: x.length }, (_, i) => i);
  let worst = 0;
  let worstIndex = -1;
  let worstPair: [number, number] = [0, 0];
  for (const i of indices) {
    const numeric = centralDifference(f, x, i, options.h);
    const error = relativeError(analytic[i], numeric, options.floor);
    if (error > worst) [worst, worstIndex, worstPair] = [error, i, [analytic[i], numeric]];
  }
  if (worst > options.tolerance) {
    throw new Error(
      `${label}: gradient at index ${worstIndex} is ${worstPair[0]}, finite differences give ${worstPair[1]} ` +
        `(relative error ${worst.toExponential(2)} > ${options.tolerance})`,
    );
  }
  return worst;
}
