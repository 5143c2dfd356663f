import { describe, expect, it } from 'vitest';
import { explainLibraryLinkError, ModelLibraryRuntimeError } from './errors.ts';

const RUNTIME = {
  modelLibURLPrefix: 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/',
  modelVersion: 'v0_2_86/base',
};
// The exact error web-llm 0.2.86 gave for a library of an older runtime (shared/FACTS.md).
const LINK_ERROR = new WebAssembly.LinkError(
  'WebAssembly.instantiate(): Import #0 "env" "_ZN3tvm7runtime9threading15ResetThreadPoolEv": function import requires a callable',
);

describe('explainLibraryLinkError', () => {
  it('names the library of the loaded runtime for one of web-llm’s prebuilt libraries', () => {
    const old = `${RUNTIME.modelLibURLPrefix}v0_2_84/base/Llama-2-7b-chat-hf-q4f16_1_cs1k-webgpu.wasm`;
    const explained = explainLibraryLinkError(LINK_ERROR, old, RUNTIME);
    expect(explained).toBeInstanceOf(ModelLibraryRuntimeError);
    expect(explained!.message).toBe(
      'this model library was built for a different web-llm runtime: use https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Llama-2-7b-chat-hf-q4f16_1_cs1k-webgpu.wasm. ' +
        `(The library was ${old}; the browser said: LinkError: WebAssembly.instantiate(): Import #0 "env" "_ZN3tvm7runtime9threading15ResetThreadPoolEv": function import requires a callable)`,
    );
  });

  it('advises recompiling a library of one’s own, and leaves other errors alone', () => {
    expect(explainLibraryLinkError(LINK_ERROR, 'http://127.0.0.1:9/vicuna-webgpu.wasm', RUNTIME)!.message).toMatch(
      /^this model library was built for a different web-llm runtime: recompile it with the mlc_llm that matches this web-llm \(its own libraries are under https:\/\/raw\.githubusercontent\.com\/.*\/v0_2_86\/base\/\)\./,
    );
    expect(explainLibraryLinkError(new TypeError('Failed to fetch'), 'x.wasm', RUNTIME)).toBeNull();
  });
});
