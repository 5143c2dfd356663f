import type { PassRecord } from './pass-records.ts';

/**
 * What the charts draw, from the pass records: pure functions, so a live run and a replayed trace
 * give the same numbers, and tests check them without a DOM.
 */

export interface HistogramBin {
  /** Tokens one target pass emitted (accepted drafts + the target's own token). */
  tokens: number;
  /** Passes that emitted that many. */
  passes: number;
  /** Passes expected to, under Leviathan et al.'s model with the measured α and each pass's γ. */
  expected: number;
}

export interface TokensPerPassHistogram {
  bins: HistogramBin[];
  /** Σ passes over the bins: the lane's target passes. */
  totalPasses: number;
  /** Σ tokens·passes / totalPasses: the histogram's mean, which is τ. */
  mean: number;
  /** The α the expectation used (measuredAlpha of the same passes). */
  alpha: number;
}

/**
 * Tokens emitted per target pass, with the expected count drawn over it. Bins run from 0 (a pass
 * a stop condition cut to nothing) or 1 up to the longest draft + 1, so both the observed and
 * the expected mass have a bin.
 */
export function tokensPerPassHistogram(passes: readonly PassRecord[]): TokensPerPassHistogram {
  const alpha = measuredAlpha(passes);
  const longest = passes.reduce((max, pass) => Math.max(max, pass.drafted + 1, pass.emitted), 1);
  const lowest = passes.some((pass) => pass.emitted === 0) ? 0 : 1;
  const observed = new Array<number>(longest + 1).fill(0);
  let tokens = 0;
  for (const pass of passes) {
    observed[pass.emitted] += 1;
    tokens += pass.emitted;
  }
  const expected = leviathanExpectedCounts(
    passes.map((pass) => pass.drafted),
    alpha,
  );
  const bins: HistogramBin[] = [];
  for (let n = lowest; n <= longest; n++) bins.push({ tokens: n, passes: observed[n], expected: expected[n] ?? 0 });
  return { bins, totalPasses: passes.length, mean: passes.length > 0 ? tokens / passes.length : 0, alpha };
}

/**
 * Leviathan et al. (2023) model each draft token as accepted independently with probability α.
 * With γ drafted, the accepted count k has
 *   P(k) = α^k (1 − α)  for k < γ,   P(γ) = α^γ,
 * and the pass emits k + 1 tokens (the target's correction or bonus), so its mean is
 *   E[tokens] = (1 − α^(γ+1)) / (1 − α).
 * With an adaptive γ each pass has its own γ: the expected number of passes emitting n tokens is
 *   E[N(n)] = Σ_γ N_γ · P_γ(n − 1),   N_γ = passes that drafted γ tokens,
 * the mixture of the per-γ distributions weighted by how often each γ was drafted.
 * Returns E[N(n)] indexed by n (index 0 is always 0: every pass emits at least one token).
 */
export function leviathanExpectedCounts(draftLengths: readonly number[], alpha: number): number[] {
  const passesPerGamma = new Map<number, number>();
  for (const gamma of draftLengths) passesPerGamma.set(gamma, (passesPerGamma.get(gamma) ?? 0) + 1);
  const longest = Math.max(0, ...passesPerGamma.keys());
  const expected = new Array<number>(longest + 2).fill(0);
  for (const [gamma, passes] of passesPerGamma) {
    acceptedCountDistribution(gamma, alpha).forEach((p, k) => {
      expected[k + 1] += passes * p;
    });
  }
  return expected;
}

/** P(k accepted of γ drafted) for k = 0..γ under i.i.d. acceptance with probability α. */
export function acceptedCountDistribution(gamma: number, alpha: number): number[] {
  return Array.from({ length: gamma + 1 }, (_, k) => (k < gamma ? alpha ** k * (1 - alpha) : alpha ** gamma));
}

/**
 * α as the worker's stats define it: accepted drafts over drafts the target judged, where a pass
 * judges its accepted drafts and, when it rejected any, the first rejected one (the rest are never
 * looked at).
 */
export function measuredAlpha(passes: readonly PassRecord[]): number {
  let accepted = 0;
  let judged = 0;
  for (const pass of passes) {
    accepted += pass.accepted;
    judged += pass.accepted + (pass.accepted < pass.drafted ? 1 : 0);
  }
  return judged > 0 ? accepted / judged : 0;
}

export interface PositionAcceptance {
  /** 1-based position in the draft. */
  position: number;
  /** Passes in which the target judged the draft at this position (all before it accepted). */
  judged: number;
  /** Passes in which it accepted it. */
  accepted: number;
  /** accepted / judged: how often the drafter is still right this far into its draft. */
  rate: number;
}

/** Acceptance rate by draft position. Σ accepted / Σ judged over the positions is α. */
export function acceptanceByPosition(passes: readonly PassRecord[]): PositionAcceptance[] {
  const longest = passes.reduce((max, pass) => Math.max(max, pass.drafted), 0);
  const judged = new Array<number>(longest).fill(0);
  const accepted = new Array<number>(longest).fill(0);
  for (const pass of passes) {
    // Positions 1..accepted were accepted; position accepted + 1, if drafted, was judged and rejected.
    for (let i = 0; i < Math.min(pass.accepted + 1, pass.drafted); i++) judged[i] += 1;
    for (let i = 0; i < pass.accepted; i++) accepted[i] += 1;
  }
  return judged.map((count, i) => ({
    position: i + 1,
    judged: count,
    accepted: accepted[i],
    rate: count > 0 ? accepted[i] / count : 0,
  }));
}

export interface TimeSplit {
  draftMs: number;
  verifyMs: number;
  otherMs: number;
}

/** The whole lane's time by kind: the sums of the per-pass bars. */
export function totalTimeSplit(passes: readonly PassRecord[]): TimeSplit {
  const total = { draftMs: 0, verifyMs: 0, otherMs: 0 };
  for (const pass of passes) {
    total.draftMs += pass.draftMs;
    total.verifyMs += pass.verifyMs;
    total.otherMs += pass.otherMs;
  }
  return total;
}

export interface ProgressPoint {
  /** The lane's generation time so far, ms. */
  ms: number;
  tokens: number;
}

/** A lane's output over its own time, from (0, 0): the race chart draws both lanes from one origin. */
export function tokensOverTime(passes: readonly PassRecord[]): ProgressPoint[] {
  return [{ ms: 0, tokens: 0 }, ...passes.map((pass) => ({ ms: pass.elapsedMs, tokens: pass.totalTokens }))];
}
