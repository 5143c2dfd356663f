import { ModelDownloadHttpError } from '../storage/errors.ts';
import { diagnoseFetchFailure, type FetchFileEnvironment } from './fetch-file.ts';

/** GETs a small JSON document (the Hub's listing), naming what it is in every error. */
export async function fetchJson(
  env: Pick<FetchFileEnvironment, 'fetch' | 'isOnline'>,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<unknown> {
  let response: Response;
  try {
    response = await env.fetch(url, { cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw await diagnoseFetchFailure(env, url, what, error, signal);
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
