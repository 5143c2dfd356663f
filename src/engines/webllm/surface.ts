/**
 * The small, typed slice of web-llm's LLMChatPipeline and of the TVM runtime that the adapter
 * touches. Everything past the thin loader (load.ts) works on these types only, so it runs in Node
 * against a fake (testing/fake-pipeline.ts) and never imports web-llm's browser runtime.
 * Names and signatures are those of @mlc-ai/web-llm 0.2.86 (lib/index.js: LLMChatPipeline, tvmjs
 * Instance, Tensor, VirtualMachine).
 */

/** A TVM PackedFunc: called with tensors, objects and Scalars; TVM throws non-Error values. */
export type PackedFunc = (...args: unknown[]) => unknown;

/** tvmjs Tensor (formerly NDArray). */
export interface MlcTensor {
  readonly shape: number[];
  readonly dtype: string;
  copyFrom(data: MlcTensor | ArrayLike<number>): MlcTensor;
  /** CPU tensors only; a typed array copy of the data. */
  toArray(): ArrayLike<number>;
  view(shape: number[]): MlcTensor;
  dispose(): void;
}

/** The tuple a model function returns (`retValue.get(0)` is the logits). */
export interface MlcTuple {
  get(index: number): unknown;
}

/** A tvmjs DLDevice; `sync()` flushes web-llm's batched command encoder and waits for the queue. */
export interface MlcDevice {
  sync(): Promise<void>;
}

/** The parts of tvmjs Instance the adapter calls. */
export interface MlcTvm {
  beginScope(): void;
  endScope(): void;
  detachFromCurrentScope<T>(obj: T): T;
  /** Integers must travel as Scalars: plain JS numbers arrive as floats and are rejected. */
  scalar(value: number, dtype: 'int64' | 'int32'): unknown;
  makeShapeTuple(shape: number[]): unknown;
  empty(shape: number[], dtype: string, device: unknown): MlcTensor;
  cpu(): unknown;
  getGlobalFunc(name: string): PackedFunc;
}

export interface MlcVm {
  /** Throws (a TVM error) when the library does not export `name`. */
  getFunction(name: string): PackedFunc;
}

/** The GPUDevice under web-llm (tvm.lib.webGPUContext.device): error scopes and limits only. */
export interface GpuScopes {
  pushErrorScope(filter: GPUErrorFilter): void;
  popErrorScope(): Promise<GPUError | null>;
  readonly limits: { readonly maxStorageBufferBindingSize: number };
}

/** web-llm's tokenizer (@mlc-ai/web-tokenizers), from the model folder's tokenizer.json. */
export interface MlcTokenizer {
  encode(text: string): Int32Array;
  decode(ids: Int32Array): string;
}

/** The model functions the adapter calls, fetched once at load. */
export interface MlcFunctions {
  /** (embeds [1, n, hidden], kvCache, params) → tuple; item 0 = logits of the LAST position [1, 1, vocab]. */
  prefill: PackedFunc;
  /** (embeds [1, 1, hidden], kvCache, params) → tuple; item 0 = logits [1, 1, vocab]. */
  decode: PackedFunc;
  /** (embeds [1, k, hidden], kvCache, params) → tuple; item 0 = logits of EVERY position [1, k, vocab]. */
  batchVerify: PackedFunc;
  /** (token ids int32 [n], params) → embeddings [n, hidden]. */
  embed: PackedFunc;
  /** vm.builtin.kv_state_begin_forward(state, ShapeTuple seqIds, ShapeTuple lengths). */
  beginForward: PackedFunc;
  /** vm.builtin.kv_state_end_forward(state). */
  endForward: PackedFunc;
  /** vm.builtin.kv_state_popn(state, Scalar seq int64, Scalar n int32). */
  popn: PackedFunc;
}

/** The live pipeline object whose bookkeeping the adapter keeps true. */
export interface MlcPipelineState {
  /** web-llm's own count of cached positions; manual forwards do not update it, the adapter does. */
  filledKVCacheLength: number;
  /** web-llm's own clear-and-re-add of sequence 0 (and sliding-window setup). */
  resetKVCache(): void;
}

/** Everything the adapter needs, resolved and checked by internals.ts. */
export interface MlcPipelineSurface {
  tvm: MlcTvm;
  device: MlcDevice;
  gpu: GpuScopes;
  params: unknown;
  kvCache: unknown;
  fns: MlcFunctions;
  pipeline: MlcPipelineState;
  tokenizer: MlcTokenizer;
  vocabSize: number;
  /** Positions one forward may take (the library's prefill_chunk_size); batch_verify's buffers are sized by it. */
  prefillChunkSize: number;
  /** KV cache capacity in positions (context_window_size). */
  contextWindowSize: number;
  bosTokenId: number;
}
