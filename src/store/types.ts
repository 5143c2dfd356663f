import type { FinishReason, GenerationStats, TokenSource } from '../spec/events.ts';
import type { DemoInfo, GpuReport, RejectedToken, TandemWorkerApi, WorkerStatus } from '../../workers/protocol.ts';
import type { SourceLanguage } from './languages.ts';

/** An error as the store keeps it: plain data, whatever was thrown. */
export interface ErrorInfo {
  name: string;
  message: string;
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

export interface SettingsSlice {
  /** Upper bound on generated tokens per translation. */
  maxNewTokens: number;
  setMaxNewTokens(value: number): void;
}

/** 'none' until the user picks one; the demo pair is the only model so far. */
export type ModelChoice = 'none' | 'demo';

export type DemoState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; info: DemoInfo }
  | { phase: 'failed'; error: ErrorInfo };

export interface ModelSlice {
  model: ModelChoice;
  demo: DemoState;
  /** Picks a model; picking the demo loads it in the worker (once). */
  selectModel(model: ModelChoice): Promise<void>;
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
}

export type RunPhase = 'idle' | 'running' | 'stopping' | 'done' | 'failed';

export interface RunSlice {
  run: RunPhase;
  /** The translation so far, token by token; empty until a run produces one. */
  tokens: OutputToken[];
  /** Text the decoder held back to the end (an unfinished character); usually ''. */
  tail: string;
  stats: GenerationStats | null;
  finishReason: FinishReason | null;
  runError: ErrorInfo | null;
  /** Feedback on the user's last action (e.g. why Translate did nothing), shown in the status line. */
  notice: string | null;
  /** Translate the source text, or explain in `notice` why that cannot happen now. */
  requestTranslate(): Promise<void>;
  /** Stops the running translation (within one step); harmless when none runs. */
  requestStop(): Promise<void>;
}

export type TandemState = TextSlice & LanguageSlice & EnvironmentSlice & ModelSlice & SettingsSlice & RunSlice;
