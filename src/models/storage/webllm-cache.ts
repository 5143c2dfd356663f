import { libraryIsCached, normalizeModelUrl } from '../registry/webllm-urls.ts';
import type { StorageEnvironment } from './environment.ts';

/**
 * web-llm's own Cache Storage (pinned 0.2.86, `cacheBackend: 'cache'`, what Tandem configures),
 * read so the model manager can show and delete a target's cached files. In web-llm's lib/index.js:
 *  - "webllm/model":  the weights and tokenizer. `fetchTensorCache` stores tensor-cache.json and
 *                     each params_shard_*.bin under `new URL(dataPath, modelUrl)`; the tokenizer
 *                     (tokenizer.json or tokenizer.model) is `new URL(name, modelUrl)`.
 *  - "webllm/config": mlc-chat-config.json (and a model_manifest, when the record names one),
 *                     also under the model URL.
 *  - "webllm/wasm":   the compiled model library, keyed by its `model_lib` URL, only when that URL
 *                     is absolute http(s) and not on localhost (web-llm fetches others uncached).
 * Each entry is keyed by the file's absolute URL (ArtifactCache: `cache.add(new Request(url))`),
 * where modelUrl is the record's `model` after cleanModelUrl (…/resolve/main/, absolute).
 */
export const WEBLLM_CACHE_NAMES = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;

/** Where a web-llm target's files come from, as the registry gives it. */
export interface WebLlmLocation {
  /** The MLC folder: absolute, or a path on the app's origin (…/resolve/main/ added when missing). */
  modelPath: string;
  modelLib: string;
}

/** The cachedBytes key of a web-llm target (kept apart from the /models/<id>/ ids of Tandem's cache). */
export function webLlmCacheId(modelId: string): string {
  return `webllm:${modelId}`;
}

/** Which entry of which web-llm cache belongs to this model: everything under its folder URL, and its library. */
function matcher(env: StorageEnvironment, location: WebLlmLocation): (cacheName: string, url: string) => boolean {
  const folder = normalizeModelUrl(location.modelPath, env.origin);
  const library = libraryIsCached(location.modelLib) ? new URL(location.modelLib).href : null;
  return (cacheName, url) => (cacheName === WEBLLM_CACHE_NAMES.wasm ? url === library : url.startsWith(folder));
}

/** Opens a web-llm cache only if it exists: looking must not create web-llm's caches. */
async function openExisting(env: StorageEnvironment, name: string): Promise<Cache | null> {
  if (env.caches.has && !(await env.caches.has(name))) return null;
  return env.caches.open(name);
}

async function matchingEntries(
  env: StorageEnvironment,
  location: WebLlmLocation,
): Promise<{ cache: Cache; request: Request }[]> {
  const belongs = matcher(env, location);
  const found: { cache: Cache; request: Request }[] = [];
  for (const name of Object.values(WEBLLM_CACHE_NAMES)) {
    const cache = await openExisting(env, name);
    if (!cache) continue;
    for (const request of await cache.keys()) if (belongs(name, request.url)) found.push({ cache, request });
  }
  return found;
}

/** Stored bytes of a web-llm target's files in web-llm's caches (0 when none is cached). */
export async function webLlmCachedSize(env: StorageEnvironment, location: WebLlmLocation): Promise<number> {
  let total = 0;
  for (const { cache, request } of await matchingEntries(env, location)) {
    const response = await cache.match(request);
    if (response) total += (await response.blob()).size;
  }
  return total;
}

/**
 * Removes a web-llm target's files from web-llm's caches; returns how many were removed. Unlike
 * web-llm's deleteModelAllInfoInCache it needs no network (that one fetches tensor-cache.json to
 * list the shards, and leaves tensor-cache.json itself behind).
 */
export async function deleteWebLlmModel(env: StorageEnvironment, location: WebLlmLocation): Promise<number> {
  const entries = await matchingEntries(env, location);
  for (const { cache, request } of entries) await cache.delete(request);
  return entries.length;
}
