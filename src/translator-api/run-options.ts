import { MAX_NEW_TOKENS } from '../protocol/protocol.ts';
import { createDraftPolicy } from '../speculative/draft-policy.ts';
import { validateSampling } from '../speculative/sampling.ts';
import type { TranslateEvent, TranslateRequest } from '../protocol/protocol.ts';

/** Tandem's per-call options (under `tandem` in translate()/translateStreaming(); defaults in create()). */
export interface TandemRunOptions {
  /** 'speculative' (default), 'autoregressive', or 'race' (both, then the speculative output). */
  mode?: TranslateRequest['mode'];
  draftPolicy?: TranslateRequest['draftPolicy'];
  /** Greedy when absent: the output is then the same in every mode. */
  sampling?: TranslateRequest['sampling'];
  /** Per sentence, 1 to 1 024 (the paper's limit); each sentence's prompt is sized to leave room for it. */
  maxNewTokens?: TranslateRequest['maxNewTokens'];
  /** Every worker event of the run: tokens with their provenance, rejected drafts, stats. */
  onStep?: (event: TranslateEvent) => void;
}

/**
 * Tandem's run options checked the moment they are given (create() for the defaults, each
 * translate() for its own), as WebIDL would check a dictionary: TypeError for a value of the wrong
 * type or outside an enum, RangeError for a number outside its range. A bad option must never
 * cost a model load or minutes of decoding before it fails.
 */

const MODES: readonly NonNullable<TandemRunOptions['mode']>[] = ['speculative', 'autoregressive', 'race'];
const POLICIES = ['fixed', 'heuristic', 'confidence'] as const;

export function validateRunOptions(options: TandemRunOptions, where: string): void {
  const fail = (Kind: typeof TypeError | typeof RangeError, message: string): never => {
    throw new Kind(`${where}: ${message}`);
  };
  const { mode, maxNewTokens, sampling, draftPolicy, onStep } = options;
  if (mode !== undefined && !MODES.includes(mode))
    fail(TypeError, `tandem.mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${describe(mode)}.`);
  if (maxNewTokens !== undefined) {
    if (typeof maxNewTokens !== 'number')
      fail(TypeError, `tandem.maxNewTokens must be a number, got ${describe(maxNewTokens)}.`);
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS)
      fail(RangeError, `tandem.maxNewTokens must be an integer from 1 to ${MAX_NEW_TOKENS}, got ${maxNewTokens}.`);
  }
  if (sampling !== undefined) {
    if (sampling === null || typeof sampling !== 'object')
      fail(TypeError, `tandem.sampling must be an object {temperature, topP}, got ${describe(sampling)}.`);
    for (const key of ['temperature', 'topP'] as const) {
      if (typeof sampling[key] !== 'number')
        fail(TypeError, `tandem.sampling.${key} must be a number, got ${describe(sampling[key])}.`);
    }
    rethrowAs(RangeError, where, () => validateSampling(sampling));
  }
  if (draftPolicy !== undefined) {
    if (draftPolicy === null || typeof draftPolicy !== 'object' || !POLICIES.includes(draftPolicy.kind))
      fail(TypeError, `tandem.draftPolicy.kind must be one of ${POLICIES.map((p) => `'${p}'`).join(', ')}.`);
    rethrowAs(RangeError, where, () => createDraftPolicy(draftPolicy));
  }
  if (onStep !== undefined && typeof onStep !== 'function') fail(TypeError, 'tandem.onStep must be a function.');
}

/** The core's checks (InvalidArgumentError) as the API's error class, with the core's words. */
function rethrowAs(Kind: typeof RangeError, where: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    throw new Kind(`${where}: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
