import type { CausalLM } from '../speculative/causal-lm.ts';
import { AcceptanceTally, generateGreedy, type GenerationLimits } from './generation.ts';

/**
 * Measurement before trust: on the held-out sentences, the target decodes each one
 * autoregressively, then speculatively with the base drafter and with the new one (greedy, the same
 * limits). α, τ and per-sentence tokens/s (the paper's mean of per-sample rates) for each drafter,
 * side by side, and every speculative output compared with the autoregressive one token for token.
 */

export interface DrafterMeasure {
  /** Accepted over judged drafts, over all held-out sentences; null if nothing was drafted. */
  alpha: number | null;
  /** Tokens per target pass. */
  tau: number | null;
  /** Mean over sentences of each sentence's tokens/s. */
  tokensPerSecond: number;
  /** tokensPerSecond over the autoregressive one. */
  speedup: number;
  /** Sentences whose output equals the autoregressive output token for token. */
  identical: number;
}

export interface EvaluationReport {
  sentences: number;
  maxNewTokens: number;
  autoregressive: { tokensPerSecond: number };
  base: DrafterMeasure;
  forged: DrafterMeasure;
  /** Per held-out sentence, each drafter's α (null when it drafted nothing there): the chart's data. */
  perSentence: { base: number | null; forged: number | null }[];
  /** Held-out indices where a speculative output differed from the autoregressive one (must be empty). */
  mismatches: number[];
}

export interface EvaluationProgress {
  done: number;
  total: number;
}

export async function evaluateDrafters(options: {
  target: CausalLM;
  base: CausalLM;
  forged: CausalLM;
  prompts: readonly (readonly number[])[];
  limits: GenerationLimits;
  onProgress?: (progress: EvaluationProgress) => void;
}): Promise<EvaluationReport> {
  const { target, prompts, limits } = options;
  const tallies = { base: new AcceptanceTally(), forged: new AcceptanceTally() };
  const rates = { autoregressive: [] as number[], base: [] as number[], forged: [] as number[] };
  const identical = { base: 0, forged: 0 };
  const perSentence: EvaluationReport['perSentence'] = [];
  const mismatches = new Set<number>();
  for (const [index, prompt] of prompts.entries()) {
    const reference = await generateGreedy(target, null, prompt, limits);
    rates.autoregressive.push(reference.result.stats.tokensPerSecond);
    const row: EvaluationReport['perSentence'][number] = { base: null, forged: null };
    for (const which of ['base', 'forged'] as const) {
      const run = await generateGreedy(target, options[which], prompt, limits);
      const local = new AcceptanceTally();
      local.add(run);
      tallies[which].add(run);
      rates[which].push(run.result.stats.tokensPerSecond);
      row[which] = local.alpha;
      if (run.result.tokens.join() === reference.result.tokens.join()) identical[which] += 1;
      else mismatches.add(index);
    }
    perSentence.push(row);
    options.onProgress?.({ done: index + 1, total: prompts.length });
  }
  const arRate = mean(rates.autoregressive);
  const measure = (which: 'base' | 'forged'): DrafterMeasure => ({
    alpha: tallies[which].alpha,
    tau: tallies[which].tau,
    tokensPerSecond: mean(rates[which]),
    speedup: arRate > 0 ? mean(rates[which]) / arRate : 0,
    identical: identical[which],
  });
  return {
    sentences: prompts.length,
    maxNewTokens: limits.maxNewTokens,
    autoregressive: { tokensPerSecond: arRate },
    base: measure('base'),
    forged: measure('forged'),
    perSentence,
    mismatches: [...mismatches].sort((a, b) => a - b),
  };
}

/** The install rule: the new drafter must draft better than the base on held-out text, losslessly. */
export function improved(report: EvaluationReport): boolean {
  return (
    report.mismatches.length === 0 &&
    report.forged.alpha !== null &&
    (report.base.alpha === null || report.forged.alpha > report.base.alpha)
  );
}

function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
