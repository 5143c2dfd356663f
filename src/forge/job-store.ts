import { createStore, del, delMany, get, getMany, keys, set, setMany, type UseStore } from 'idb-keyval';
import type { TrainingCheckpoint } from '../training/types.ts';
import type { DistilledItem, ForgeJob, Split, TrainingState } from './job.ts';

/**
 * Where forge jobs live: IndexedDB through idb-keyval (database 'tandem-forge'), in the page and in
 * the worker alike, so progress, outputs and checkpoints survive a closed tab. Values are stored
 * by structured clone: Float32Arrays go in as they are. Tests use the in-memory store.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: string[]): Promise<(T | undefined)[]>;
  set(key: string, value: unknown): Promise<void>;
  setMany(entries: [string, unknown][]): Promise<void>;
  del(key: string): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  keys(): Promise<string[]>;
}

export function indexedDbStore(dbName = 'tandem-forge', storeName = 'jobs'): KeyValueStore {
  let store: UseStore | undefined;
  const use = () => (store ??= createStore(dbName, storeName));
  return {
    get: (key) => get(key, use()),
    getMany: (list) => getMany(list, use()),
    set: (key, value) => set(key, value, use()),
    setMany: (entries) => setMany(entries, use()),
    del: (key) => del(key, use()),
    delMany: (list) => delMany(list, use()),
    keys: async () => (await keys(use())).map(String),
  };
}

/** A Map with IndexedDB's copy semantics (structuredClone), for tests and Node scripts. */
export function memoryStore(): KeyValueStore & { readonly size: number } {
  const map = new Map<string, unknown>();
  return {
    get size() {
      return map.size;
    },
    get: async <T>(key: string) => structuredClone(map.get(key)) as T | undefined,
    getMany: async <T>(list: string[]) => list.map((key) => structuredClone(map.get(key)) as T | undefined),
    set: async (key, value) => void map.set(key, structuredClone(value)),
    setMany: async (entries) => {
      for (const [key, value] of entries) map.set(key, structuredClone(value));
    },
    del: async (key) => void map.delete(key),
    delMany: async (list) => {
      for (const key of list) map.delete(key);
    },
    keys: async () => [...map.keys()],
  };
}

export interface JobSentences {
  train: string[];
  heldOut: string[];
}

/** A training checkpoint with the forge's own place in the data (which epoch, which batch). */
export interface ForgeCheckpoint {
  checkpoint: TrainingCheckpoint;
  training: TrainingState;
}

const JOB = 'job:';

/** Typed access to one store's jobs; every key of a job starts with `job:<id>`. */
export class JobRepository {
  constructor(readonly kv: KeyValueStore) {}

  async listJobs(): Promise<ForgeJob[]> {
    const ids = (await this.kv.keys()).filter((k) => k.startsWith(JOB) && k.endsWith(':meta'));
    const jobs = await this.kv.getMany<ForgeJob>(ids);
    return jobs.filter((j): j is ForgeJob => j !== undefined).sort((a, b) => b.createdAt - a.createdAt);
  }

  loadJob(id: string): Promise<ForgeJob | undefined> {
    return this.kv.get<ForgeJob>(`${JOB}${id}:meta`);
  }

  saveJob(job: ForgeJob): Promise<void> {
    return this.kv.set(`${JOB}${job.id}:meta`, job);
  }

  /** A new job with its sentences, written together (the meta last: a job is listed only once complete). */
  async createJob(job: ForgeJob, sentences: JobSentences): Promise<void> {
    await this.kv.set(`${JOB}${job.id}:sentences`, sentences);
    await this.saveJob(job);
  }

  async loadSentences(id: string): Promise<JobSentences> {
    return (await this.kv.get<JobSentences>(`${JOB}${id}:sentences`)) ?? { train: [], heldOut: [] };
  }

  saveOutput(id: string, split: Split, index: number, item: DistilledItem): Promise<void> {
    return this.kv.set(outputKey(id, split, index), item);
  }

  saveOutputs(id: string, split: Split, items: readonly DistilledItem[]): Promise<void> {
    return this.kv.setMany(items.map((item, index) => [outputKey(id, split, index), item]));
  }

  /** Indices of a split's outputs already stored. */
  async doneIndices(id: string, split: Split): Promise<Set<number>> {
    const prefix = outputKey(id, split, '');
    const done = new Set<number>();
    for (const key of await this.kv.keys()) if (key.startsWith(prefix)) done.add(Number(key.slice(prefix.length)));
    return done;
  }

  /** A split's outputs in sentence order (missing ones skipped). */
  async loadOutputs(id: string, split: Split): Promise<DistilledItem[]> {
    const indices = [...(await this.doneIndices(id, split))].sort((a, b) => a - b);
    const items = await this.kv.getMany<DistilledItem>(indices.map((i) => outputKey(id, split, i)));
    return items.filter((item): item is DistilledItem => item !== undefined);
  }

  saveCheckpoint(id: string, checkpoint: ForgeCheckpoint): Promise<void> {
    return this.kv.set(`${JOB}${id}:checkpoint`, checkpoint);
  }

  loadCheckpoint(id: string): Promise<ForgeCheckpoint | undefined> {
    return this.kv.get<ForgeCheckpoint>(`${JOB}${id}:checkpoint`);
  }

  async deleteCheckpoint(id: string): Promise<void> {
    await this.kv.del(`${JOB}${id}:checkpoint`);
  }

  /** Removes every key of a job: outputs, checkpoint, sentences, meta. */
  async deleteJob(id: string): Promise<void> {
    const prefix = `${JOB}${id}:`;
    await this.kv.delMany((await this.kv.keys()).filter((k) => k.startsWith(prefix)));
  }
}

function outputKey(id: string, split: Split, index: number | ''): string {
  return `${JOB}${id}:out:${split}:${index}`;
}
