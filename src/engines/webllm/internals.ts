import { WebLlmInternalsMissingError } from './errors.ts';
import type { GpuScopes, MlcFunctions, MlcPipelineSurface, MlcTokenizer, MlcTvm, PackedFunc } from './surface.ts';

/**
 * The load-time check: every field and function the adapter reaches in web-llm's pipeline, found
 * and typed, or one error listing ALL that is missing (so a version bump shows its whole diff at
 * once). Nothing here degrades silently: a missing batch_verify is an error, not a fallback.
 */

/** The web-llm version whose internals this adapter was read from; package.json pins it exactly. */
export const PINNED_WEBLLM_VERSION = '0.2.86';

type Bag = Record<string, unknown>;

const TVM_METHODS = [
  'beginScope',
  'endScope',
  'detachFromCurrentScope',
  'scalar',
  'makeShapeTuple',
  'empty',
  'cpu',
  'getGlobalFunc',
] as const;

function isBag(value: unknown): value is Bag {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function isFunction(value: unknown): value is PackedFunc {
  return typeof value === 'function';
}

/** The pipeline web-llm's MLCEngine holds for `modelId` (engine.loadedModelIdToPipeline, a private Map). */
export function pipelineOf(engine: unknown, modelId: string): unknown {
  const map = isBag(engine) ? engine.loadedModelIdToPipeline : undefined;
  if (!(map instanceof Map)) {
    throw new WebLlmInternalsMissingError(['MLCEngine.loadedModelIdToPipeline (a Map)'], PINNED_WEBLLM_VERSION);
  }
  const pipeline: unknown = map.get(modelId);
  if (!isBag(pipeline)) {
    throw new WebLlmInternalsMissingError([`a loaded pipeline for model id "${modelId}"`], PINNED_WEBLLM_VERSION);
  }
  return pipeline;
}

/** Checks the pipeline and returns the typed surface the adapter works on. */
export function resolveSurface(pipeline: unknown): MlcPipelineSurface {
  const p: Bag = isBag(pipeline) ? pipeline : {};
  const missing: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) missing.push(what);
  };

  const tvm = p.tvm;
  need(
    isBag(tvm) && TVM_METHODS.every((m) => isFunction((tvm as Bag)[m])),
    `pipeline.tvm with ${TVM_METHODS.join(', ')}`,
  );
  const vm = p.vm;
  need(isBag(vm) && isFunction(vm.getFunction), 'pipeline.vm.getFunction');
  const device = p.device;
  need(isBag(device) && isFunction(device.sync), 'pipeline.device.sync');
  need(p.params !== undefined, 'pipeline.params');
  need(isFunction(p.embed), 'pipeline.embed');
  need(isFunction(p.fKVCacheBeginForward), 'pipeline.fKVCacheBeginForward');
  need(isFunction(p.fKVCacheEndForward), 'pipeline.fKVCacheEndForward');
  need(typeof p.filledKVCacheLength === 'number', 'pipeline.filledKVCacheLength (a number)');
  need(isFunction(p.resetKVCache), 'pipeline.resetKVCache');
  need(isPositiveInteger(p.prefillChunkSize), 'pipeline.prefillChunkSize (a positive integer)');
  need(
    isPositiveInteger(p.contextWindowSize),
    'pipeline.contextWindowSize (a positive integer; sliding-window models are not supported)',
  );
  need(
    p.slidingWindowSize === undefined || p.slidingWindowSize === -1,
    'pipeline.slidingWindowSize = -1 (popn on a sliding window is not exact)',
  );
  const config = isBag(p.config) ? p.config : {};
  need(isPositiveInteger(config.vocab_size), 'pipeline.config.vocab_size');
  const tokenizer = p.tokenizer;
  need(
    isBag(tokenizer) && isFunction(tokenizer.encode) && isFunction(tokenizer.decode),
    'pipeline.tokenizer.encode/decode',
  );
  checkAbi(p.resolvedModelABI, need);
  const kvCache = findKvCache(p, need);
  const gpu = findGpuDevice(tvm, need);

  let fns: MlcFunctions | undefined;
  if (missing.length === 0)
    fns = fetchFunctions(p, tvm as unknown as MlcTvm, vm as { getFunction(name: string): PackedFunc }, need);
  if (missing.length > 0 || fns === undefined || gpu === undefined) {
    throw new WebLlmInternalsMissingError(missing, PINNED_WEBLLM_VERSION);
  }
  return {
    tvm: tvm as unknown as MlcTvm,
    device: device as unknown as MlcPipelineSurface['device'],
    gpu,
    params: p.params,
    kvCache,
    fns,
    pipeline: p as unknown as MlcPipelineSurface['pipeline'],
    tokenizer: tokenizer as unknown as MlcTokenizer,
    vocabSize: config.vocab_size as number,
    prefillChunkSize: p.prefillChunkSize as number,
    contextWindowSize: p.contextWindowSize as number,
    bosTokenId: typeof p.bosTokenId === 'number' ? p.bosTokenId : 1,
  };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** web-llm 0.2.86 may resolve a batch_* ABI or a hybrid state; the adapter calls the single-sequence ABI only. */
function checkAbi(abi: unknown, need: (ok: boolean, what: string) => void): void {
  if (abi === undefined) return;
  const a: Bag = isBag(abi) ? abi : {};
  need(
    a.prefillABI === 'single' && a.decodeABI === 'single',
    'a model library with the single-sequence prefill/decode ABI (resolvedModelABI.prefillABI = "single")',
  );
  need(a.needsRNNState !== true, 'a pure KV-cache model (resolvedModelABI.needsRNNState = false)');
}

/** 0.2.86 keeps `kvCache` but routes forwards over getActiveKVStates(); accept either, require exactly one state. */
function findKvCache(p: Bag, need: (ok: boolean, what: string) => void): unknown {
  if (p.kvCache !== undefined && p.rnnState === undefined) return p.kvCache;
  if (isFunction(p.getActiveKVStates)) {
    try {
      const states = (p.getActiveKVStates as () => unknown).call(p);
      if (Array.isArray(states) && states.length === 1) return states[0];
    } catch {
      // reported below as missing
    }
  }
  need(false, 'exactly one KV state (pipeline.kvCache or getActiveKVStates() of length 1)');
  return undefined;
}

/** The GPUDevice web-llm made (tvm.initWebGPU stores it in tvm.lib.webGPUContext.device). */
function findGpuDevice(tvm: unknown, need: (ok: boolean, what: string) => void): GpuScopes | undefined {
  const lib = isBag(tvm) ? tvm.lib : undefined;
  const context = isBag(lib) ? lib.webGPUContext : undefined;
  const device = isBag(context) ? context.device : undefined;
  const ok =
    isBag(device) && isFunction(device.pushErrorScope) && isFunction(device.popErrorScope) && isBag(device.limits);
  need(ok, 'pipeline.tvm.lib.webGPUContext.device (the GPUDevice: pushErrorScope, popErrorScope, limits)');
  return ok ? (device as unknown as GpuScopes) : undefined;
}

/** Model functions by name; a manifest model (0.2.86 `artifact`) may rename them. */
function functionNames(p: Bag): { prefill: string; decode: string; batchVerify: string } {
  const artifact = isBag(p.artifact) ? p.artifact : undefined;
  const generation = artifact && isBag(artifact.generation) ? artifact.generation : {};
  const program = artifact && isBag(artifact.program) ? artifact.program : {};
  const exports = isBag(program.exports) ? program.exports : {};
  const name = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
  return {
    prefill: name(generation.prefill, 'prefill'),
    decode: name(generation.decode, 'decode'),
    batchVerify: name(exports.batch_verify, 'batch_verify'),
  };
}

function fetchFunctions(
  p: Bag,
  tvm: MlcTvm,
  vm: { getFunction(name: string): PackedFunc },
  need: (ok: boolean, what: string) => void,
): MlcFunctions | undefined {
  const names = functionNames(p);
  // getFunction/getGlobalFunc attach their result to the current scope: fetch inside one, detach.
  const get = (what: string, lookup: () => unknown): PackedFunc | undefined => {
    try {
      const fn = lookup();
      if (isFunction(fn)) return tvm.detachFromCurrentScope(fn);
    } catch {
      // TVM throws for an unexported symbol; reported below
    }
    need(false, what);
    return undefined;
  };
  tvm.beginScope();
  try {
    const prefill = get(`VM function "${names.prefill}"`, () => vm.getFunction(names.prefill));
    const decode = get(`VM function "${names.decode}"`, () => vm.getFunction(names.decode));
    const batchVerify = get(`VM function "${names.batchVerify}"`, () => vm.getFunction(names.batchVerify));
    const popn = get('runtime builtin "vm.builtin.kv_state_popn"', () => tvm.getGlobalFunc('vm.builtin.kv_state_popn'));
    if (!prefill || !decode || !batchVerify || !popn) return undefined;
    return {
      prefill,
      decode,
      batchVerify,
      popn,
      embed: p.embed as PackedFunc,
      beginForward: p.fKVCacheBeginForward as PackedFunc,
      endForward: p.fKVCacheEndForward as PackedFunc,
    };
  } finally {
    tvm.endScope();
  }
}
