import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { InvalidArgumentError } from '../../errors.ts';

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

/**
 * web-llm parses the model URL with `new URL()` and no base, and reads files under resolve/main/;
 * a bare folder URL gets that suffix, as web-llm's own cleanModelUrl does.
 */
export function normalizeModelUrl(url: string, base?: string): string {
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    throw new InvalidArgumentError(
      `"${url}" is not an absolute http(s) URL${base ? ` (nor a path under ${base})` : ''}`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError(`the model URL must be http(s), got ${parsed.protocol} in "${url}"`);
  }
  let href = parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
  if (!/\/resolve\/[^/]+\/$/.test(new URL(href).pathname)) href += 'resolve/main/';
  return href;
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

/** Whether web-llm will cache the library: it never caches a relative or "localhost" model_lib. */
export function libraryIsCached(modelLib: string): boolean {
  return /^https?:/.test(modelLib) && !modelLib.includes('localhost');
}
