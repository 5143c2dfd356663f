import { browserEnvironment } from '../models/storage/environment.ts';
import { cachedModelSource } from '../models/storage/cached-model-source.ts';
import { modelFileUrl, openModelCache } from '../models/storage/model-cache.ts';
import { WEBLLM_CACHE_NAMES } from '../models/storage/webllm-cache.ts';
import { normalizeModelUrl } from '../models/registry/webllm-urls.ts';
import type { WebLlmBuild } from '../models/registry/webllm-targets.ts';
import type { ModelSource } from '../models/model-source.ts';
import type { StorageEnvironment } from '../models/storage/environment.ts';
import { defaultEngineLoaders } from './engines.ts';
import type { EngineLoaders, PairLoaderDeps } from './pair-loader.ts';
import type { GpuReport } from '../protocol/protocol.ts';

/**
 * The pair loader's dependencies inside the worker: every model file cache first (Cache Storage
 * 'tandem-models', where the model manager downloads and imports to), else the app's own URL.
 */
export function browserPairDeps(gpu: GpuReport): PairLoaderDeps {
  const env = browserEnvironment();
  return {
    gpu,
    runtime: 'browser',
    source: (modelId) => cachedModelSource(env, modelId),
    webllmFolder: (build) => webLlmFolder(env, build),
    onnxFolder: (modelId) => `/models/${modelId}`,
    engines: { ...defaultEngineLoaders, transformers: transformersFromModelCache(env.origin) },
  };
}

/**
 * transformers.js fetches an ONNX folder's files itself. Its custom-cache hook is pointed at the
 * model cache, so an imported model (only in Cache Storage, never on the server) loads too; a file
 * not cached falls through to its own fetch of the same URL. Nothing is written back.
 */
function transformersFromModelCache(origin: string): EngineLoaders['transformers'] {
  return async (options) => {
    const { env } = await import('@huggingface/transformers');
    const models = await openModelCache(browserEnvironment());
    env.useCustomCache = true;
    env.customCache = {
      match: async (request: string) => {
        const path = new URL(request, origin);
        if (path.origin !== origin) return undefined;
        const match = /^\/models\/([^/]+)\/(.+)$/.exec(path.pathname);
        return match
          ? models.match(modelFileUrl(origin, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)))
          : undefined;
      },
      put: async () => {},
    };
    return defaultEngineLoaders.transformers(options);
  };
}

/**
 * A web-llm build's MLC folder: first where web-llm caches it (its 'webllm/model' and
 * 'webllm/config' caches, keyed by the file's absolute URL under …/resolve/main/), then
 * /models/<modelId>/resolve/main/<file> cache first, then the app's URL.
 */
export function webLlmFolder(env: StorageEnvironment, build: WebLlmBuild): ModelSource {
  const folderUrl = normalizeModelUrl(build.modelPath, env.origin);
  const fallback = cachedModelSource(env, build.modelId);
  return {
    description: folderUrl,
    async readFile(name) {
      for (const cacheName of [WEBLLM_CACHE_NAMES.model, WEBLLM_CACHE_NAMES.config]) {
        if (env.caches.has && !(await env.caches.has(cacheName))) continue; // looking must not create web-llm's caches
        const hit = await (await env.caches.open(cacheName).catch(() => null))?.match(new URL(name, folderUrl).href);
        if (hit) return new Uint8Array(await hit.arrayBuffer());
      }
      return fallback.readFile(`resolve/main/${name}`);
    },
  };
}
