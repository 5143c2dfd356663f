import type { GenerationStats } from '../speculative/events.ts';

/**
 * One lane's statistics over several segments. Each segment is its own generation (its own
 * prompt), so its stats start from zero; the page wants the lane's totals. α needs the number of
 * rejecting steps, which GenerationStats does not carry, so callers count them from the steps.
 */
export interface StatsPart {
  stats: GenerationStats;
  /** Steps whose draft the target cut short (0 or 1 per step). */
  rejections: number;
}

const SUMMED = [
  'targetPasses',
  'emittedTokens',
  'draftedTokens',
  'acceptedTokens',
  'prefillMs',
  'draftMs',
  'verifyMs',
  'otherMs',
  'totalMs',
  'drafterCalls',
] as const;

export function combineStats(parts: readonly StatsPart[]): GenerationStats {
  const sum = Object.fromEntries(
    SUMMED.map((key) => [key, parts.reduce((total, part) => total + part.stats[key], 0)]),
  ) as Record<(typeof SUMMED)[number], number>;
  const rejections = parts.reduce((total, part) => total + part.rejections, 0);
  const judged = sum.acceptedTokens + rejections;
  return {
    ...sum,
    acceptanceRate: judged > 0 ? sum.acceptedTokens / judged : 0,
    draftEfficiency: sum.draftedTokens > 0 ? sum.acceptedTokens / sum.draftedTokens : 0,
    meanTokensPerPass: sum.targetPasses > 0 ? sum.emittedTokens / sum.targetPasses : 0,
    tokensPerSecond: sum.totalMs > 0 ? (sum.emittedTokens * 1000) / sum.totalMs : 0,
  };
}

/** Speculative over autoregressive tokens/s; 0 when either lane produced nothing measurable. */
export function speedupOf(autoregressive: GenerationStats, speculative: GenerationStats): number {
  if (!(autoregressive.tokensPerSecond > 0) || !(speculative.tokensPerSecond > 0)) return 0;
  return speculative.tokensPerSecond / autoregressive.tokensPerSecond;
}
