/**
 * What the loop reports. Small plain records: they cross the worker boundary as they are and
 * drive the acceptance overlay and the statistics.
 */

/**
 * Where an emitted token came from:
 * - 'accepted': a drafted token the target agreed with (or accepted by rejection sampling);
 * - 'correction': the target's token in place of the first rejected draft;
 * - 'bonus': the target's extra token after every draft was accepted;
 * - 'target': a token from a target pass with nothing drafted (autoregressive decoding, γ = 0).
 */
export type TokenSource = 'accepted' | 'correction' | 'bonus' | 'target';

export interface EmittedToken {
  id: number;
  source: TokenSource;
}

export interface StepTiming {
  draftMs: number;
  verifyMs: number;
}

export interface StepEvent {
  /** 0-based index of the target pass that produced these tokens. */
  step: number;
  /** Tokens the drafter proposed this step, in order (empty for autoregressive steps). */
  drafted: number[];
  /** How many of them the target accepted. */
  acceptedCount: number;
  /** Drafted tokens the target rejected: the first mismatch and everything after it. */
  rejected: number[];
  /** Tokens appended to the output this step, with provenance (cut short by a stop condition). */
  emitted: EmittedToken[];
  timing: StepTiming;
  /** Running statistics after this step. */
  stats: GenerationStats;
}

export type FinishReason = 'eos' | 'max-tokens' | 'stop-string' | 'aborted';

export interface GenerationStats {
  /** Target passes after the prefill; each emits at least one token. */
  targetPasses: number;
  emittedTokens: number;
  draftedTokens: number;
  acceptedTokens: number;
  /**
   * Per-token acceptance rate α: accepted / (accepted + rejections), i.e. over the drafted tokens
   * the target actually judged (tokens after a rejection are never judged). The maximum-likelihood
   * estimate of the α in Leviathan et al.'s speedup formula.
   */
  acceptanceRate: number;
  /** accepted / drafted: what share of the drafting work ended up in the output. */
  draftEfficiency: number;
  /** τ: mean tokens emitted per target pass (the paper's "mean accepted tokens"). */
  meanTokensPerPass: number;
  /** Emitted tokens per second of the whole generation, prefill included. */
  tokensPerSecond: number;
  prefillMs: number;
  draftMs: number;
  verifyMs: number;
  /** Everything else: acceptance logic, sampling, stop checks, event callbacks. */
  otherMs: number;
  totalMs: number;
  /** Drafter calls that fed tokens (generic path) or draft() calls (fast path). */
  drafterCalls: number;
}

export interface GenerationResult {
  tokens: number[];
  sources: TokenSource[];
  finishReason: FinishReason;
  stats: GenerationStats;
}
