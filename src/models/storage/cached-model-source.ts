import { ModelFileMissingError } from '../../errors.ts';
import type { ModelSource } from '../model-source.ts';
import type { StorageEnvironment } from './environment.ts';
import { modelFileUrl, openModelCache } from './model-cache.ts';

/** What the cache-first source needs of the browser (the page's or the worker's; fakes in tests). */
export type CachedSourceEnvironment = Pick<StorageEnvironment, 'caches' | 'fetch' | 'origin' | 'isOnline'>;

/** A model folder's source that can also say whether a file exists without reading it. */
export interface CachedModelSource extends ModelSource {
  readonly modelId: string;
  /** True when the file is in the model cache or the app serves it. */
  has(name: string): Promise<boolean>;
}

/**
 * One model's files, cache first: `/models/<id>/<file>` from Cache Storage ('tandem-models', where
 * the model manager downloads and imports to), else the same same-origin URL over fetch (a model
 * the app itself serves, such as the demo fixtures). A file in neither place is a
 * ModelFileMissingError that names the model and the file, and says so when the browser is offline.
 */
export function cachedModelSource(env: CachedSourceEnvironment, modelId: string): CachedModelSource {
  const url = (name: string) => modelFileUrl(env.origin, modelId, name);
  let cache: Promise<Cache | null> | undefined;
  const openCache = () => (cache ??= openModelCache(env as StorageEnvironment).catch(() => null)); // storage blocked: fetch only
  const fromCache = async (name: string): Promise<Response | undefined> => (await openCache())?.match(url(name));

  return {
    modelId,
    description: `model "${modelId}" (/models/${modelId}/)`,
    async readFile(name) {
      const cached = await fromCache(name);
      if (cached) return new Uint8Array(await cached.arrayBuffer());
      let response: Response;
      try {
        response = await env.fetch(url(name));
      } catch (error) {
        throw missing(env, modelId, name, `could not fetch it: ${(error as Error).message}`, error);
      }
      if (!response.ok) throw missing(env, modelId, name, `the app does not serve it either (HTTP ${response.status})`);
      if (isPageFallback(response, name))
        throw missing(env, modelId, name, 'the app does not serve it either (it answered with its HTML page)');
      return new Uint8Array(await response.arrayBuffer());
    },
    async has(name) {
      if (await fromCache(name)) return true;
      try {
        const response = await env.fetch(url(name), { method: 'HEAD' });
        return response.ok && !isPageFallback(response, name);
      } catch {
        return false;
      }
    },
  };
}

/**
 * Single-page-app servers (Vite's preview and dev servers, most static hosts) answer a path they do
 * not have with index.html and status 200: that is not the model file.
 */
function isPageFallback(response: Response, name: string): boolean {
  return /text\/html/i.test(response.headers.get('content-type') ?? '') && !/\.html?$/i.test(name);
}

function missing(
  env: CachedSourceEnvironment,
  modelId: string,
  name: string,
  detail: string,
  cause?: unknown,
): ModelFileMissingError {
  // "could not fetch" is also how the environment notice recognises a wrapped fetch failure.
  const message = env.isOnline()
    ? `${name} of model "${modelId}" is not in this browser's model storage, and ${detail}`
    : `${name} of model "${modelId}" is not downloaded and you are offline: it is not in this browser's model storage (${detail})`;
  return new ModelFileMissingError(message, cause === undefined ? undefined : { cause });
}
