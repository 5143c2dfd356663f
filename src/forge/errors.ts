import { TandemError } from '../errors.ts';

/**
 * The forge's typed errors. Each says what was wrong with the user's input in words they can act
 * on, and each is thrown before any work that would have to be undone.
 */

/** The corpus gave nothing to work with: an empty file, no usable sentences, a missing column or field. */
export class CorpusError extends TandemError {}

/** The corpus is mostly in another language than the one the drafter is made for (detected with eld). */
export class CorpusLanguageError extends TandemError {}

/** The browser's storage cannot hold what the job will write (data set, checkpoints, the new drafter). */
export class ForgeQuotaError extends TandemError {}

/** A FastChat data set file that cannot be read as conversations. */
export class DatasetFormatError extends TandemError {}

/** A job asked for something its state does not allow (training before distillation, installing twice). */
export class ForgeStateError extends TandemError {}

/** The new drafter did not beat the base on held-out α, so it was not installed. */
export class NotImprovedError extends TandemError {}

/** Every forge error class, for registering on the page (errors cross the worker boundary by name). */
export const FORGE_ERROR_CLASSES = [
  CorpusError,
  CorpusLanguageError,
  ForgeQuotaError,
  DatasetFormatError,
  ForgeStateError,
  NotImprovedError,
] as const;
