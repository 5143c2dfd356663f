/**
 * Typed errors. Each has a stable `name` so that it survives the worker boundary as
 * `{name, message}` and the UI can pick a plain-language message for it.
 */
export class TandemError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Drafter and target do not share a vocabulary: token ids would mean different things. */
export class VocabularyMismatchError extends TandemError {}

/** Nothing to translate / decode from. */
export class EmptyPromptError extends TandemError {}

/** A model folder's config.json is missing, unreadable or lacks a required key. */
export class ModelConfigError extends TandemError {}

/** A weight file is malformed or truncated; the message names the tensor and the reason. */
export class WeightFileError extends TandemError {}

/** A file a model needs could not be read (missing, not downloaded, offline). */
export class ModelFileMissingError extends TandemError {}

/** Tokenizer files missing or malformed. */
export class TokenizerError extends TandemError {}

/** An argument outside what the callee accepts (negative γ, truncate past the end, …). */
export class InvalidArgumentError extends TandemError {}

/** The GPU ran out of memory creating a buffer or running a model (WebGPU's GPUOutOfMemoryError). */
export class GpuOutOfMemoryError extends TandemError {}
