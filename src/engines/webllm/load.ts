import type { InitProgressReport, MLCEngine } from '@mlc-ai/web-llm';
import { translationPrompt } from '../../models/prompt.ts';
import { normalizeModelUrl } from '../../models/registry/webllm-urls.ts';
import { buildAppConfig, type CacheBackend } from './app-config.ts';
import { checkLogitsBinding, type BindingCheck } from './gpu-guard.ts';
import { pipelineOf, resolveSurface } from './internals.ts';
import { MlcCausalLM } from './mlc-causal-lm.ts';
import { DEFAULT_THRESHOLDS, runSelfCheck, type SelfCheckReport, type Thresholds } from './self-check.ts';
import type { MlcTokenizer } from './surface.ts';

/**
 * The thin layer that touches web-llm's runtime (browser only: it needs WebGPU). web-llm loads
 * the weights, library and tokenizer with its own caches and progress reports; then the adapter
 * takes the pipeline, checks its internals, checks the binding limit, and runs the self-check.
 * web-llm is imported dynamically so that nothing else in this folder pulls in its runtime.
 */

export interface LoadWebLlmTargetOptions {
  /** The MLC folder (absolute, or a path under `base`); resolve/main/ is added when missing. */
  modelUrl: string;
  modelLib: string;
  /** Defaults to the folder name. */
  modelId?: string;
  /** The dtype the library computes in; picks the self-check thresholds. Default: from the URL, else f16. */
  computeDtype?: 'f16' | 'f32';
  requiredFeatures?: string[];
  contextWindowSize?: number;
  cacheBackend?: CacheBackend;
  /** Base for a relative modelUrl; defaults to the page's origin. */
  base?: string;
  onProgress?: (report: InitProgressReport) => void;
  /** false skips it (speculation is then left ON untested: only for benchmarks that check elsewhere). */
  selfCheck?: false | { tokens?: number[]; thresholds?: Thresholds; tail?: number };
  vocabId?: string;
}

export interface WebLlmTarget {
  target: MlcCausalLM;
  tokenizer: MlcTokenizer;
  modelId: string;
  modelUrl: string;
  binding: BindingCheck;
  selfCheck?: SelfCheckReport;
  engine: MLCEngine;
}

export async function loadWebLlmTarget(options: LoadWebLlmTargetOptions): Promise<WebLlmTarget> {
  const base = options.base ?? globalThis.location?.origin;
  const modelUrl = normalizeModelUrl(options.modelUrl, base);
  const modelId = options.modelId ?? new URL(modelUrl).pathname.split('/').filter(Boolean).slice(-3, -2)[0] ?? 'target';
  const webllm = await import('@mlc-ai/web-llm');
  const appConfig = buildAppConfig({ ...options, modelUrl, modelId });
  const engine = await webllm.CreateMLCEngine(modelId, {
    appConfig,
    ...(options.onProgress ? { initProgressCallback: options.onProgress } : {}),
  });
  try {
    const surface = resolveSurface(pipelineOf(engine, modelId));
    const binding = checkLogitsBinding(
      surface.gpu.limits.maxStorageBufferBindingSize,
      surface.prefillChunkSize,
      surface.vocabSize,
    );
    const target = new MlcCausalLM(surface, {
      ...(options.vocabId !== undefined ? { vocabId: options.vocabId } : {}),
      batchVerify: binding.ok,
      onDispose: () => engine.unload(),
    });
    const result: WebLlmTarget = { target, tokenizer: surface.tokenizer, modelId, modelUrl, binding, engine };
    if (options.selfCheck !== false) {
      const dtype = options.computeDtype ?? (/q4f32|q0f32/.test(modelUrl + options.modelLib) ? 'f32' : 'f16');
      const tokens = options.selfCheck?.tokens ?? selfCheckTokens(surface.tokenizer, surface.bosTokenId);
      result.selfCheck = await runSelfCheck(target, {
        tokens,
        thresholds: options.selfCheck?.thresholds ?? DEFAULT_THRESHOLDS[dtype],
        binding,
        ...(options.selfCheck?.tail !== undefined ? { tail: options.selfCheck.tail } : {}),
      });
    }
    return result;
  } catch (error) {
    await engine.unload();
    throw error;
  }
}

/** The paper's prompt around a short German sentence, in the target's own tokenizer, BOS first. */
export function selfCheckTokens(tokenizer: MlcTokenizer, bosTokenId: number): number[] {
  const text = translationPrompt('Der Hund schläft im Garten, weil die Sonne scheint.', 'de', 'en');
  return [bosTokenId, ...tokenizer.encode(text)];
}
