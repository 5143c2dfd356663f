import { InvalidArgumentError } from '../../errors.ts';
import vicuna from './vicuna-7b-v1.3.json';

/**
 * Target models that run on @mlc-ai/web-llm. The catalogue is data (one JSON file per model);
 * this module only types it and picks a build for a GPU.
 *  modelPath          where the app serves the MLC folder, resolved against the page's origin
 *                     (web-llm needs an absolute URL ending in resolve/main/)
 *  modelLib           the compiled library of the pinned web-llm version (its prebuiltAppConfig
 *                     pairs the same file with Llama-2-7B, whose shapes Vicuna-7B shares)
 *  weightsBytesApprox 6.74e9 parameters × 4.5 (q4f16_1) or 5 (q4f32_1) bits
 *  vramRequiredMB     web-llm's own estimate for that library at a 4k context (Vicuna uses 2k)
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

export const WEBLLM_TARGETS: readonly WebLlmTargetEntry[] = [vicuna as WebLlmTargetEntry];

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
