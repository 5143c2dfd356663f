import type { StateCreator } from 'zustand';
import { catalogueRows, type ManagedModel } from '../models/storage/catalogue.ts';
import { modelIdFromFolder, folderName, type PickedFile } from '../models/storage/import-folder.ts';
import { DownloadCancelledError } from '../models/storage/errors.ts';
import { browserHubBase } from '../models/hub/hub-url.ts';
import { parseModelFolderUrl, type ModelFolderUrl, type UrlModelFormat } from '../models/storage/import-url.ts';
import { browserModelStore, type ModelStore } from '../models/storage/index.ts';
import type { DownloadProgress } from '../models/storage/progress.ts';
import * as browserStorage from '../models/storage/storage-estimate.ts';
import type { Persistence, StorageFigures } from '../models/storage/storage-estimate.ts';
import { loadUserModels, saveUserModels, type UserModel } from '../models/storage/user-models.ts';
import { errorInfo } from './error-info.ts';
import type { ErrorInfo } from './types.ts';

/** What one row of the model manager is doing now (its cached bytes are kept apart, per model id). */
export type RowActivity =
  | { phase: 'idle' }
  | { phase: 'downloading'; progress: DownloadProgress }
  | { phase: 'failed'; error: ErrorInfo };

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'importing'; folder: string }
  | { phase: 'done'; id: string; bytes: number }
  | { phase: 'failed'; error: ErrorInfo };

/** "Add a model by URL": what the form is doing now. */
export type UrlImportState =
  | { phase: 'idle' }
  | { phase: 'downloading'; url: string; name: string; progress: DownloadProgress }
  | { phase: 'done'; id: string; name: string; bytes: number }
  | { phase: 'stopped'; name: string }
  | { phase: 'failed'; error: ErrorInfo };

export interface ModelManagerSlice {
  userModels: readonly UserModel[];
  /** Stored bytes per /models/<id>/ folder; a missing id has nothing cached. */
  cachedBytes: Readonly<Record<string, number>>;
  rowActivity: Readonly<Record<string, RowActivity>>;
  storageFigures: StorageFigures | null;
  persistence: Persistence | 'unknown';
  importState: ImportState;
  refreshModels(): Promise<void>;
  downloadRow(key: string): Promise<void>;
  cancelDownload(key: string): void;
  deleteRow(key: string): Promise<void>;
  importModelFolder(files: readonly PickedFile[]): Promise<void>;
  urlImportState: UrlImportState;
  /** Downloads a model folder from a URL into the cache and lists it as a user model. */
  addModelByUrl(url: string, format: UrlModelFormat): Promise<void>;
  /** Stops the running add-by-URL download; what it wrote is removed. */
  cancelUrlImport(): void;
  requestPersistence(): Promise<void>;
}

/** The browser pieces the slice drives; tests pass fakes. */
export interface ModelManagerDeps {
  store: () => ModelStore;
  storageEstimate: () => Promise<StorageFigures | null>;
  persistence: () => Promise<Persistence>;
  requestPersistence: () => Promise<Persistence>;
  loadUserModels: () => UserModel[];
  saveUserModels: (models: readonly UserModel[]) => void;
}

export const browserModelManagerDeps: ModelManagerDeps = {
  store: browserModelStore,
  storageEstimate: () => browserStorage.storageEstimate(),
  persistence: () => browserStorage.persistence(),
  requestPersistence: () => browserStorage.requestPersistence(),
  loadUserModels: () => loadUserModels(),
  saveUserModels: (models) => saveUserModels(models),
};

export function createModelManagerSlice(
  deps: ModelManagerDeps = browserModelManagerDeps,
): StateCreator<ModelManagerSlice, [], [], ModelManagerSlice> {
  return (set, get) => {
    // AbortControllers are not state: nothing renders them, and they are not serialisable.
    const running = new Map<string, AbortController>();
    let urlImport: AbortController | null = null;
    const setActivity = (key: string, activity: RowActivity) =>
      set((s) => ({ rowActivity: { ...s.rowActivity, [key]: activity } }));
    const row = (key: string): ManagedModel | undefined => catalogueRows(get().userModels).find((r) => r.key === key);

    const refreshModels = async () => {
      const webLlmRows = catalogueRows(get().userModels).filter((r) => r.webllm !== undefined);
      const [cached, webLlm, storageFigures, persistence] = await Promise.all([
        deps.store().listCached(),
        // web-llm's targets: what web-llm itself cached, read from its caches (webllm-cache.ts).
        Promise.all(
          webLlmRows.map(async (r) => [r.modelIds[0]!, await deps.store().webLlmCachedSize(r.webllm!)] as const),
        ),
        deps.storageEstimate(),
        deps.persistence(),
      ]);
      const cachedBytes = Object.fromEntries([
        ...cached.map((c) => [c.id, c.bytes] as const),
        ...webLlm.filter(([, bytes]) => bytes > 0),
      ]);
      set({ cachedBytes, storageFigures, persistence });
    };

    return {
      userModels: deps.loadUserModels(),
      cachedBytes: {},
      rowActivity: {},
      storageFigures: null,
      persistence: 'unknown',
      importState: { phase: 'idle' },
      urlImportState: { phase: 'idle' },
      refreshModels,
      downloadRow: async (key) => {
        const entry = row(key);
        if (!entry?.download.available || running.has(key)) return;
        const controller = new AbortController();
        running.set(key, controller);
        setActivity(key, {
          phase: 'downloading',
          progress: { bytes: 0, totalBytes: entry.sizeBytes, percent: 0, bytesPerSecond: 0, secondsLeft: null },
        });
        try {
          await deps
            .store()
            .download(
              entry.name,
              entry.download.files,
              (progress) => setActivity(key, { phase: 'downloading', progress }),
              controller.signal,
            );
          setActivity(key, { phase: 'idle' });
        } catch (error) {
          setActivity(key, { phase: 'failed', error: errorInfo(error) });
        } finally {
          running.delete(key);
          await refreshModels();
        }
      },
      cancelDownload: (key) => running.get(key)?.abort(),
      deleteRow: async (key) => {
        const entry = row(key);
        if (!entry) return;
        try {
          if (entry.webllm) await deps.store().deleteWebLlmModel(entry.webllm);
          else for (const id of entry.modelIds) await deps.store().deleteModel(id);
          if (entry.kind === 'user') {
            const userModels = get().userModels.filter((m) => !entry.modelIds.includes(m.id));
            deps.saveUserModels(userModels);
            set({ userModels });
          }
          setActivity(key, { phase: 'idle' });
        } catch (error) {
          setActivity(key, { phase: 'failed', error: errorInfo(error) });
        }
        await refreshModels();
      },
      importModelFolder: async (files) => {
        const folder = folderName(files);
        set({ importState: { phase: 'importing', folder } });
        try {
          const result = await deps.store().importFolder(modelIdFromFolder(folder), files);
          const model: UserModel = {
            id: result.id,
            folder: folder || result.id,
            format: result.format,
            bytes: result.bytes,
          };
          // Importing the same folder again replaces its entry rather than listing it twice.
          const userModels = [...get().userModels.filter((m) => m.id !== model.id), model];
          deps.saveUserModels(userModels);
          set({ userModels, importState: { phase: 'done', id: result.id, bytes: result.bytes } });
        } catch (error) {
          set({ importState: { phase: 'failed', error: errorInfo(error) } });
        }
        await refreshModels();
      },
      addModelByUrl: async (input, format) => {
        if (urlImport) return; // one at a time: the form is disabled meanwhile
        let folder: ModelFolderUrl;
        try {
          folder = parseModelFolderUrl(input, deps.store().origin, browserHubBase());
        } catch (error) {
          set({ urlImportState: { phase: 'failed', error: errorInfo(error) } });
          return;
        }
        const controller = new AbortController();
        urlImport = controller;
        const progress: DownloadProgress = {
          bytes: 0,
          totalBytes: null,
          percent: null,
          bytesPerSecond: 0,
          secondsLeft: null,
        };
        set({ urlImportState: { phase: 'downloading', url: folder.url, name: folder.name, progress } });
        try {
          const result = await deps
            .store()
            .importFromUrl(
              folder,
              format,
              (p) => set({ urlImportState: { phase: 'downloading', url: folder.url, name: folder.name, progress: p } }),
              controller.signal,
            );
          const model: UserModel = {
            id: result.id,
            folder: result.name,
            format: result.format,
            bytes: result.bytes,
            sourceUrl: result.url,
          };
          // Adding the same folder again replaces its entry rather than listing it twice.
          const userModels = [...get().userModels.filter((m) => m.id !== model.id), model];
          deps.saveUserModels(userModels);
          set({ userModels, urlImportState: { phase: 'done', id: result.id, name: result.name, bytes: result.bytes } });
        } catch (error) {
          set({
            urlImportState:
              error instanceof DownloadCancelledError
                ? { phase: 'stopped', name: folder.name }
                : { phase: 'failed', error: errorInfo(error) },
          });
        } finally {
          urlImport = null;
        }
        await refreshModels();
      },
      cancelUrlImport: () => urlImport?.abort(),
      requestPersistence: async () => {
        set({ persistence: await deps.requestPersistence() });
      },
    };
  };
}
