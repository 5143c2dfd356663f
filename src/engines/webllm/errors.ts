import { TandemError } from '../../errors.ts';

/**
 * Errors of the web-llm target. Each names what went wrong in words a user can act on; the
 * internals errors also name the pinned web-llm version, because they mean "this adapter and the
 * installed web-llm disagree", not "your model is broken".
 */

/** A web-llm internal (pipeline field, VM function, runtime builtin) the adapter needs is absent. */
export class WebLlmInternalsMissingError extends TandemError {
  readonly missing: readonly string[];
  constructor(missing: readonly string[], version: string) {
    super(
      `the web-llm pipeline lacks what Tandem's target adapter reaches into: ${missing.join('; ')}. ` +
        `The adapter is written against @mlc-ai/web-llm ${version} and a model library that exports ` +
        'prefill, decode, embed and batch_verify; install exactly that version, or use a model library ' +
        'compiled by mlc_llm with batch_verify.',
    );
    this.missing = missing;
  }
}

/** A call into the TVM runtime failed; TVM throws non-Error values, rebuilt here with their message. */
export class MlcRuntimeError extends TandemError {}

/** WebGPU reported a validation or out-of-memory error while a forward ran (captured by an error scope). */
export class MlcGpuError extends TandemError {}

/** The model's output did not have the shape the adapter expects (vocabulary, rows). */
export class MlcShapeError extends TandemError {}
