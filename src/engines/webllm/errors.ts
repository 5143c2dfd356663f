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

/**
 * The model library was compiled for another web-llm runtime: instantiating it fails with a bare
 * WebAssembly LinkError on a TVM import. The message names the library this runtime needs.
 */
export class ModelLibraryRuntimeError extends TandemError {}

/** The loaded web-llm's own library folder: `${modelLibURLPrefix}${modelVersion}/` (e.g. …/v0_2_86/base/). */
export interface WebLlmRuntime {
  modelLibURLPrefix: string;
  modelVersion: string;
}

/**
 * A LinkError from instantiating `modelLib` explained; null for any other error. For one of
 * web-llm's prebuilt libraries (…/web-llm-models/<version>/<file>) the matching URL is the same
 * file under the loaded runtime's version; for another library, the advice is to recompile it.
 */
export function explainLibraryLinkError(
  error: unknown,
  modelLib: string,
  runtime: WebLlmRuntime,
): ModelLibraryRuntimeError | null {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (!/LinkError/.test(message) || !/Import #\d+ "env"/.test(message)) return null;
  const runtimeFolder = `${runtime.modelLibURLPrefix}${runtime.modelVersion}/`;
  const file = modelLib.startsWith(runtime.modelLibURLPrefix) ? modelLib.split('/').pop() : undefined;
  const advice =
    file !== undefined
      ? `use ${runtimeFolder}${file}`
      : `recompile it with the mlc_llm that matches this web-llm (its own libraries are under ${runtimeFolder})`;
  return new ModelLibraryRuntimeError(
    `this model library was built for a different web-llm runtime: ${advice}. (The library was ${modelLib}; the browser said: ${message})`,
    { cause: error },
  );
}
