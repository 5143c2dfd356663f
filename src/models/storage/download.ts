import type { StorageEnvironment } from './environment.ts';
import { DownloadCancelledError, ModelDownloadHttpError, ModelOfflineError } from './errors.ts';
import { modelFileUrl, openModelCache } from './model-cache.ts';
import { doneReport, progressReport, type DownloadProgress } from './progress.ts';
import { plainQuotaError } from './quota.ts';

/**
 * At most one progress report per this many ms: a report per chunk (~1,600 for the 71.6 MB demo
 * pair) re-rendered the row for each one and made a local download about a quarter slower.
 */
const PROGRESS_INTERVAL_MS = 100;

/** One file to fetch (`url`) and the cache key it is stored under (`key`). */
export interface DownloadItem {
  key: string;
  url: string;
  /** The name the user sees in errors ("tiny-target/model.safetensors"). */
  label: string;
  /** A file the model can do without: an HTTP 404 skips it instead of failing the download. */
  optional?: boolean;
  /**
   * Looks at the response's headers before any byte is stored; throws to refuse it (e.g. a web
   * page served where a JSON file was expected). The whole download then fails, leaving nothing.
   */
  check?: (response: Response) => void;
}

export interface DownloadOptions {
  /** A name for the whole download, used in error messages ("Demo — tiny random models"). */
  what: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

/**
 * Downloads files into the model cache, streaming each body through a counting reader, so a
 * 4 GB model never sits in memory and progress moves with the bytes. All-or-nothing: on any failure
 * or cancel the files written by this call are removed, so a half model never looks cached.
 */
export async function downloadToCache(
  env: StorageEnvironment,
  items: readonly DownloadItem[],
  options: DownloadOptions,
): Promise<number> {
  const cache = await openModelCache(env);
  const started = env.now();
  const written: string[] = [];
  let bytes = 0;
  try {
    // Headers first for every file, so the total (sum of Content-Length) is known from the start.
    const fetched = await fetchAll(env, items, options);
    const present = items.flatMap((item, index) => (fetched[index] ? [{ item, response: fetched[index] }] : []));
    const responses = present.map((p) => p.response);
    const lengths = responses.map((r) => Number(r.headers.get('content-length') ?? NaN));
    const totalBytes = lengths.every((n) => Number.isFinite(n) && n > 0) ? lengths.reduce((a, b) => a + b, 0) : null;
    const report = () => options.onProgress?.(progressReport(bytes, totalBytes, env.now() - started));
    let lastReport = env.now();
    report();
    for (const [index, response] of responses.entries()) {
      const counted = countingBody(response, options.signal, (n) => {
        bytes += n;
        const now = env.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        report();
      });
      const headers = new Headers({
        'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      });
      const { key } = present[index]!.item;
      written.push(key);
      await cache.put(key, new Response(counted, { status: 200, headers }));
    }
    options.onProgress?.(doneReport(bytes, env.now() - started));
    return bytes;
  } catch (error) {
    for (const key of written) await cache.delete(key).catch(() => false);
    throw translateError(error, options);
  }
}

/** Downloads one model's files to `/models/<id>/<name>`. */
export function downloadModel(
  env: StorageEnvironment,
  id: string,
  files: readonly { name: string; url: string }[],
  onProgress?: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<number> {
  const items = files.map((f) => ({ key: modelFileUrl(env.origin, id, f.name), url: f.url, label: `${id}/${f.name}` }));
  return downloadToCache(env, items, { what: id, onProgress, signal });
}

/**
 * Every item's response (null for a skipped optional file). When one fails, the others' bodies are
 * cancelled (no connection left streaming into nothing) and the first failure in item order is
 * thrown, so the error names the same file every time.
 */
async function fetchAll(
  env: StorageEnvironment,
  items: readonly DownloadItem[],
  options: DownloadOptions,
): Promise<(Response | null)[]> {
  const settled = await Promise.allSettled(items.map((item) => fetchItem(env, item, options)));
  const failure = settled.find((result) => result.status === 'rejected');
  if (!failure) return settled.map((result) => (result as PromiseFulfilledResult<Response | null>).value);
  for (const result of settled) if (result.status === 'fulfilled') await discard(result.value);
  throw failure.reason;
}

async function discard(response: Response | null): Promise<void> {
  await response?.body?.cancel().catch(() => undefined);
}

/** The file's response, or null for an optional file the server does not have (HTTP 404). */
async function fetchItem(
  env: StorageEnvironment,
  item: DownloadItem,
  options: DownloadOptions,
): Promise<Response | null> {
  let response: Response;
  try {
    // no-store: the bytes go to our cache; the HTTP cache keeping a second copy would double the space.
    response = await env.fetch(item.url, { signal: options.signal, cache: 'no-store' });
  } catch (error) {
    if (!env.isOnline() && !isAbort(error, options.signal)) {
      throw new ModelOfflineError(
        `${options.what} is not downloaded and you are offline. Connect to the internet and try again.`,
        { cause: error },
      );
    }
    throw error;
  }
  if (item.optional && response.status === 404) {
    await discard(response);
    return null;
  }
  if (!response.ok || !response.body) {
    await discard(response);
    throw new ModelDownloadHttpError(
      `Downloading ${item.label} failed: the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    );
  }
  try {
    item.check?.(response);
  } catch (error) {
    await discard(response);
    throw error;
  }
  return response;
}

// Reads the body with its reader and re-emits each chunk, counting bytes on the way through.
function countingBody(
  response: Response,
  signal: AbortSignal | undefined,
  onChunk: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  const reader = response.body!.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      onChunk(value.byteLength);
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted) || (error instanceof Error && error.name === 'AbortError');
}

function translateError(error: unknown, options: DownloadOptions): unknown {
  if (isAbort(error, options.signal))
    return new DownloadCancelledError(`The download of ${options.what} was stopped.`, { cause: error });
  return plainQuotaError(error, options.what);
}
