import type { GpuReport, WorkerStatus } from '../../workers/protocol.ts';
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
  setGpuReport(report: GpuReport): void;
  setGpuFailed(error: ErrorInfo): void;
  setWorkerStatus(status: WorkerStatus): void;
  setWorkerFailed(error: ErrorInfo): void;
}

export interface RunSlice {
  /** The translation so far; empty until a run produces one. */
  output: string;
  /** Feedback on the user's last action (e.g. why Translate did nothing), shown in the status line. */
  notice: string | null;
  /** Translate the source text, or explain in `notice` why that cannot happen now. */
  requestTranslate(): void;
}

export type TandemState = TextSlice & LanguageSlice & EnvironmentSlice & RunSlice;
