import { downloadToCache, type DownloadItem } from './download.ts';
import type { StorageEnvironment } from './environment.ts';
import { ModelUrlError } from './errors.ts';
import { missingModelFiles, modelIdFromFolder } from './import-folder.ts';
import { modelFileUrl } from './model-cache.ts';
import type { DownloadProgress } from './progress.ts';

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
 * pages (…/owner/repo, …/tree/main/sub) become their file URLs (…/resolve/main/sub/). A URL that
 * names a file, or has a query, is refused: the files are looked up by name inside the folder.
 */
export function parseModelFolderUrl(input: string, origin: string): ModelFolderUrl {
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
  huggingFaceFileUrl(url);
  const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  if (!url.pathname.endsWith('/') && FILE_ENDING.test(last)) {
    throw new ModelUrlError(
      `“${text}” is the address of a file (${decodeURIComponent(last)}), not of a folder: give the folder that holds config.json, ending in “/”.`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const name = folderDisplayName(url);
  return { url: url.href, id: modelIdFromFolder(name), name };
}

/** Rewrites a Hugging Face repository page URL in place to the URL its files download from. */
function huggingFaceFileUrl(url: URL): void {
  if (url.hostname !== 'huggingface.co') return;
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 2) {
    url.pathname = `/${parts.join('/')}/resolve/main/`;
  } else if (parts.length >= 4 && (parts[2] === 'tree' || parts[2] === 'blob')) {
    if (parts[2] === 'blob') return; // a file page: left for the file check to refuse
    url.pathname = `/${[parts[0], parts[1], 'resolve', ...parts.slice(3)].join('/')}/`;
  }
}

/** The folder's name as the user knows it: the last path segment, or the repository on Hugging Face. */
function folderDisplayName(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (url.hostname === 'huggingface.co' && parts[2] === 'resolve' && parts.length <= 4) return parts[1] ?? url.hostname;
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
 * Downloads a model folder from a URL into the model cache under /models/<id>/, with the download
 * machinery's progress, stop and all-or-nothing clean-up. A required file the server does not
 * have fails the whole download with an error naming it; a JSON file served as a web page (a
 * site's "not found" page, or a folder's HTML listing) is refused as not a model folder.
 */
export async function importFromUrl(
  env: StorageEnvironment,
  folder: ModelFolderUrl,
  format: UrlModelFormat,
  onProgress?: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<UrlImportResult> {
  const files = modelFolderFiles(folder.url, format);
  const stored: string[] = [];
  const items: DownloadItem[] = files.map((file) => ({
    key: modelFileUrl(env.origin, folder.id, file.name),
    url: file.url,
    label: `${file.name} from ${folder.url}`,
    optional: file.optional,
    check: (response) => {
      if (file.name.endsWith('.json')) refuseWebPage(response, file.name, folder.url);
      stored.push(file.name);
    },
  }));
  const bytes = await downloadToCache(env, items, { what: folder.name, onProgress, signal });
  const order = files.map((f) => f.name).filter((name) => stored.includes(name));
  return { id: folder.id, name: folder.name, url: folder.url, format, bytes, files: order };
}

function refuseWebPage(response: Response, name: string, folderUrl: string): void {
  const type = response.headers.get('content-type') ?? '';
  if (/^text\/html\b/i.test(type)) {
    throw new ModelUrlError(
      `${folderUrl} does not look like a model folder: the server answered ${name} with a web page, not JSON. Give the address the files download from (on Hugging Face: …/resolve/main/).`,
    );
  }
}
