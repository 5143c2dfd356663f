import { safetensorsToF16 } from '../../llama/safetensors-to-f16.ts';
import { DownloadCancelledError, StorageQuotaError } from '../storage/errors.ts';
import { formatSize } from '../../format.ts';
import { doneReport, type DownloadProgress, progressReport } from '../storage/progress.ts';
import { plainQuotaError } from '../storage/quota.ts';
import { ModelLibraryMissingError } from './errors.ts';
import { checkFileShape } from './file-shape.ts';
import { fetchFile } from './fetch-file.ts';
import type { HubEnvironment } from './hub-environment.ts';
import type { InstallPlan, PlannedFile } from './plan.ts';

/**
 * Carries out an install plan: the model library (web-llm) and the storage quota are checked
 * before the first byte; then each file, one at a time, is fetched (resuming, checksummed),
 * checked for shape, converted where planned, and only then stored under its key. Each file is
 * fetched under a Web Lock named after its key, so two tabs never download the same file: the
 * second waits and finds it stored. All or nothing: a failure or a cancel removes every file this
 * install stored, so no half model is ever listed.
 */

export interface InstallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  retries?: number;
}

export async function installPlan(
  env: HubEnvironment,
  plan: InstallPlan,
  options: InstallOptions = {},
): Promise<number> {
  if (plan.modelLib) await checkModelLibrary(env, plan.modelLib, options.signal);
  const missing = await filesToFetch(env, plan.files);
  await checkQuota(env, plan, missing);
  const totalBytes = missing.reduce((sum, f) => sum + f.size, 0);
  const started = env.now();
  let bytes = 0;
  const report = () => options.onProgress?.(progressReport(bytes, totalBytes, env.now() - started));
  report();
  const written: PlannedFile[] = [];
  try {
    for (const file of missing) {
      await withLock(env, file.key, async () => {
        if (await isStored(env, file)) return void (bytes += file.size); // another tab stored it meanwhile
        await fetchAndStore(env, plan, file, options, (delta) => {
          bytes += delta;
          report();
        });
        written.push(file);
      });
    }
  } catch (error) {
    for (const file of written) await (await env.caches.open(file.cache)).delete(file.key).catch(() => false);
    if (error instanceof DownloadCancelledError)
      throw new DownloadCancelledError(`The download of ${plan.what} was stopped; nothing was kept.`, { cause: error });
    throw plainQuotaError(error, plan.what);
  }
  options.onProgress?.(doneReport(bytes, env.now() - started));
  return totalBytes;
}

async function fetchAndStore(
  env: HubEnvironment,
  plan: InstallPlan,
  file: PlannedFile,
  options: InstallOptions,
  onBytes: (delta: number) => void,
): Promise<void> {
  const label = `${plan.source.split('@')[0]}/${file.path}`;
  const fetched = await fetchFile(
    env,
    { url: file.url, label, size: file.size, digest: file.digest },
    { onBytes, ...(options.signal ? { signal: options.signal } : {}), retries: options.retries ?? 6 },
  );
  try {
    await checkFileShape(file.path, fetched.blob, plan.source);
    const body = file.toF16 ? safetensorsToF16(fetched.blob.stream(), file.path) : fetched.blob;
    const headers = { 'content-type': file.path.endsWith('.json') ? 'application/json' : 'application/octet-stream' };
    await (await env.caches.open(file.cache)).put(file.key, new Response(body, { status: 200, headers }));
  } finally {
    await fetched.discard();
  }
}

async function isStored(env: HubEnvironment, file: PlannedFile): Promise<boolean> {
  return (await (await env.caches.open(file.cache)).match(file.key)) !== undefined;
}

async function filesToFetch(env: HubEnvironment, files: readonly PlannedFile[]): Promise<PlannedFile[]> {
  const stored = await Promise.all(files.map((f) => isStored(env, f)));
  return files.filter((_, i) => !stored[i]);
}

/**
 * Room for the download, plus the largest file once more: its bytes sit in the staging cache until
 * they are stored where they belong. Refused before any byte is written, with both figures.
 */
async function checkQuota(env: HubEnvironment, plan: InstallPlan, files: readonly PlannedFile[]): Promise<void> {
  const figures = await env.storageEstimate();
  if (!figures || files.length === 0) return;
  const needed = files.reduce((sum, f) => sum + f.size, 0) + Math.max(...files.map((f) => f.size));
  const free = Math.max(0, figures.quota - figures.usage);
  if (needed <= free) return;
  throw new StorageQuotaError(
    `There is not enough storage space for ${plan.what}: it needs ${formatSize(needed)} while downloading, and this site may use only ${formatSize(free)} more. Delete a model you do not need, or free disk space, and try again.`,
  );
}

/** A HEAD (CORS-simple: no preflight) to the library web-llm will instantiate, before any weights come. */
export async function checkModelLibrary(env: HubEnvironment, url: string, signal?: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await env.fetch(url, { method: 'HEAD', cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw new DownloadCancelledError('The download was stopped.', { cause: error });
    throw new ModelLibraryMissingError(
      `The model library ${url} could not be reached (${(error as Error).message}); nothing was downloaded. Check your connection, or whether that host is blocked on this network.`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new ModelLibraryMissingError(
      `The model library ${url} is missing (HTTP ${response.status}): this build cannot run, so nothing was downloaded.`,
    );
  }
}

async function withLock<T>(env: HubEnvironment, key: string, task: () => Promise<T>): Promise<T> {
  return env.locks ? env.locks.request(`tandem-download ${key}`, task) : task();
}
