import type { StorageEnvironment } from './environment.ts';

/**
 * Models in browser Cache Storage, under the same cache and the same same-origin URLs
 * (`/models/<id>/<file>`) that the service worker's CacheFirst route uses (src/pwa/pwa-options.ts),
 * so a fetch-based loader finds an imported or downloaded model exactly where it looks.
 */
export const MODEL_CACHE_NAME = 'tandem-models';

export interface CachedModel {
  id: string;
  bytes: number;
  files: number;
}

/** The cache key of one file of a model: an absolute URL on the page's origin. */
export function modelFileUrl(origin: string, id: string, file: string): string {
  return new URL(`/models/${encodeURIComponent(id)}/${file.split('/').map(encodeURIComponent).join('/')}`, origin).href;
}

/** The model id of a cache key, or null when the key is not under /models/<id>/. */
export function modelIdOf(url: string): string | null {
  const match = /^\/models\/([^/]+)\/.+/.exec(new URL(url).pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

export async function openModelCache(env: StorageEnvironment): Promise<Cache> {
  return env.caches.open(MODEL_CACHE_NAME);
}

async function keysOf(cache: Cache, id: string): Promise<readonly Request[]> {
  return (await cache.keys()).filter((request) => modelIdOf(request.url) === id);
}

// Blob.size of a cached response is known without reading the body (Chrome keeps it on disk).
async function storedBytes(cache: Cache, request: Request): Promise<number> {
  const response = await cache.match(request);
  return response ? (await response.blob()).size : 0;
}

/** Sum of the stored bytes of one model's files (0 when nothing is cached). */
export async function cachedSize(env: StorageEnvironment, id: string): Promise<number> {
  const cache = await openModelCache(env);
  let total = 0;
  for (const request of await keysOf(cache, id)) total += await storedBytes(cache, request);
  return total;
}

/** Every model with at least one cached file, with its size. */
export async function listCached(env: StorageEnvironment): Promise<CachedModel[]> {
  const cache = await openModelCache(env);
  const models = new Map<string, CachedModel>();
  for (const request of await cache.keys()) {
    const id = modelIdOf(request.url);
    if (id === null) continue;
    const entry = models.get(id) ?? { id, bytes: 0, files: 0 };
    entry.bytes += await storedBytes(cache, request);
    entry.files += 1;
    models.set(id, entry);
  }
  return [...models.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Removes every cached file of a model; returns how many were removed. */
export async function deleteModel(env: StorageEnvironment, id: string): Promise<number> {
  const cache = await openModelCache(env);
  const requests = await keysOf(cache, id);
  for (const request of requests) await cache.delete(request);
  return requests.length;
}
