import { InvalidArgumentError } from '../errors.ts';

/**
 * Decides how many tokens the drafter proposes each step. `maxDraftLength` is asked before a
 * step; `continueAfter` may end a draft early once the drafter is unsure (engines that draft in
 * one GPU submission cut the draft there instead); `observe` learns from the step's outcome.
 */
export interface DraftLengthPolicy {
  readonly name: string;
  maxDraftLength(): number;
  continueAfter(confidence: number, index: number): boolean;
  observe(drafted: number, accepted: number): void;
  reset(): void;
}

export type DraftPolicyConfig =
  | { kind: 'fixed'; draftLength: number }
  | { kind: 'heuristic'; initial?: number; max?: number }
  | { kind: 'confidence'; threshold?: number; initial?: number; max?: number };

export function createDraftPolicy(config: DraftPolicyConfig): DraftLengthPolicy {
  switch (config.kind) {
    case 'fixed':
      return new FixedDraftLength(config.draftLength);
    case 'heuristic':
      return new HeuristicDraftLength(config.initial, config.max);
    case 'confidence':
      return new ConfidenceDraftLength(config.threshold, config.initial, config.max);
  }
}

function checkLength(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
  return value;
}

/** γ tokens every step. γ = 0 degenerates to autoregressive decoding through the spec loop. */
export class FixedDraftLength implements DraftLengthPolicy {
  readonly name: string;
  constructor(private readonly draftLength: number) {
    checkLength('draftLength', draftLength, 0);
    this.name = `fixed γ=${draftLength}`;
  }
  maxDraftLength(): number {
    return this.draftLength;
  }
  continueAfter(): boolean {
    return true;
  }
  observe(): void {}
  reset(): void {}
}

/**
 * The longest draft the loop ever asks for, and so what every drafter engine must accept in one
 * draft(k) call. The HF heuristic grows γ by 2 per fully accepted draft; past ~32 tokens a verify
 * pass costs more than the accepted tail saves even at high α. The one place this limit is set.
 */
export const MAX_DRAFT_LENGTH = 32;

/**
 * Hugging Face's assisted-generation heuristic, which the paper's code used: start at 5, +2 after
 * a fully accepted draft, −1 otherwise, never below 1. The cap keeps a run of easy tokens from
 * growing drafts past what a verify pass handles cheaply.
 */
export class HeuristicDraftLength implements DraftLengthPolicy {
  readonly name = 'heuristic (HF)';
  private current: number;
  constructor(
    private readonly initial = 5,
    private readonly max = MAX_DRAFT_LENGTH,
  ) {
    checkLength('initial', initial, 1);
    checkLength('max', max, initial);
    this.current = initial;
  }
  maxDraftLength(): number {
    return this.current;
  }
  continueAfter(): boolean {
    return true;
  }
  observe(drafted: number, accepted: number): void {
    this.current = accepted === drafted ? Math.min(this.max, this.current + 2) : Math.max(1, this.current - 1);
  }
  reset(): void {
    this.current = this.initial;
  }
}

/**
 * Tandem's policy: draft while the drafter is confident (its probability for the token it just
 * proposed stays at or above `threshold`), up to a cap that adapts like the heuristic. A drafter's
 * own confidence predicts acceptance well for a distilled drafter, so unsure tails are not sent to
 * the target, while long easy runs (names, numbers, copied words) still draft far ahead.
 */
export class ConfidenceDraftLength implements DraftLengthPolicy {
  readonly name: string;
  private cap: number;
  constructor(
    private readonly threshold = 0.4,
    private readonly initial = 6,
    private readonly max = 12,
  ) {
    if (!(threshold >= 0 && threshold < 1)) {
      throw new InvalidArgumentError(`threshold must be in [0, 1), got ${threshold}`);
    }
    checkLength('initial', initial, 1);
    checkLength('max', max, initial);
    this.cap = initial;
    this.name = `confidence ≥ ${threshold}`;
  }
  maxDraftLength(): number {
    return this.cap;
  }
  continueAfter(confidence: number): boolean {
    return confidence >= this.threshold;
  }
  observe(drafted: number, accepted: number): void {
    // Only a draft that ran to the cap and was fully accepted says the cap was too small.
    if (accepted === drafted && drafted === this.cap) this.cap = Math.min(this.max, this.cap + 2);
    else if (accepted < drafted) this.cap = Math.max(this.initial, this.cap - 1);
  }
  reset(): void {
    this.cap = this.initial;
  }
}
