import type { TimestampTap } from './timestamps.ts';

/** One timed call: wall clock on the CPU (submit to readback), and GPU time of its passes when timestamps exist. */
export interface Timing {
  wallMs: number;
  /** Sum of the durations of the compute passes the call submitted; null without timestamp-query. */
  gpuMs: number | null;
}

export async function timed<T>(
  tap: TimestampTap | undefined,
  task: () => Promise<T>,
): Promise<{ value: T; timing: Timing }> {
  const start = performance.now();
  if (!tap) {
    const value = await task();
    return { value, timing: { wallMs: performance.now() - start, gpuMs: null } };
  }
  const { value, gpuMs, wallMs } = await tap.measure(task);
  return { value, timing: { wallMs, gpuMs } };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of wall and GPU time over samples (GPU: null unless every sample has it). */
export function medianTiming(samples: readonly Timing[]): Timing {
  const gpu = samples.map((s) => s.gpuMs);
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    gpuMs: gpu.every((g): g is number => g !== null) && gpu.length > 0 ? median(gpu) : null,
  };
}

/** Runs `once` warm-up times (untimed results discarded), then `reps` timed times; returns the median. */
export async function repeatTimed(
  tap: TimestampTap | undefined,
  reps: number,
  warmUp: number,
  once: () => Promise<unknown>,
  before?: () => void | Promise<void>,
): Promise<Timing & { samples: number }> {
  const samples: Timing[] = [];
  for (let i = 0; i < warmUp + reps; i++) {
    await before?.();
    const { timing } = await timed(tap, once);
    if (i >= warmUp) samples.push(timing);
  }
  return { ...medianTiming(samples), samples: samples.length };
}

export function ms(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}
