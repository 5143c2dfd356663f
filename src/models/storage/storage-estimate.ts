/** What navigator.storage says: bytes this site uses and may use. Null where the API is missing. */
export interface StorageFigures {
  usage: number;
  quota: number;
}

export type Persistence = 'persisted' | 'not-persisted' | 'unsupported';

type StorageLike = Pick<StorageManager, 'estimate' | 'persist' | 'persisted'>;

function storageManager(): StorageLike | undefined {
  return globalThis.navigator?.storage as StorageLike | undefined;
}

export async function storageEstimate(
  storage: StorageLike | undefined = storageManager(),
): Promise<StorageFigures | null> {
  if (!storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await storage.estimate();
  return { usage, quota };
}

/** Whether the site's storage is already persistent (the browser will not evict it to free space). */
export async function persistence(storage: StorageLike | undefined = storageManager()): Promise<Persistence> {
  if (!storage?.persisted) return 'unsupported';
  return (await storage.persisted()) ? 'persisted' : 'not-persisted';
}

/** Asks for persistent storage; browsers may grant it silently, prompt, or refuse. */
export async function requestPersistence(storage: StorageLike | undefined = storageManager()): Promise<Persistence> {
  if (!storage?.persist) return 'unsupported';
  if (storage.persisted && (await storage.persisted())) return 'persisted';
  return (await storage.persist()) ? 'persisted' : 'not-persisted';
}
