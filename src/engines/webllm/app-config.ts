import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';

/**
 * The web-llm AppConfig for one model, built from plain values so the loader and the
 * check-target page share it, and so it is tested without web-llm's runtime (type imports only).
 */

export type CacheBackend = NonNullable<AppConfig['cacheBackend']>;

export interface ModelLocation {
  /** The MLC folder: absolute, or a path resolved against `base`. */
  modelUrl: string;
  /** The compiled model library (.wasm). */
  modelLib: string;
  modelId: string;
  requiredFeatures?: string[];
  vramRequiredMB?: number;
  contextWindowSize?: number;
  cacheBackend?: CacheBackend;
}

export function buildAppConfig(location: ModelLocation): AppConfig {
  const record: ModelRecord = {
    model: location.modelUrl,
    model_id: location.modelId,
    model_lib: location.modelLib,
  };
  if (location.requiredFeatures?.length) record.required_features = location.requiredFeatures;
  if (location.vramRequiredMB !== undefined) record.vram_required_MB = location.vramRequiredMB;
  if (location.contextWindowSize !== undefined) record.overrides = { context_window_size: location.contextWindowSize };
  return { model_list: [record], cacheBackend: location.cacheBackend ?? 'cache' };
}
