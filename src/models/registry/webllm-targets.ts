import { InvalidArgumentError } from '../../errors.ts';
import llama2Chat1k from './llama-2-7b-chat-1k.json';
import llama2Chat4k from './llama-2-7b-chat-4k.json';
import tinyLlama from './tinyllama-1.1b-chat.json';
import vicuna from './vicuna-7b-v1.3.json';

/**
 * Target models that run on @mlc-ai/web-llm. The catalogue is data (one JSON file per model);
 * this module only types it and picks a build for a GPU.
 *  modelPath          the MLC folder: a path on the app's origin (Vicuna, made by the user) or
 *                     the build's Hub URL (web-llm needs an absolute URL ending in resolve/main/)
 *  modelLib           the compiled library of the pinned web-llm version (its prebuiltAppConfig
 *                     pairs the same file with Llama-2-7B, whose shapes Vicuna-7B shares)
 *  weightsBytesApprox 6.74e9 parameters × 4.5 (q4f16_1) or 5 (q4f32_1) bits
 *  vramRequiredMB     web-llm's own estimate (prebuiltAppConfig) for that build and context
 */

export interface WebLlmBuild {
  quantization: 'q4f16_1' | 'q4f32_1';
  modelId: string;
  modelPath: string;
  modelLib: string;
  requiredFeatures: string[];
  computeDtype: 'f16' | 'f32';
  weightsBytesApprox: number;
  vramRequiredMB: number;
}

export interface WebLlmTargetEntry {
  id: string;
  name: string;
  role: 'target';
  runtime: 'webllm';
  webllmVersion: string;
  sourceWeights: string;
  architecture: 'llama';
  vocabSize: number;
  contextWindowSize: number;
  convTemplate: string;
  format: string;
  builds: WebLlmBuild[];
}

/**
 * Vicuna-7B v1.3 (the paper's target; its MLC build is made with mlc_llm and served by the site),
 * then web-llm's own prebuilt builds on the Hub that share the LLaMA vocabulary.
 */
export const WEBLLM_TARGETS: readonly WebLlmTargetEntry[] = [vicuna, llama2Chat4k, llama2Chat1k, tinyLlama].map(
  (entry) => entry as WebLlmTargetEntry,
);

export function webLlmTarget(id: string): WebLlmTargetEntry {
  const entry = WEBLLM_TARGETS.find((t) => t.id === id);
  if (!entry)
    throw new InvalidArgumentError(`no web-llm target "${id}"; known: ${WEBLLM_TARGETS.map((t) => t.id).join(', ')}`);
  return entry;
}

/** The first build whose required WebGPU features the adapter has (q4f16_1 needs shader-f16). */
export function pickBuild(entry: WebLlmTargetEntry, features: ReadonlySet<string>): WebLlmBuild {
  const build = entry.builds.find((b) => b.requiredFeatures.every((f) => features.has(f)));
  if (!build) {
    throw new InvalidArgumentError(
      `no build of ${entry.name} runs on this GPU (features: ${[...features].join(', ') || 'none'})`,
    );
  }
  return build;
}
