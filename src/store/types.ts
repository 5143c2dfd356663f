import type { FinishReason, GenerationStats, TokenSource } from '../speculative/events.ts';
import type {
  DemoInfo,
  GpuReport,
  PairInfo,
  PairLoadProgress,
  PairSelection,
  RaceResult,
  RejectedToken,
  RunMode,
  TandemWorkerApi,
  TranslateRequest,
  WorkerStatus,
} from '../protocol/protocol.ts';

/** Worker records the UI renders, named here so components import the store only. */
export type { GpuAvailable, PairModelInfo } from '../protocol/protocol.ts';
import type { Detection } from '../models/detect-language.ts';
import type { SourceLanguage } from './languages.ts';

/** An error as the store keeps it: plain data, whatever was thrown. */
export interface ErrorInfo {
  name: string;
  message: string;
  /** What it wrapped (Error.cause), as far as it was kept: lets the UI match a class inside a wrapper. */
  cause?: ErrorInfo;
}

export interface TextSlice {
  sourceText: string;
  setSourceText(text: string): void;
}

export interface LanguageSlice {
  sourceLanguage: SourceLanguage;
  setSourceLanguage(language: SourceLanguage): void;
}

export type GpuState =
  | { phase: 'probing' }
  | { phase: 'done'; report: GpuReport }
  | { phase: 'failed'; error: ErrorInfo };

export type WorkerState =
  | { phase: 'starting' }
  | { phase: 'ready'; status: WorkerStatus }
  | { phase: 'failed'; error: ErrorInfo };

/** What the worker told us about the machine and itself. */
export interface EnvironmentSlice {
  gpu: GpuState;
  worker: WorkerState;
  /** The worker's RPC once connected (the in-thread service in tests). */
  api: TandemWorkerApi | null;
  setApi(api: TandemWorkerApi): void;
  setGpuReport(report: GpuReport): void;
  setGpuFailed(error: ErrorInfo): void;
  setWorkerStatus(status: WorkerStatus): void;
  setWorkerFailed(error: ErrorInfo): void;
}

export type DecodingChoice = 'greedy' | 'sample';
export type DraftPolicyChoice = 'fixed' | 'heuristic' | 'confidence';
/**
 * 'auto': the registry's drafter for the source language; 'none': plain autoregressive decoding;
 * 'user:<id>': an imported model as the drafter of a real pair (the demo keeps its own drafter).
 */
export type DrafterChoice = 'auto' | 'none' | UserModelKey;

/** An imported model, as pair selections and the pickers name it. */
export type UserModelKey = `user:${string}`;

export interface SettingsSlice {
  /** Upper bound on generated tokens per segment (sentence). */
  maxNewTokens: number;
  decoding: DecodingChoice;
  /** Used when decoding is 'sample'. */
  temperature: number;
  topP: number;
  draftPolicy: DraftPolicyChoice;
  /** γ for the fixed policy. */
  draftLength: number;
  drafter: DrafterChoice;
  /** Run autoregressive and speculative decoding side by side and measure the speedup. */
  race: boolean;
  /** Show each step's rejected drafts inline in the output, not only on hover. */
  showRejected: boolean;
  setMaxNewTokens(value: number): void;
  setDecoding(value: DecodingChoice): void;
  setTemperature(value: number): void;
  setTopP(value: number): void;
  setDraftPolicy(value: DraftPolicyChoice): void;
  setDraftLength(value: number): void;
  setDrafter(value: DrafterChoice): void;
  setRace(value: boolean): void;
  setShowRejected(value: boolean): void;
}

export type DetectionState =
  | { phase: 'idle' }
  | { phase: 'detecting'; text: string }
  | { phase: 'done'; text: string; result: Detection }
  | { phase: 'failed'; text: string; error: ErrorInfo };

export interface DetectionSlice {
  detection: DetectionState;
  /** Detects the source text's language (cached per text); null when there is no text or it failed. */
  detectSource(): Promise<Detection | null>;
}

/**
 * 'none' until the user picks one; the demo pair; or an installed target ('target:<id>', the id a
 * PairSelection names: 'vicuna-7b-v1.3' or 'user:<id>'), whose drafter the drafter setting picks.
 */
export type ModelChoice = 'none' | 'demo' | TargetChoice;
export type TargetChoice = `target:${string}`;

/** The real pair in the worker: what was asked for and how loading it went. */
export type PairState =
  | { phase: 'idle' }
  | { phase: 'loading'; selection: PairSelection; progress: PairLoadProgress | null }
  | { phase: 'ready'; selection: PairSelection; info: PairInfo }
  | { phase: 'failed'; selection: PairSelection; error: ErrorInfo };

export type DemoState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; info: DemoInfo }
  | { phase: 'failed'; error: ErrorInfo };

export interface ModelSlice {
  model: ModelChoice;
  demo: DemoState;
  /** The real pair (model 'target:<id>' with the drafter setting's drafter). */
  pair: PairState;
  /** Picks a model; picking the demo loads it in the worker (once), a target loads its pair. */
  selectModel(model: ModelChoice): Promise<void>;
  /** Loads the pair the current choices name, unless it is the one loaded or loading. */
  ensurePair(): Promise<void>;
}

/** One output token as the overlay draws it. */
export interface OutputToken {
  /** Token id: lets tests and debugging tie a span to the vocabulary. */
  id: number;
  text: string;
  source: TokenSource;
  /** The target pass that produced it (drives the step shading). */
  step: number;
  /** On a correction: the drafted tokens the target turned down in that step. */
  rejected: RejectedToken[];
  /** Layout before the token (a paragraph or sentence break); '' on most tokens. */
  before: string;
  paragraph: number;
}

/** A translation waiting for the one in flight; its request is fixed when it was asked for. */
export interface QueuedRun {
  id: number;
  request: TranslateRequest;
}

export type RunPhase = 'idle' | 'running' | 'stopping' | 'done' | 'failed';

export interface RunSlice {
  run: RunPhase;
  /** What the run in view does ('race': two lanes). */
  mode: RunMode | null;
  /** The translation so far, token by token (the speculative lane in a race). */
  tokens: OutputToken[];
  /** In a race: the autoregressive lane, its held-back tail and running stats. */
  raceTokens: OutputToken[];
  raceTail: string;
  raceStats: GenerationStats | null;
  /** The finished race's measured totals and speedup. */
  raceResult: RaceResult | null;
  /** The last measured speedup over autoregressive decoding (kept for later runs' stats bar). */
  knownSpeedup: number | null;
  /** Tokens the drafter proposed in the latest speculative step. */
  currentDraftLength: number | null;
  /** Translations asked for while one ran, in order. */
  queue: QueuedRun[];
  /** Drops every waiting translation (the running one goes on). */
  clearQueue(): void;
  /** Text the decoder held back to the end (an unfinished character); usually ''. */
  tail: string;
  stats: GenerationStats | null;
  finishReason: FinishReason | null;
  runError: ErrorInfo | null;
  /** Feedback on the user's last action (e.g. why Translate did nothing), shown in the status line. */
  notice: string | null;
  /** Translate the source text (queued behind a running one), or explain in `notice` why not. */
  requestTranslate(): Promise<void>;
  /** Stops the running translation (within one step); harmless when none runs. */
  requestStop(): Promise<void>;
}

export type TandemState = TextSlice &
  LanguageSlice &
  EnvironmentSlice &
  ModelSlice &
  SettingsSlice &
  DetectionSlice &
  RunSlice;
