import { checkFileShape, refuseHtmlResponse } from '../hub/file-shape.ts';
import { diagnoseFetchFailure, type FetchFileEnvironment, fetchFile } from '../hub/fetch-file.ts';
import { fetchJson } from '../hub/fetch-json.ts';
import { HUB_BASE, treeUrl } from '../hub/hub-url.ts';
import { type FileDigest, type HubFile, parseHubListing } from '../hub/listing.ts';
import type { StorageEnvironment } from './environment.ts';
import { DownloadCancelledError, ModelDownloadHttpError, ModelUrlError } from './errors.ts';
import { missingModelFiles, modelIdFromFolder } from './import-folder.ts';
import { modelFileUrl, openModelCache } from './model-cache.ts';
import { doneReport, type DownloadProgress, progressReport } from './progress.ts';
import { plainQuotaError } from './quota.ts';

/** The two folder layouts "Add a model by URL" knows. */
export type UrlModelFormat = 'safetensors' | 'onnx';

/** The files of each layout: the weights, then what every model needs; `optional` may be absent. */
const WEIGHTS: Record<UrlModelFormat, string> = { safetensors: 'model.safetensors', onnx: 'onnx/model.onnx' };
const JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const OPTIONAL_FILES = ['generation_config.json'];

export interface UrlModelFile {
  /** Path inside the folder ("onnx/model.onnx"), also the path under /models/<id>/. */
  name: string;
  url: string;
  optional: boolean;
}

/** A folder URL, checked and normalised, with the model id and display name it gets. */
export interface ModelFolderUrl {
  /** Absolute, ending in "/", no query or fragment: files resolve against it. */
  url: string;
  id: string;
  name: string;
}

// File endings that say a URL is a file's, not a folder's.
const FILE_ENDING = /\.(json|safetensors|onnx|onnx_data|bin|gguf|pt|pth|txt|md|html?|model|zip|tar|gz)$/i;

/**
 * Checks what the user typed and turns it into a folder URL. Accepts an http(s) URL or a path on
 * the app's own origin ("/models/x/"); a missing final "/" is added. Hugging Face repository
 * pages (…/owner/repo, …/tree/main/sub) become their file URLs (…/resolve/main/sub/); `hubBase`
 * is the Hub (a fake one on 127.0.0.1 in tests). A URL that
 * names a file, or has a query, is refused: the files are looked up by name inside the folder.
 */
export function parseModelFolderUrl(input: string, origin: string, hubBase: string = HUB_BASE): ModelFolderUrl {
  const hubOrigin = new URL(hubBase).origin;
  const text = input.trim();
  if (text === '')
    throw new ModelUrlError(
      'Give the address of a model folder, e.g. https://huggingface.co/owner/model/resolve/main/.',
    );
  let url: URL;
  try {
    url = text.startsWith('/') && !text.startsWith('//') ? new URL(text, origin) : new URL(text);
  } catch {
    throw new ModelUrlError(`“${text}” is not a valid URL: give the folder's full address, starting with https://.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ModelUrlError(
      `“${text}” is not a web address (${url.protocol.replace(/:$/, '')}): give an http or https URL of the folder.`,
    );
  }
  if (url.username || url.password) throw new ModelUrlError('The URL must not contain a user name or password.');
  if (url.search) {
    throw new ModelUrlError(
      `“${text}” has a query (${url.search}): give the folder's plain address, whose files are <folder>/config.json and so on.`,
    );
  }
  url.hash = '';
  if (url.origin === hubOrigin) huggingFaceFileUrl(url);
  const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  if (!url.pathname.endsWith('/') && FILE_ENDING.test(last)) {
    throw new ModelUrlError(
      `“${text}” is the address of a file (${decodeURIComponent(last)}), not of a folder: give the folder that holds config.json, ending in “/”.`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const name = folderDisplayName(url, url.origin === hubOrigin);
  return { url: url.href, id: modelIdFromFolder(name), name };
}

/** Rewrites a Hugging Face repository page URL in place to the URL its files download from. */
function huggingFaceFileUrl(url: URL): void {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 2) {
    url.pathname = `/${parts.join('/')}/resolve/main/`;
  } else if (parts.length >= 4 && (parts[2] === 'tree' || parts[2] === 'blob')) {
    if (parts[2] === 'blob') return; // a file page: left for the file check to refuse
    url.pathname = `/${[parts[0], parts[1], 'resolve', ...parts.slice(3)].join('/')}/`;
  }
}

/** The folder's name as the user knows it: the last path segment, or the repository on Hugging Face. */
function folderDisplayName(url: URL, onHub: boolean): string {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (onHub && parts[2] === 'resolve' && parts.length <= 4) return parts[1] ?? url.hostname;
  return parts.at(-1) ?? url.hostname;
}

/** The files a folder of `format` must (and may) have, with their URLs. */
export function modelFolderFiles(folderUrl: string, format: UrlModelFormat): UrlModelFile[] {
  const required = [WEIGHTS[format], ...JSON_FILES];
  // The same rule a picked folder is held to (import-folder.ts): the list must satisfy it.
  const missing = missingModelFiles(new Set(required));
  if (missing.length > 0) throw new Error(`modelFolderFiles: the ${format} list lacks ${missing.join(', ')}`);
  return [
    ...required.map((name) => ({ name, url: new URL(name, folderUrl).href, optional: false })),
    ...OPTIONAL_FILES.map((name) => ({ name, url: new URL(name, folderUrl).href, optional: true })),
  ];
}

export interface UrlImportResult {
  id: string;
  name: string;
  url: string;
  format: UrlModelFormat;
  bytes: number;
  /** The files stored (an optional one the server lacks is not among them). */
  files: string[];
}

/**
 * Downloads a model folder from a URL into the model cache under /models/<id>/. First every file is
 * probed (HEAD, CORS-simple): a required file the server lacks, a JSON file served as a web page, a
 * server without CORS or nothing answering at all is named before any byte is stored. A folder on
 * the Hugging Face Hub is also listed, so each file is checked against its sha256 or git sha1.
 * Then the files come one at a time through fetchFile (resumed with Range after a dropped
 * connection), each checked for its shape (safetensors header, JSON, ONNX) before it is stored.
 * All or nothing: a failure or a stop removes what this import stored.
 */
export async function importFromUrl(
  env: UrlImportEnvironment,
  folder: ModelFolderUrl,
  format: UrlModelFormat,
  onProgress?: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<UrlImportResult> {
  const fetchEnv = { ...env, sleep: env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))) };
  const listed = await hubListing(fetchEnv, folder.url, env.hubBase ?? HUB_BASE, signal);
  const probed = await probeFiles(fetchEnv, folder, modelFolderFiles(folder.url, format), listed, signal);
  const totalBytes = probed.every((f) => f.size !== null) ? probed.reduce((sum, f) => sum + (f.size ?? 0), 0) : null;
  const cache = await openModelCache(env);
  const started = env.now();
  let bytes = 0;
  const report = () => onProgress?.(progressReport(bytes, totalBytes, env.now() - started));
  report();
  const stored: string[] = [];
  try {
    for (const file of probed) {
      const label = `${file.name} from ${folder.url}`;
      const fetched = await fetchFile(
        fetchEnv,
        {
          url: file.url,
          label,
          size: file.size,
          digest: file.digest,
          check: (r) => refuseHtmlResponse(r, file.name, folder.url),
        },
        { onBytes: (n) => ((bytes += n), report()), ...(signal ? { signal } : {}) },
      );
      try {
        await checkFileShape(file.name, fetched.blob, folder.url);
        const headers = { 'content-type': fetched.blob.type || 'application/octet-stream' };
        stored.push(file.name);
        await cache.put(modelFileUrl(env.origin, folder.id, file.name), new Response(fetched.blob, { headers }));
      } finally {
        await fetched.discard();
      }
    }
  } catch (error) {
    for (const name of stored) await cache.delete(modelFileUrl(env.origin, folder.id, name)).catch(() => false);
    if (error instanceof DownloadCancelledError || signal?.aborted)
      throw new DownloadCancelledError(`The download of ${folder.name} was stopped.`, { cause: error });
    throw plainQuotaError(error, folder.name);
  }
  onProgress?.(doneReport(bytes, env.now() - started));
  return { id: folder.id, name: folder.name, url: folder.url, format, bytes, files: stored };
}

/** The model store's environment, plus what resuming needs (a back-off clock) and the Hub's base. */
export type UrlImportEnvironment = StorageEnvironment & { sleep?: (ms: number) => Promise<void>; hubBase?: string };

interface ProbedFile extends UrlModelFile {
  size: number | null;
  digest: FileDigest | null;
}

/** A folder on the Hub (<base>/<owner>/<repo>/resolve/<rev>/…): its listing, by path inside the folder. */
async function hubListing(
  env: FetchFileEnvironment,
  folderUrl: string,
  base: string,
  signal?: AbortSignal,
): Promise<Map<string, HubFile> | null> {
  if (!folderUrl.startsWith(`${base}/`)) return null;
  const match = /^([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.*)$/.exec(folderUrl.slice(base.length + 1));
  if (!match) return null;
  const [, repo, revision, sub] = match;
  const data = await fetchJson(
    env,
    treeUrl(base, repo!, decodeURIComponent(revision!)),
    `the file listing of ${repo}`,
    signal,
  );
  const files = parseHubListing(data, `${repo}@${decodeURIComponent(revision!)}`);
  return new Map(files.filter((f) => f.path.startsWith(sub!)).map((f) => [f.path.slice(sub!.length), f]));
}

/**
 * HEAD every file, in the layout's order: sizes for the progress bar, and every reason to refuse the
 * folder found before a byte is stored. An optional file the server lacks is dropped.
 */
async function probeFiles(
  env: FetchFileEnvironment,
  folder: ModelFolderUrl,
  files: UrlModelFile[],
  listed: Map<string, HubFile> | null,
  signal?: AbortSignal,
): Promise<ProbedFile[]> {
  const answers = await Promise.all(files.map((file) => probe(env, file, signal)));
  const kept: ProbedFile[] = [];
  for (const [index, file] of files.entries()) {
    const answer = answers[index]!;
    if (answer instanceof Error) throw answer;
    const entry = listed?.get(file.name);
    if (answer.status === 404 && file.optional) continue;
    if (!answer.ok) {
      throw new ModelDownloadHttpError(
        `Downloading ${file.name} from ${folder.url} failed: the server answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}.`,
      );
    }
    if (file.name.endsWith('.json')) refuseWebPage(answer, file.name, folder.url);
    const length = Number(answer.headers.get('content-length') ?? Number.NaN);
    kept.push({
      ...file,
      size: entry?.size ?? (Number.isFinite(length) && length > 0 ? length : null),
      digest: entry?.digest ?? null,
    });
  }
  return kept;
}

async function probe(env: FetchFileEnvironment, file: UrlModelFile, signal?: AbortSignal): Promise<Response | Error> {
  try {
    const response = await env.fetch(file.url, { method: 'HEAD', cache: 'no-store', ...(signal ? { signal } : {}) });
    await response.body?.cancel().catch(() => undefined);
    return response;
  } catch (error) {
    if (signal?.aborted)
      return new DownloadCancelledError(`The download of ${file.name} was stopped.`, { cause: error });
    return diagnoseFetchFailure(env, file.url, `${file.name}`, error, signal);
  }
}

function refuseWebPage(response: Response, name: string, folderUrl: string): void {
  const type = response.headers.get('content-type') ?? '';
  if (/^text\/html\b/i.test(type)) {
    throw new ModelUrlError(
      `${folderUrl} does not look like a model folder: the server answered ${name} with a web page, not JSON. Give the address the files download from (on Hugging Face: …/resolve/main/).`,
    );
  }
}
