import type { Availability } from './backend.ts';
import { Destruction, destroyedReason, optionalCallback, requiredString } from './destroyable.ts';
import { domError } from './errors.ts';
import { bestFit, canonicalTag } from './language-tags.ts';
import { CreateMonitor, ProgressReporter, type CreateMonitorCallback } from './monitor.ts';

/**
 * Chrome's built-in LanguageDetector (spec: webmachinelearning/translation-api index.bs §3; MDN
 * "LanguageDetector"), on eld (the n-gram detector the app uses, src/models/detect-language.ts).
 * eld ships inside this library as a lazily loaded chunk, so there is nothing to download: every
 * language it knows is "available" and create()'s monitor sees 0 then 1.
 */

/** What one detection gives: eld's per-language scores (each in [0, 1], not summing to 1) and its verdict. */
export interface RawDetection {
  scores: Record<string, number>;
  reliable: boolean;
}

/** The detector behind the API; tests pass a fake. */
export interface DetectorBackend {
  /** The languages it can tell apart (canonical tags). */
  languages(): Promise<readonly string[]>;
  detect(text: string): Promise<RawDetection>;
}

export interface LanguageDetectorCreateCoreOptions {
  expectedInputLanguages?: string[];
  tandem?: { detector?: DetectorBackend };
}

export interface LanguageDetectorCreateOptions extends LanguageDetectorCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
}

export interface LanguageDetectorDetectOptions {
  signal?: AbortSignal;
}

export interface LanguageDetectionResult {
  detectedLanguage: string;
  confidence: number;
}

type Eld = typeof import('eld/extrasmall')['eld'];
let eld: Promise<Eld> | null = null;
function loadEld(): Promise<Eld> {
  eld ??= import('eld/extrasmall')
    .then((m) => m.eld)
    .catch((error: unknown) => {
      eld = null; // a failed chunk load may work later
      throw error;
    });
  return eld;
}

/** eld judges the start of long text only: enough n-grams, and detection stays fast. */
const SAMPLE_CHARS = 1000;

export const eldDetector: DetectorBackend = {
  async languages() {
    return Object.values((await loadEld()).info().Languages);
  },
  async detect(text) {
    const result = (await loadEld()).detect(text.slice(0, SAMPLE_CHARS));
    return { scores: result.language === '' ? {} : result.getScores(), reliable: result.isReliable() };
  },
};

/**
 * eld's scores are similarities, not probabilities. A softmax turns them into a distribution that
 * keeps eld's ranking: at temperature 0.05, a 0.2 lead (German over Dutch on a German sentence) is
 * a ~55× ratio. What eld calls unreliable leaves half the mass to "und"; a reliable answer 1 %.
 */
const TEMPERATURE = 0.05;
const UNKNOWN_IF_RELIABLE = 0.01;
const UNKNOWN_IF_UNRELIABLE = 0.5;

/** The spec's "detect languages" output steps over one raw detection. */
export function detectionResults(raw: RawDetection): LanguageDetectionResult[] {
  const entries = Object.entries(raw.scores).filter(([, s]) => Number.isFinite(s));
  if (entries.length === 0) return [{ detectedLanguage: 'und', confidence: 1 }];
  const unknown = raw.reliable ? UNKNOWN_IF_RELIABLE : UNKNOWN_IF_UNRELIABLE;
  const top = Math.max(...entries.map(([, s]) => s));
  const weights = entries.map(([language, s]) => [language, Math.exp((s - top) / TEMPERATURE)] as const);
  const sum = weights.reduce((a, [, w]) => a + w, 0);
  const ranked = weights.map(([language, w]) => ({
    detectedLanguage: language,
    confidence: ((1 - unknown) * w) / sum,
  }));
  ranked.sort((a, b) => b.confidence - a.confidence);
  const results: LanguageDetectionResult[] = [];
  let cumulative = 0;
  for (const result of ranked) {
    // Below 1 % of the text, or less likely than "none of these": noise (the spec's note).
    if (result.confidence === 0 || result.confidence < unknown) break;
    results.push(result);
    cumulative += result.confidence;
    if (cumulative >= 0.99) break;
  }
  results.push({ detectedLanguage: 'und', confidence: unknown });
  return results;
}

const CONSTRUCT = Symbol('LanguageDetector.create');

interface ValidatedDetector {
  expected: string[];
  detector: DetectorBackend;
}

function validate(options: unknown): ValidatedDetector {
  const o = (options ?? {}) as Partial<LanguageDetectorCreateOptions>;
  if (typeof o !== 'object') throw new TypeError('LanguageDetector: the options argument must be an object.');
  const list = o.expectedInputLanguages;
  if (list !== undefined && (typeof list !== 'object' || list === null || !(Symbol.iterator in list))) {
    throw new TypeError("The 'expectedInputLanguages' option is not a sequence.");
  }
  // An ordered set: canonicalized, duplicates dropped (the spec's "validate and canonicalize language tags").
  const expected = [...new Set([...(list ?? [])].map(canonicalTag))];
  return { expected, detector: o.tandem?.detector ?? eldDetector };
}

/** "compute language availability": each expected language best-fit to a known one, or unavailable. */
async function matchLanguages(expected: readonly string[], detector: DetectorBackend): Promise<string[] | null> {
  const known = await detector.languages();
  const matched: string[] = [];
  for (const language of expected) {
    const hit = bestFit(known, language);
    if (hit === undefined) return null;
    if (!matched.includes(hit)) matched.push(hit);
  }
  return matched;
}

export class LanguageDetector {
  readonly #expected: readonly string[] | null;
  readonly #detector: DetectorBackend;
  readonly #destruction = new Destruction();

  private constructor(token: symbol, expected: string[], detector: DetectorBackend) {
    if (token !== CONSTRUCT) throw new TypeError('Illegal constructor'); // as Chrome's: only create() makes one
    this.#expected = expected.length > 0 ? Object.freeze(expected) : null;
    this.#detector = detector;
  }

  static async availability(options: LanguageDetectorCreateCoreOptions = {}): Promise<Availability> {
    const { expected, detector } = validate(options);
    let matched: string[] | null;
    try {
      matched = await matchLanguages(expected, detector);
    } catch (error) {
      throw domError(
        'UnknownError',
        `Language detection is not usable: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    return matched === null ? 'unavailable' : 'available';
  }

  static async create(options: LanguageDetectorCreateOptions = {}): Promise<LanguageDetector> {
    const { expected, detector } = validate(options);
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal))
      throw new TypeError("The 'signal' option is not an AbortSignal.");
    signal?.throwIfAborted();
    const monitorCallback = optionalCallback<CreateMonitorCallback>(options.monitor, 'monitor');
    const monitor = monitorCallback ? new CreateMonitor() : null;
    if (monitorCallback && monitor) monitorCallback(monitor);
    const reporter = new ProgressReporter(monitor, signal);
    return new Promise<LanguageDetector>((resolve, reject) => {
      const onAbort = (): void => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const steps = async (): Promise<LanguageDetector | null> => {
        let matched: string[] | null;
        try {
          matched = await matchLanguages(expected, detector); // loads eld: the spec's "initialize"
        } catch (error) {
          throw domError(
            'OperationError',
            `Loading the language detector failed: ${error instanceof Error ? error.message : String(error)}`,
            error,
          );
        }
        if (matched === null)
          throw domError('NotSupportedError', `Tandem's detector does not know all of: ${expected.join(', ')}.`);
        reporter.start();
        reporter.finish();
        if (signal?.aborted) return null;
        const created = new LanguageDetector(CONSTRUCT, matched, detector);
        signal?.addEventListener('abort', () => created.#destruction.destroy(signal.reason), { once: true });
        return created;
      };
      steps()
        .then((created) => created && resolve(created), reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  }

  get expectedInputLanguages(): readonly string[] | null {
    return this.#expected;
  }

  /** No limit: eld reads at most the first SAMPLE_CHARS characters of any input. */
  get inputQuota(): number {
    return Infinity;
  }

  detect(input: string, options: LanguageDetectorDetectOptions = {}): Promise<LanguageDetectionResult[]> {
    let text: string;
    try {
      text = requiredString(arguments.length, input, 'detect');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#destruction.run(options, async () => {
      try {
        return detectionResults(await this.#detector.detect(text));
      } catch (error) {
        throw domError(
          'UnknownError',
          `Language detection failed: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
      }
    });
  }

  /** 0: the spec's usage when the quota is +Infinity. */
  measureInputUsage(input: string, options: LanguageDetectorDetectOptions = {}): Promise<number> {
    try {
      requiredString(arguments.length, input, 'measureInputUsage');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#destruction.run(options, async () => 0);
  }

  destroy(): void {
    this.#destruction.destroy(destroyedReason('language detector'));
  }
}
