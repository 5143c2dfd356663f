import { seededRng } from '../../../src/speculative/rng.ts';

/** How far the GPU's logits rows are from the CPU reference's. */
export interface RowDiff {
  /** max |gpu − cpu| over every row and entry (NaN counts as infinite). */
  maxAbs: number;
  /** max |cpu| over the rows: what the difference is relative to. */
  scale: number;
  /** maxAbs / max(1, scale). */
  relative: number;
  /** Rows whose argmax differs. */
  argmaxMismatches: number;
}

export function compareRows(gpu: readonly Float32Array[], cpu: readonly Float32Array[]): RowDiff {
  if (gpu.length !== cpu.length) throw new Error(`${gpu.length} GPU rows vs ${cpu.length} CPU rows`);
  let maxAbs = 0;
  let scale = 0;
  let argmaxMismatches = 0;
  gpu.forEach((row, r) => {
    if (row.length !== cpu[r].length) throw new Error(`row ${r}: ${row.length} vs ${cpu[r].length} logits`);
    for (let i = 0; i < row.length; i++) {
      const d = Math.abs(row[i] - cpu[r][i]);
      if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
      scale = Math.max(scale, Math.abs(cpu[r][i]));
    }
    if (argmaxOf(row) !== argmaxOf(cpu[r])) argmaxMismatches++;
  });
  return { maxAbs, scale, relative: maxAbs / Math.max(1, scale), argmaxMismatches };
}

/** The worst of several diffs (max of each field). */
export function worst(diffs: readonly RowDiff[]): RowDiff {
  return diffs.reduce(
    (a, b) => ({
      maxAbs: Math.max(a.maxAbs, b.maxAbs),
      scale: Math.max(a.scale, b.scale),
      relative: Math.max(a.relative, b.relative),
      argmaxMismatches: a.argmaxMismatches + b.argmaxMismatches,
    }),
    { maxAbs: 0, scale: 0, relative: 0, argmaxMismatches: 0 },
  );
}

function argmaxOf(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Deterministic token ids in [0, vocab). */
export function tokenIds(length: number, seed: number, vocab: number): number[] {
  const rng = seededRng(seed);
  return Array.from({ length }, () => Math.floor(rng() * vocab));
}
