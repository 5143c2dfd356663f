import { ModelDownloadHttpError, ModelOfflineError } from '../storage/errors.ts';
import { CorsBlockedError, ServerUnreachableError } from './errors.ts';
import type { HubEnvironment } from './hub-environment.ts';

/** GETs a small JSON document (the Hub's listing), naming what it is in every error. */
export async function fetchJson(
  env: HubEnvironment,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<unknown> {
  let response: Response;
  try {
    response = await env.fetch(url, { cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (!env.isOnline()) throw new ModelOfflineError(`Cannot fetch ${what}: you are offline.`, { cause: error });
    const origin = new URL(url).origin;
    const opaque = await env.fetch(url, { mode: 'no-cors', cache: 'no-store' }).then(
      () => true,
      () => false,
    );
    throw opaque
      ? new CorsBlockedError(`${origin} answered ${what} without CORS headers, so the browser keeps it from Tandem.`, {
          cause: error,
        })
      : new ServerUnreachableError(`No server answered at ${origin} for ${what}: check your connection.`, {
          cause: error,
        });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModelDownloadHttpError(`Fetching ${what} failed: the Hub answered HTTP ${response.status}.`);
  }
  try {
    return await response.json();
  } catch (error) {
    throw new ModelDownloadHttpError(`${what} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
