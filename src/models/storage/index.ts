import { browserHubBase } from '../hub/hub-url.ts';
import { browserEnvironment, type StorageEnvironment } from './environment.ts';
import { downloadToCache, type DownloadItem } from './download.ts';
import { importFolder, type ImportResult, type PickedFile } from './import-folder.ts';
import { importFromUrl, type ModelFolderUrl, type UrlImportResult, type UrlModelFormat } from './import-url.ts';
import { cachedSize, deleteModel, listCached, modelFileUrl, type CachedModel } from './model-cache.ts';
import type { DownloadProgress } from './progress.ts';
import type { CatalogueFile } from './catalogue.ts';
import { deleteWebLlmModel, webLlmCachedSize, type WebLlmLocation } from './webllm-cache.ts';

/** The model store bound to one environment: the browser's in the app, fakes in tests. */
export interface ModelStore {
  cachedSize(id: string): Promise<number>;
  listCached(): Promise<CachedModel[]>;
  deleteModel(id: string): Promise<number>;
  download(
    what: string,
    files: readonly CatalogueFile[],
    onProgress: (p: DownloadProgress) => void,
    signal?: AbortSignal,
  ): Promise<number>;
  importFolder(id: string, files: readonly PickedFile[]): Promise<ImportResult>;
  /** Downloads a model folder from a URL (checked by parseModelFolderUrl) into the cache. */
  importFromUrl(
    folder: ModelFolderUrl,
    format: UrlModelFormat,
    onProgress: (p: DownloadProgress) => void,
    signal?: AbortSignal,
  ): Promise<UrlImportResult>;
  /** Bytes a web-llm target has in web-llm's own caches. */
  webLlmCachedSize(location: WebLlmLocation): Promise<number>;
  /** Removes a web-llm target's files from web-llm's caches; returns how many. */
  deleteWebLlmModel(location: WebLlmLocation): Promise<number>;
  /** The page's origin: a path typed in the URL form ("/models/x/") is on it. */
  readonly origin: string;
}

export function createModelStore(env: StorageEnvironment): ModelStore {
  return {
    cachedSize: (id) => cachedSize(env, id),
    listCached: () => listCached(env),
    deleteModel: (id) => deleteModel(env, id),
    download: (what, files, onProgress, signal) => {
      const items: DownloadItem[] = files.map((f) => ({
        key: modelFileUrl(env.origin, f.modelId, f.name),
        url: f.url,
        label: `${f.modelId}/${f.name}`,
      }));
      return downloadToCache(env, items, { what, onProgress, signal });
    },
    importFolder: (id, files) => importFolder(env, id, files),
    importFromUrl: (folder, format, onProgress, signal) =>
      importFromUrl({ ...env, hubBase: browserHubBase() }, folder, format, onProgress, signal),
    webLlmCachedSize: (location) => webLlmCachedSize(env, location),
    deleteWebLlmModel: (location) => deleteWebLlmModel(env, location),
    origin: env.origin,
  };
}

let browserStore: ModelStore | undefined;
/** The app's store over the real Cache Storage, made on first use (Node has no `caches`). */
export function browserModelStore(): ModelStore {
  browserStore ??= createModelStore(browserEnvironment());
  return browserStore;
}
