import { DownloadCancelledError, ModelDownloadHttpError, ModelOfflineError } from '../storage/errors.ts';
import { formatMB } from '../../format.ts';
import { type DigestCheck, digestCheck, digestName } from './digest.ts';
import { ChecksumMismatchError, CorsBlockedError, DownloadInterruptedError, ServerUnreachableError } from './errors.ts';
import type { HubEnvironment } from './hub-environment.ts';
import type { FileDigest } from './listing.ts';

/**
 * Fetches one file so that it survives real networks: the body streams into parts in a staging
 * cache ('tandem-downloads'); when the connection drops, the bytes received are kept and the rest
 * is asked for with one `Range: bytes=<n>-` header (CORS-safelisted: no preflight, which the Hub's
 * CDN has refused), after a back-off. The digest is computed as the bytes pass, and checked before
 * the file is handed back. On failure or cancel every part is removed.
 */

export const STAGING_CACHE = 'tandem-downloads';

export interface FileJob {
  url: string;
  /** How the file is named to the user ("double7/vicuna-68m/model.safetensors"). */
  label: string;
  /** From the listing; null when unknown (a folder added by URL). */
  size: number | null;
  digest: FileDigest | null;
  /** Looks at the first response's headers; throws to refuse the file (e.g. a web page). */
  check?: (response: Response) => void;
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Bytes received (negative when a server ignored Range and the file starts over). */
  onBytes?: (delta: number) => void;
  /** Tries after a failure that made no progress; default 4. */
  retries?: number;
  /** The first back-off in ms, doubled each time; default 500. */
  backoffMs?: number;
}

export interface FetchedFile {
  /** The verified bytes, assembled from the parts (disk-backed in the browser). */
  blob: Blob;
  /** Removes the staging parts; call once the bytes are stored where they belong. */
  discard(): Promise<void>;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** A failure worth another try (a dropped or refused connection, a busy server). */
class Retryable extends Error {}

/** What fetching a file needs of the browser (the Hub environment has more). */
export type FetchFileEnvironment = Pick<HubEnvironment, 'caches' | 'fetch' | 'origin' | 'isOnline' | 'sleep'>;

export async function fetchFile(
  env: FetchFileEnvironment,
  job: FileJob,
  options: FetchOptions = {},
): Promise<FetchedFile> {
  const staging = await env.caches.open(STAGING_CACHE);
  const parts: string[] = [];
  const discard = async () => {
    for (const key of parts.splice(0)) await staging.delete(key).catch(() => false);
  };
  const digest = job.digest && job.size !== null ? await digestCheck(job.digest, job.size) : null;
  let received = 0;
  // Only bytes past the furthest point reached count as progress (a server that ignores Range sends
  // the start again): that is what resets the back-off.
  let furthest = 0;
  let failures = 0;
  const retries = options.retries ?? 4;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      try {
        const response = await request(env, job, received, options.signal);
        if (received > 0 && response.status === 200) {
          // The server ignored Range: the whole file comes again, so start over.
          options.onBytes?.(-received);
          received = 0;
          digest?.reset();
          await discard();
        }
        if (received === 0) job.check?.(response);
        const key = new URL(`/downloads/${encodeURIComponent(job.label)}/part-${parts.length}`, env.origin).href;
        parts.push(key);
        const outcome = await writePart(staging, key, response, job, received, digest, options);
        received += outcome.bytes;
        if (received > furthest) {
          furthest = received;
          failures = 0;
        }
        if (outcome.error !== undefined) throw outcome.error;
        if (job.size !== null && received < job.size) throw new Retryable(`the body ended at ${received} bytes`);
        break;
      } catch (error) {
        if (!(error instanceof Retryable) || isAbort(error.cause, options.signal)) throw error;
        failures += 1;
        if (failures > retries) throw giveUp(job, received, error, retries);
        await env.sleep((options.backoffMs ?? 500) * 2 ** (failures - 1));
      }
    }
    if (digest && job.digest) checkDigest(job, digest, received);
    const blobs = await Promise.all(parts.map(async (key) => (await staging.match(key))!.blob()));
    return { blob: new Blob(blobs), discard };
  } catch (error) {
    await discard();
    if (isAbort(error, options.signal) || isAbort((error as Error).cause, options.signal)) {
      throw new DownloadCancelledError(`The download of ${job.label} was stopped.`, { cause: error });
    }
    throw error instanceof Retryable ? (error.cause ?? error) : error;
  }
}

async function request(env: FetchFileEnvironment, job: FileJob, from: number, signal?: AbortSignal): Promise<Response> {
  // Only a single Range header: anything else would make the CDN's cross-origin request preflighted.
  const headers = from > 0 ? { Range: `bytes=${from}-` } : undefined;
  let response: Response;
  try {
    response = await env.fetch(job.url, { signal, cache: 'no-store', ...(headers ? { headers } : {}) });
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    const diagnosis = await diagnoseFetchFailure(env, job.url, job.label, error, signal);
    // Nothing answering may be a passing outage: worth the tries. Offline or no CORS will not change.
    throw diagnosis instanceof ServerUnreachableError ? new Retryable('no answer', { cause: error }) : diagnosis;
  }
  if (response.ok) {
    if (from > 0 && response.status === 206 && !rangeStartsAt(response, from)) {
      await response.body?.cancel().catch(() => undefined);
      throw new Retryable(`the server resumed ${job.label} at the wrong place`);
    }
    return response;
  }
  await response.body?.cancel().catch(() => undefined);
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (RETRYABLE_STATUS.has(response.status))
    throw new Retryable(status, { cause: new ModelDownloadHttpError(`${job.label}: ${status}`) });
  throw new ModelDownloadHttpError(`Downloading ${job.label} failed: the server answered ${status}.`);
}

/** Content-Range "bytes <start>-<end>/<total>" must start where the kept bytes end. */
function rangeStartsAt(response: Response, from: number): boolean {
  const range = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
  return range === null || Number(range[1]) === from;
}

/**
 * Why a fetch was rejected, which the browser does not say ("Failed to fetch" for all of these):
 * offline; a server that answers without CORS headers (a no-cors request to it resolves, with an
 * opaque answer); or nothing answering at all (the no-cors request fails too).
 */
export async function diagnoseFetchFailure(
  env: Pick<FetchFileEnvironment, 'fetch' | 'isOnline'>,
  url: string,
  what: string,
  error: unknown,
  signal?: AbortSignal,
): Promise<Error> {
  const origin = new URL(url).origin;
  if (!env.isOnline())
    return new ModelOfflineError(`${what} cannot be downloaded: you are offline. Connect and try again.`, {
      cause: error,
    });
  const opaque = await env.fetch(url, { mode: 'no-cors', cache: 'no-store', ...(signal ? { signal } : {}) }).then(
    () => true,
    () => false,
  );
  if (opaque) {
    return new CorsBlockedError(
      `${origin} answered, but without CORS headers (Access-Control-Allow-Origin), so the browser keeps ${what} from Tandem. Use a host that sends them (Hugging Face does), or download the folder and import it from your disk.`,
      { cause: error },
    );
  }
  return new ServerUnreachableError(
    `No server answered at ${origin} for ${what}: check the address, and that the server is running and reachable from this network.`,
    { cause: error },
  );
}

interface PartOutcome {
  bytes: number;
  /** Why the body ended early (a dropped connection, a cancel, too many bytes). */
  error?: unknown;
}

/**
 * Streams the body into one staging entry. A read that fails ends the part where it failed (the
 * entry keeps what came) instead of failing the put, which would lose every byte of it.
 */
async function writePart(
  staging: Cache,
  key: string,
  response: Response,
  job: FileJob,
  before: number,
  digest: DigestCheck | null,
  options: FetchOptions,
): Promise<PartOutcome> {
  const outcome: PartOutcome = { bytes: 0 };
  const reader = response.body!.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        if (job.size !== null && before + outcome.bytes + value.byteLength > job.size) {
          throw new ChecksumMismatchError(
            `${job.label} is larger than the ${job.size.toLocaleString('en')} bytes the Hub lists: the server sent another file. Nothing was kept.`,
          );
        }
        digest?.update(value);
        outcome.bytes += value.byteLength;
        options.onBytes?.(value.byteLength);
        controller.enqueue(value);
      } catch (error) {
        outcome.error = error instanceof ChecksumMismatchError ? error : new Retryable('dropped', { cause: error });
        await reader.cancel().catch(() => undefined);
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  await staging.put(key, new Response(body));
  return outcome;
}

function checkDigest(job: FileJob, digest: DigestCheck, received: number): void {
  const expected = job.digest!;
  const actual = digest.hex();
  if (actual === expected.hex && (job.size === null || received === job.size)) return;
  throw new ChecksumMismatchError(
    `${job.label} is corrupt: its ${digestName(expected)} is ${actual.slice(0, 12)}…, the Hub lists ${expected.hex.slice(0, 12)}…. The file was discarded; download it again.`,
  );
}

function giveUp(job: FileJob, received: number, error: Retryable, retries: number): Error {
  const origin = new URL(job.url).origin;
  if (error.message === 'no answer' && received === 0) {
    return new ServerUnreachableError(
      `No server answered at ${origin} for ${job.label} (${retries + 1} tries): check the address, and that the server is running and reachable from this network.`,
      { cause: error.cause },
    );
  }
  if (error.cause instanceof ModelDownloadHttpError) {
    return new ModelDownloadHttpError(
      `Downloading ${job.label} failed: the server kept answering ${error.message} (${retries + 1} tries). Try again later.`,
      { cause: error.cause },
    );
  }
  const of = job.size === null ? '' : ` of ${formatMB(job.size)}`;
  return new DownloadInterruptedError(
    `The connection to ${origin} dropped while downloading ${job.label} (${formatMB(received)}${of} received) and ${retries} tries to resume failed. Check your connection and try again.`,
    { cause: error.cause },
  );
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted) || (error instanceof Error && error.name === 'AbortError');
}
