/**
 * Tandem's programmatic API, in the shape of Chrome's built-in Translator and LanguageDetector
 * (webmachinelearning/translation-api), so code written for one runs on the other. Built as a
 * library by `npm run build:lib` (vite.lib.config.ts) and exported as "tandem/translator".
 */
export { Translator } from './translator.ts';
export type {
  TandemCreateOptions,
  TandemRunOptions,
  TranslatorCreateCoreOptions,
  TranslatorCreateOptions,
  TranslatorTranslateOptions,
} from './translator.ts';
export { LanguageDetector } from './language-detector.ts';
export type {
  DetectorBackend,
  LanguageDetectionResult,
  LanguageDetectorCreateCoreOptions,
  LanguageDetectorCreateOptions,
  LanguageDetectorDetectOptions,
  RawDetection,
} from './language-detector.ts';
export { CreateMonitor } from './monitor.ts';
export type { CreateMonitorCallback } from './monitor.ts';
export type { Availability, TandemModelId, TranslatorBackend } from './backend.ts';
export type { QuotaExceededLike } from './errors.ts';
export type { TranslateEvent } from '../protocol/protocol.ts';
export { Forge } from './forge.ts';
export type {
  DistillProgress,
  EvaluationProgress,
  EvaluationReport,
  FineTuneSettings,
  ForgeJob,
  ForgePrepareOptions,
  ForgeStepOptions,
  TrainProgress,
} from './forge.ts';
