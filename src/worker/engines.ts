import type { EngineLoaders } from './pair-loader.ts';

/**
 * The real engines, each imported when first used: a worker that only runs the demo on the CPU
 * never loads the WebGPU engine's kernels, transformers.js or web-llm.
 */
export const defaultEngineLoaders: EngineLoaders = {
  llamaCpu: async (source, { maxDraft: _unused, ...options }) =>
    (await import('../engines/llama-cpu/index.ts')).loadLlamaCpu(source, options),
  llamaWebGpu: async (source, options) =>
    (await import('../engines/llama-webgpu/index.ts')).loadLlamaWebGpu(source, options),
  transformers: async (options) => (await import('../engines/transformers/index.ts')).loadTransformersLM(options),
  webllm: async (options) => (await import('../engines/webllm/index.ts')).loadWebLlmTarget(options),
};
