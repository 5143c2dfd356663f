import { pickBuild, type WebLlmBuild, type WebLlmTargetEntry } from '../models/registry/webllm-targets.ts';
import type { GpuReport, WebLlmBuildChoice } from '../protocol/protocol.ts';

/**
 * Which engine runs which model, decided from the worker's own GPU probe. Pure: the worker applies
 * these, tests check them on made-up reports.
 */

/** Where the engines run: the browser worker, or Node (tests, scripts), where ONNX runs on 'cpu'. */
export type Runtime = 'browser' | 'node';

export interface EngineDecision<E extends string> {
  engine: E;
  reason: string;
}

function adapterWords(gpu: GpuReport): string {
  if (!gpu.available) return `no WebGPU adapter (${gpu.code})`;
  return `WebGPU adapter ${gpu.adapterName}${gpu.isFallbackAdapter ? ' (a software fallback adapter)' : ''}`;
}

/** A LLaMA safetensors folder: Tandem's WebGPU engine wherever WebGPU gives an adapter, else the CPU reference. */
export function chooseSafetensorsEngine(gpu: GpuReport): EngineDecision<'llama-webgpu' | 'llama-cpu'> {
  return gpu.available
    ? { engine: 'llama-webgpu', reason: `${adapterWords(gpu)}: ${gpu.hasShaderF16 ? 'f16' : 'f32'} weights on the GPU` }
    : { engine: 'llama-cpu', reason: `${adapterWords(gpu)}: the CPU reference engine` };
}

/** An ONNX export: transformers.js on WebGPU when there is an adapter, else its wasm backend (cpu in Node). */
export function chooseOnnxEngine(
  gpu: GpuReport,
  runtime: Runtime,
): EngineDecision<'transformers-webgpu' | 'transformers-wasm' | 'transformers-cpu'> {
  if (runtime === 'node') return { engine: 'transformers-cpu', reason: 'Node: onnxruntime on the CPU' };
  return gpu.available
    ? { engine: 'transformers-webgpu', reason: `${adapterWords(gpu)}: onnxruntime-web on WebGPU` }
    : { engine: 'transformers-wasm', reason: `${adapterWords(gpu)}: onnxruntime-web in wasm` };
}

/**
 * The demo's drafter: on a real GPU, Tandem's WebGPU engine (draft(k) in one submission); on a
 * software adapter (SwiftShader) or none, the CPU reference engine, which is faster there. The
 * demo's target always stays on the CPU reference engine.
 */
export function chooseDemoDrafterEngine(gpu: GpuReport): EngineDecision<'llama-webgpu' | 'llama-cpu'> {
  if (gpu.available && !gpu.isFallbackAdapter)
    return { engine: 'llama-webgpu', reason: `${adapterWords(gpu)}: a real GPU` };
  return {
    engine: 'llama-cpu',
    reason: `${adapterWords(gpu)}: the CPU reference engine is faster than emulated WebGPU`,
  };
}

/** The web-llm build for this adapter: q4f16_1 with shader-f16, else the larger q4f32_1; and why. */
export function chooseWebLlmBuild(
  entry: WebLlmTargetEntry,
  gpu: GpuReport,
): { build: WebLlmBuild; choice: WebLlmBuildChoice } {
  const features = new Set(gpu.available ? gpu.features : []);
  const build = pickBuild(entry, features);
  const reason = features.has('shader-f16')
    ? `the adapter has shader-f16, so the smaller ${build.quantization} build`
    : `the adapter has no shader-f16, so the ${build.quantization} build (f32 compute, more memory)`;
  return { build, choice: { quantization: build.quantization, modelId: build.modelId, reason } };
}
