import { browserEnvironment, type StorageEnvironment } from '../storage/environment.ts';
import { storageEstimate, type StorageFigures } from '../storage/storage-estimate.ts';

/** The part of the Web Locks API the downloads use (navigator.locks; absent in Node and old browsers). */
export interface LockRequester {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** What the Hub downloads need beyond the model store's environment; fakes in tests. */
export interface HubEnvironment extends StorageEnvironment {
  sleep(ms: number): Promise<void>;
  /** Web Locks: one download per file across the site's tabs. Without it, only this tab is serialised. */
  locks?: LockRequester;
  storageEstimate(): Promise<StorageFigures | null>;
}

export function browserHubEnvironment(): HubEnvironment {
  const locks = globalThis.navigator?.locks;
  return {
    ...browserEnvironment(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(locks
      ? {
          locks: {
            request: async (name, callback) =>
              (await locks.request(name, callback)) as Awaited<ReturnType<typeof callback>>,
          },
        }
      : {}),
    storageEstimate: () => storageEstimate(),
  };
}
