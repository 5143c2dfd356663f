import { PAIRS, type Pair, type SampleRecord } from './page/types.ts';

/**
 * The paper's metrics from raw samples. Speedup of a method on a pair = mean per-sample tokens/s of
 * the method over mean per-sample tokens/s of autoregressive decoding on the same prompts (the
 * paper's definition); the mean column averages the pairs, as Table 1 does.
 */

export const AUTOREGRESSIVE = 'autoregressive';

export interface Cell {
  samples: number;
  tokensPerSecond: number;
  speedup: number;
  tau: number;
  alpha: number;
  draftMs: number;
  verifyMs: number;
}

export interface MethodRow {
  method: string;
  cells: Partial<Record<Pair, Cell>>;
  meanSpeedup: number | null;
  meanTau: number | null;
}

export interface Losslessness {
  compared: number;
  mismatches: number;
  /** Mismatches whose logit gap was below the near-tie ε (reduction-order noise of the target). */
  nearTies: number;
  /** One line per mismatch. */
  lines: string[];
}

export interface Summary {
  rows: MethodRow[];
  losslessness: Losslessness;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

function cellOf(samples: readonly SampleRecord[], baseline: number): Cell {
  const tokensPerSecond = mean(samples.map((s) => s.tokensPerSecond));
  return {
    samples: samples.length,
    tokensPerSecond,
    speedup: tokensPerSecond / baseline,
    tau: mean(samples.map((s) => s.tau)),
    alpha: mean(samples.map((s) => s.alpha)),
    draftMs: mean(samples.map((s) => s.draftMs)),
    verifyMs: mean(samples.map((s) => s.verifyMs)),
  };
}

/** Methods in first-seen order: autoregressive, then each drafter × policy as the run ordered them. */
export function summarize(samples: readonly SampleRecord[]): Summary {
  const inTable = samples.filter((s) => !s.crossDomain);
  const methods = [...new Set(inTable.map((s) => s.method))];
  const baseline = new Map<Pair, number>();
  for (const pair of PAIRS) {
    const ar = inTable.filter((s) => s.pair === pair && s.method === AUTOREGRESSIVE);
    if (ar.length > 0) baseline.set(pair, mean(ar.map((s) => s.tokensPerSecond)));
  }
  const rows = methods.map((method): MethodRow => {
    const cells: Partial<Record<Pair, Cell>> = {};
    for (const pair of PAIRS) {
      const these = inTable.filter((s) => s.pair === pair && s.method === method);
      const base = baseline.get(pair);
      if (these.length > 0 && base !== undefined) cells[pair] = cellOf(these, base);
    }
    const present = Object.values(cells);
    return {
      method,
      cells,
      meanSpeedup: present.length > 0 ? mean(present.map((c) => c.speedup)) : null,
      meanTau: present.length > 0 ? mean(present.map((c) => c.tau)) : null,
    };
  });
  return { rows, losslessness: losslessnessOf(samples) };
}

export function losslessnessOf(samples: readonly SampleRecord[]): Losslessness {
  const compared = samples.filter((s) => s.matchesAutoregressive !== null);
  const bad = compared.filter((s) => s.matchesAutoregressive === false);
  return {
    compared: compared.length,
    mismatches: bad.length,
    nearTies: bad.filter((s) => s.mismatch?.nearTie === true).length,
    lines: bad.map((s) => {
      const m = s.mismatch;
      const where = m
        ? ` at output position ${m.position}: ${m.autoregressiveToken} (autoregressive) vs ${m.speculativeToken}`
        : '';
      const gap = m?.gap != null ? `, logit gap ${m.gap.toPrecision(3)}` : '';
      const kind = m?.nearTie === true ? ' → near-tie (noise)' : m?.nearTie === false ? ' → REAL MISMATCH' : '';
      return `${s.pair} ${s.questionId} ${s.method}${where}${gap}${kind}`;
    }),
  };
}

/** Speedup of each per-language drafter (rows) on each source language (columns), first policy. */
export interface Matrix {
  policy: string;
  drafters: Pair[];
  cells: Partial<Record<Pair, Partial<Record<Pair, { speedup: number; tau: number }>>>>;
}

export function matrixOf(samples: readonly SampleRecord[], policy: string): Matrix {
  const baseline = new Map<Pair, number>();
  for (const pair of PAIRS) {
    const ar = samples.filter((s) => s.pair === pair && s.method === AUTOREGRESSIVE);
    if (ar.length > 0) baseline.set(pair, mean(ar.map((s) => s.tokensPerSecond)));
  }
  const drafters = PAIRS.filter((d) => samples.some((s) => s.drafter === d));
  const cells: Matrix['cells'] = {};
  for (const drafter of drafters) {
    const row: Partial<Record<Pair, { speedup: number; tau: number }>> = {};
    for (const pair of PAIRS) {
      const these = samples.filter((s) => s.drafter === drafter && s.pair === pair && s.policy === policy);
      const base = baseline.get(pair);
      if (these.length > 0 && base !== undefined) {
        row[pair] = { speedup: mean(these.map((s) => s.tokensPerSecond)) / base, tau: mean(these.map((s) => s.tau)) };
      }
    }
    cells[drafter] = row;
  }
  return { policy, drafters, cells };
}

/** Count of steps by accepted drafts, per speculative method (cross-domain runs left out). */
export function acceptedHistogram(samples: readonly SampleRecord[]): { method: string; counts: number[] }[] {
  const byMethod = new Map<string, number[]>();
  for (const s of samples) {
    if (s.method === AUTOREGRESSIVE || s.crossDomain) continue;
    const counts = byMethod.get(s.method) ?? [];
    for (const n of s.acceptedLengths) {
      while (counts.length <= n) counts.push(0);
      counts[n]++;
    }
    byMethod.set(s.method, counts);
  }
  return [...byMethod].map(([method, counts]) => ({ method, counts }));
}
