import type { TandemRunOptions } from './run-options.ts';
import type {
  DecodeMode,
  TandemWorkerApi,
  TranslateDone,
  TranslateListener,
  TranslateRequest,
} from '../protocol/protocol.ts';
import { LANGUAGE_NAMES, type LanguageCode } from '../models/prompt.ts';
import type { Availability, TandemModelId, TranslatorBackend } from './backend.ts';
import { Destruction, destroyedReason, optionalCallback, requiredString } from './destroyable.ts';
import { asUnknownError, domError, quotaExceeded, withPartialText } from './errors.ts';
import { bestFit, canonicalTag } from './language-tags.ts';
import { CreateMonitor, ProgressReporter, type CreateMonitorCallback } from './monitor.ts';
import { validateRunOptions } from './run-options.ts';
import { tandemBackend } from './tandem-backend.ts';

/**
 * Chrome's built-in Translator (spec: webmachinelearning/translation-api, index.bs §2, with the
 * shared steps of webmachinelearning/writing-assistance-apis "Shared infrastructure"; MDN
 * "Translator"; WPT ai/translator/translator.optional.https.window.js), run by Tandem's worker.
 * Same names, arguments, events and error names; Tandem's own knobs live under the one key `tandem`.
 *
 * Errors, as the spec gives them: TypeError for a missing required member or a non-callable
 * monitor (WebIDL), RangeError for an invalid language tag ("validate and canonicalize a single
 * language tag"), "NotSupportedError" from create() for an unavailable pair, the signal's reason
 * ("AbortError" by default) for an aborted create/translate/stream, "AbortError" for any call on
 * a destroyed translator (destroy() aborts the destruction controller with a new AbortError; older
 * Chrome used InvalidStateError, the spec and WPT's testDestroy now want AbortError),
 * QuotaExceededError (with requested and quota) over inputQuota, "NetworkError" for a failed
 * download, "OperationError" for a failed model load, "UnknownError" for anything else.
 * Not done: the spec's transient-activation check on a "downloadable" create() (NotAllowedError):
 * this is a library the page calls, and the page decides when to download.
 */

export type { TandemRunOptions } from './run-options.ts';

/** Tandem's create() options. */
export interface TandemCreateOptions extends TandemRunOptions {
  /** Share an existing worker (the app shares its own); default: one worker for the whole page. */
  client?: TandemWorkerApi;
  /** Which model; only the demo pair exists for now. */
  model?: TandemModelId;
  /** Where to download model files from (default: the page's /models/). */
  modelsBaseUrl?: string;
  /** Another runtime behind the same API (tests pass a fake); overrides client and modelsBaseUrl. */
  backend?: TranslatorBackend;
}

export interface TranslatorCreateCoreOptions {
  sourceLanguage: string;
  targetLanguage: string;
  tandem?: TandemCreateOptions;
}

export interface TranslatorCreateOptions extends TranslatorCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
}

export interface TranslatorTranslateOptions {
  signal?: AbortSignal;
  tandem?: TandemRunOptions;
}

/** The language arcs Tandem has drafters for: each source language into English. */
const TARGET: LanguageCode = 'en';
const SOURCES = (Object.keys(LANGUAGE_NAMES) as LanguageCode[]).filter((code) => code !== TARGET);

type Arc = { kind: 'model'; source: LanguageCode; target: LanguageCode } | { kind: 'identity' } | { kind: 'none' };

interface Validated {
  sourceLanguage: string;
  targetLanguage: string;
  tandem: TandemCreateOptions;
}

/** "validate and canonicalize translator options": TypeError for a missing member, RangeError for a bad tag. */
function validate(options: unknown, method: string): Validated {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`Translator.${method}: the options argument is required.`);
  const o = options as Partial<TranslatorCreateOptions>;
  for (const key of ['sourceLanguage', 'targetLanguage'] as const) {
    if (o[key] === undefined) throw new TypeError(`Translator.${method}: required member ${key} is undefined.`);
  }
  const tandem = o.tandem ?? {};
  if (typeof tandem !== 'object') throw new TypeError(`Translator.${method}: the 'tandem' option must be an object.`);
  validateRunOptions(tandem, `Translator.${method}`);
  return { sourceLanguage: canonicalTag(o.sourceLanguage), targetLanguage: canonicalTag(o.targetLanguage), tandem };
}

/** "compute translator options availability", minus the model state: which arc serves these tags. */
function matchArc(source: string, target: string): Arc {
  const s = bestFit(SOURCES, source);
  const t = bestFit([TARGET], target);
  if (s !== undefined && t !== undefined)
    return { kind: 'model', source: s as LanguageCode, target: t as LanguageCode };
  // The spec makes same-language pairs ("en" → "en-GB") always available: the output is the input.
  if (bestFit([source], target) !== undefined || bestFit([target], source) !== undefined) return { kind: 'identity' };
  return { kind: 'none' };
}

function backendOf(tandem: TandemCreateOptions): TranslatorBackend {
  return tandem.backend ?? tandemBackend({ client: tandem.client, modelsBaseUrl: tandem.modelsBaseUrl });
}

const CONSTRUCT = Symbol('Translator.create');

/** Only whitespace or control characters: the spec (and WPT) echo such input untranslated. */
const TRANSLATABLE = /[^\s\p{Cc}]/u;

export class Translator {
  readonly #sourceLanguage: string;
  readonly #targetLanguage: string;
  readonly #arc: Arc & { kind: 'model' | 'identity' };
  readonly #tandem: TandemCreateOptions;
  readonly #backend: TranslatorBackend | null;
  readonly #destruction = new Destruction();

  private constructor(
    token: symbol,
    source: string,
    target: string,
    arc: Arc & { kind: 'model' | 'identity' },
    tandem: TandemCreateOptions,
    backend: TranslatorBackend | null,
  ) {
    if (token !== CONSTRUCT) throw new TypeError('Illegal constructor'); // as Chrome's: only create() makes one
    this.#sourceLanguage = source;
    this.#targetLanguage = target;
    this.#arc = arc;
    this.#tandem = tandem;
    this.#backend = backend;
  }

  static async availability(options: TranslatorCreateCoreOptions): Promise<Availability> {
    const { sourceLanguage, targetLanguage, tandem } = validate(options, 'availability');
    const arc = matchArc(sourceLanguage, targetLanguage);
    if (arc.kind === 'none') return 'unavailable';
    if (arc.kind === 'identity') return 'available';
    try {
      return await backendOf(tandem).availability(tandem.model ?? 'demo');
    } catch (error) {
      throw asUnknownError(error); // the spec's answer when availability cannot be determined
    }
  }

  /** The spec's "create an AI model object" steps, in its order. */
  static async create(options: TranslatorCreateOptions): Promise<Translator> {
    const { sourceLanguage, targetLanguage, tandem } = validate(options, 'create');
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal))
      throw new TypeError("The 'signal' option is not an AbortSignal.");
    signal?.throwIfAborted();
    const monitorCallback = optionalCallback<CreateMonitorCallback>(options.monitor, 'monitor');
    const monitor = monitorCallback ? new CreateMonitor() : null;
    if (monitorCallback && monitor) monitorCallback(monitor); // a throw rejects create() with it
    const reporter = new ProgressReporter(monitor, signal);

    return new Promise<Translator>((resolve, reject) => {
      const onAbort = (): void => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const steps = async (): Promise<Translator | null> => {
        const arc = matchArc(sourceLanguage, targetLanguage);
        if (arc.kind === 'none') {
          throw domError(
            'NotSupportedError',
            `Tandem cannot translate ${sourceLanguage} to ${targetLanguage}: it translates ${SOURCES.join(', ')} into ${TARGET}.`,
          );
        }
        const backend = arc.kind === 'model' ? backendOf(tandem) : null;
        const model = tandem.model ?? 'demo';
        let availability: Availability = 'available';
        if (backend) {
          try {
            availability = await backend.availability(model);
          } catch (error) {
            throw asUnknownError(error);
          }
        }
        if (availability === 'unavailable') {
          throw domError(
            'NotSupportedError',
            `The models ${describeModel(model)} are not installed on this device: add them in Tandem's model manager.`,
          );
        }
        reporter.start();
        if (backend && availability !== 'available') {
          await backend.download(
            model,
            (fraction) => reporter.progress(fraction),
            signal ?? new AbortController().signal,
          );
        }
        if (signal?.aborted) return null;
        reporter.finish();
        if (backend) {
          try {
            await backend.initialize(model);
          } catch (error) {
            throw domError(
              'OperationError',
              `Loading the model failed: ${error instanceof Error ? error.message : String(error)}`,
              error,
            );
          }
        }
        if (signal?.aborted) return null;
        // A matched arc's tags are the best-fit ones ("de-CH" → "de"); the identity arc keeps the input's.
        const [source, target] = arc.kind === 'model' ? [arc.source, arc.target] : [sourceLanguage, targetLanguage];
        const translator = new Translator(CONSTRUCT, source, target, arc, tandem, backend);
        // After creation, the create() signal destroys the translator with its reason.
        signal?.addEventListener('abort', () => translator.#destruction.destroy(signal.reason), { once: true });
        return translator;
      };
      steps()
        .then((translator) => translator && resolve(translator), reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  }

  get sourceLanguage(): string {
    return this.#sourceLanguage;
  }

  get targetLanguage(): string {
    return this.#targetLanguage;
  }

  get inputQuota(): number {
    return this.#backend?.inputQuota ?? Infinity;
  }

  translate(input: string, options: TranslatorTranslateOptions = {}): Promise<string> {
    let text: string;
    try {
      text = requiredString(arguments.length, input, 'translate');
      validateCallOptions(options, 'translate');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#destruction.run(options, (signal) => this.#produce(text, options, signal, () => {}));
  }

  /** Chunks are deltas: their concatenation is the translation (the spec appends each chunk). */
  translateStreaming(input: string, options: TranslatorTranslateOptions = {}): ReadableStream<string> {
    const text = requiredString(arguments.length, input, 'translateStreaming');
    validateCallOptions(options, 'translateStreaming');
    const signal = this.#destruction.callSignal(options);
    signal.throwIfAborted(); // the spec throws here, synchronously
    const cancel = new AbortController();
    const runSignal = AbortSignal.any([signal, cancel.signal]);
    let controller!: ReadableStreamDefaultController<string>;
    const stream = new ReadableStream<string>({
      start: (c) => {
        controller = c;
      },
      // A reader's cancel() stops the run without an error (the spec's canceledDuringOperation).
      cancel: () => cancel.abort(new DOMException('The stream was canceled.', 'AbortError')),
    });
    const onAbort = (): void => controller.error(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    this.#produce(text, options, runSignal, (chunk) => {
      if (!runSignal.aborted) controller.enqueue(chunk);
    })
      .then(
        () => !runSignal.aborted && controller.close(),
        (error: unknown) => !runSignal.aborted && controller.error(error),
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
    return stream;
  }

  measureInputUsage(input: string, options: TranslatorTranslateOptions = {}): Promise<number> {
    let text: string;
    try {
      text = requiredString(arguments.length, input, 'measureInputUsage');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#destruction.run(options, async () => (this.#backend ? this.#backend.measureInputUsage(text) : 0));
  }

  destroy(): void {
    this.#destruction.destroy(destroyedReason('translator'));
  }

  /** The spec's "translate" steps: quota check, then the run, chunks as deltas. */
  async #produce(
    text: string,
    options: TranslatorTranslateOptions,
    signal: AbortSignal,
    onChunk: (chunk: string) => void,
  ): Promise<string> {
    const backend = this.#backend;
    const usage = backend ? await backend.measureInputUsage(text) : 0;
    if (usage > this.inputQuota) throw quotaExceeded(usage, this.inputQuota);
    if (!backend || this.#arc.kind !== 'model' || !TRANSLATABLE.test(text)) {
      if (text !== '') onChunk(text);
      return text;
    }
    const run = { ...this.#tandem, ...options.tandem };
    const request: TranslateRequest = {
      text,
      from: this.#arc.source,
      to: this.#arc.target,
      mode: run.mode ?? 'speculative',
    };
    if (run.maxNewTokens !== undefined) request.maxNewTokens = run.maxNewTokens;
    if (run.draftPolicy !== undefined) request.draftPolicy = run.draftPolicy;
    if (run.sampling !== undefined) request.sampling = run.sampling;
    const model = this.#tandem.model ?? 'demo';
    if (model !== 'demo') request.pair = { target: model.target, drafter: model.drafter };
    // A race streams both lanes; the caller's text is the last lane's (speculative) output.
    const lane: DecodeMode = request.mode === 'autoregressive' ? 'autoregressive' : 'speculative';
    let sent = '';
    const emit = (chunk: string): void => {
      if (chunk === '') return;
      sent += chunk;
      onChunk(chunk);
    };
    const onEvent: TranslateListener = (event) => {
      if (run.onStep) {
        try {
          run.onStep(event);
        } catch (error) {
          reportError(error); // the caller's bug must not end the translation
        }
      }
      if (event.type === 'step' && event.lane === lane)
        emit(event.emitted.map((t) => (t.before ?? '') + t.text).join(''));
      else if (event.type === 'lane-done' && event.lane === lane) emit(event.tail);
    };
    let done: TranslateDone;
    try {
      done = await backend.translate(request, onEvent, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // What was translated before the failure is the caller's: streamed already, and kept on the error.
      throw withPartialText(asUnknownError(error), sent);
    }
    if (done.finishReason === 'aborted') {
      throw domError('AbortError', 'The translation was stopped by another user of the shared Tandem worker.');
    }
    // Normally a no-op: the streamed deltas already spell done.text.
    if (done.text.startsWith(sent)) emit(done.text.slice(sent.length));
    return done.text;
  }
}

/** A translate()'s own `tandem` options (the spec's options are checked by Destruction). */
function validateCallOptions(options: TranslatorTranslateOptions, method: string): void {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`Translator.${method}: options must be an object.`);
  const tandem = options.tandem;
  if (tandem === undefined) return;
  if (tandem === null || typeof tandem !== 'object')
    throw new TypeError(`Translator.${method}: the 'tandem' option must be an object.`);
  validateRunOptions(tandem, `Translator.${method}`);
}

function describeModel(model: TandemModelId): string {
  return model === 'demo' ? 'of the demo pair' : `"${model.target}" + "${model.drafter ?? 'no drafter'}"`;
}

function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (report) report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
