import type { PairSelection, TranslateDone, TranslateListener, TranslateRequest } from '../protocol/protocol.ts';

/** The model availabilities the spec names (writing-assistance-apis "Common APIs"). */
export type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

/**
 * Which models a translator runs on: the built-in demo pair (downloadable from the page's
 * /models/), or a pair of models installed with the model manager (a target, and a drafter or
 * null for plain autoregressive decoding).
 */
export type TandemModelId = 'demo' | PairSelection;

/**
 * What the Translator class needs from a runtime: the seam between the spec's behaviour (argument
 * checks, signals, events, error names) and Tandem's worker. `createTandemBackend` implements it
 * over a TandemClient; unit tests pass a fake.
 */
export interface TranslatorBackend {
  /**
   * "available" when the model is loaded in the worker or its files are stored, "downloading"
   * while a download runs, "downloadable" for the demo otherwise, "unavailable" for a pair that
   * is not installed (only the model manager installs pairs).
   */
  availability(model: TandemModelId): Promise<Availability>;
  /**
   * Stores the model's files, reporting the fraction done in [0, 1]. Rejects when `signal` aborts
   * (the download stops unless another caller still waits for it). Concurrent calls share one download.
   */
  download(model: TandemModelId, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void>;
  /** Loads the model into the engines so that the first translation does not pay for it. */
  initialize(model: TandemModelId): Promise<void>;
  /** The most input usage one call may need (the spec's inputQuota); +Infinity for no limit. */
  readonly inputQuota: number;
  /** Input usage of one call (the spec's measureInputUsage); 0 when inputQuota is +Infinity. */
  measureInputUsage(input: string): Promise<number>;
  /**
   * Runs one translation, streaming the worker's events. When `signal` aborts, the run is stopped
   * (only this run, never another caller's) and the promise rejects with the signal's reason.
   */
  translate(request: TranslateRequest, onEvent: TranslateListener, signal: AbortSignal): Promise<TranslateDone>;
}
