import { InvalidArgumentError } from '../errors.ts';
import type { EmittedToken, FinishReason, TokenSource } from './events.ts';

export interface StopConditions {
  /** Upper bound on emitted tokens (≥ 1). */
  maxNewTokens: number;
  /** Generation ends when one of these is produced; the EOS token itself is not emitted. */
  eosTokenIds: readonly number[];
  /** Generation ends once the decoded output contains one of these; the output keeps it. */
  stopStrings?: readonly string[];
  /** Needed with stopStrings: decodes output token ids to text. */
  decode?: (ids: readonly number[]) => string;
}

export function validateStopConditions(stop: StopConditions): void {
  if (!Number.isInteger(stop.maxNewTokens) || stop.maxNewTokens < 1) {
    throw new InvalidArgumentError(`maxNewTokens must be an integer ≥ 1, got ${stop.maxNewTokens}`);
  }
  if (stop.stopStrings?.some((s) => s.length === 0)) {
    throw new InvalidArgumentError('stop strings must not be empty');
  }
  if (stop.stopStrings && stop.stopStrings.length > 0 && !stop.decode) {
    throw new InvalidArgumentError('stopStrings need a decode function to see the text');
  }
}

/**
 * The output of one generation. Both decoders (autoregressive and speculative) push tokens through
 * the same gate, so they stop at exactly the same token for the same stream.
 */
export class OutputAccumulator {
  readonly tokens: number[] = [];
  readonly sources: TokenSource[] = [];
  finishReason: FinishReason | null = null;
  private readonly eos: ReadonlySet<number>;
  private readonly longestStop: number;

  constructor(private readonly stop: StopConditions) {
    this.eos = new Set(stop.eosTokenIds);
    this.longestStop = Math.max(0, ...(stop.stopStrings ?? []).map((s) => s.length));
  }

  get done(): boolean {
    return this.finishReason !== null;
  }

  /** Room left before maxNewTokens. */
  get remaining(): number {
    return this.stop.maxNewTokens - this.tokens.length;
  }

  /** Appends tokens until a stop condition fires; returns those actually emitted. */
  push(candidates: readonly EmittedToken[]): EmittedToken[] {
    const emitted: EmittedToken[] = [];
    for (const token of candidates) {
      if (this.done) break;
      if (this.eos.has(token.id)) {
        this.finishReason = 'eos';
        break;
      }
      this.tokens.push(token.id);
      this.sources.push(token.source);
      emitted.push(token);
      if (this.hitStopString()) this.finishReason = 'stop-string';
      else if (this.tokens.length >= this.stop.maxNewTokens) this.finishReason = 'max-tokens';
    }
    return emitted;
  }

  abort(): void {
    this.finishReason ??= 'aborted';
  }

  private hitStopString(): boolean {
    const { stopStrings, decode } = this.stop;
    if (!stopStrings || stopStrings.length === 0 || !decode) return false;
    // We stop at the first occurrence, so any occurrence is new and ends in the last token. A
    // string of L characters spans at most 4·L tokens (byte-fallback tokens carry a quarter
    // character at worst): decoding that window is enough, not the whole output.
    const text = decode(this.tokens.slice(-(4 * this.longestStop + 4)));
    return stopStrings.some((s) => text.includes(s));
  }
}
