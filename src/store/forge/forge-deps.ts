import { indexedDbStore, JobRepository } from '../../forge/job-store.ts';
import { readLlamaConfig, type LlamaConfig } from '../../llama/config.ts';
import { loadDetector } from '../../models/detect-language.ts';
import { cachedModelSource } from '../../models/storage/cached-model-source.ts';
import { browserEnvironment } from '../../models/storage/environment.ts';
import { storageEstimate } from '../../models/storage/storage-estimate.ts';
import { WEBLLM_TARGETS } from '../../models/registry/webllm-targets.ts';
import { loadHistory } from './history.ts';
import type { PrepareDeps } from './prepare.ts';

/** The model-cache id of a PairSelection id ('user:x' → 'x'; a registry drafter keeps its id). */
export function cacheIdOf(selectionId: string): string {
  return selectionId.startsWith('user:') ? selectionId.slice('user:'.length) : selectionId;
}

/** The page's forge dependencies: IndexedDB, the model cache, navigator.storage, eld, fetch. */
export function browserPrepareDeps(): PrepareDeps {
  const env = browserEnvironment();
  const readConfig = (id: string): Promise<LlamaConfig> => readLlamaConfig(cachedModelSource(env, cacheIdOf(id)));
  return {
    repo: new JobRepository(indexedDbStore()),
    fetch: (url) => globalThis.fetch(url),
    readConfig,
    readVocabSize: async (id) => {
      const webllm = WEBLLM_TARGETS.find((t) => t.id === id);
      return webllm ? webllm.vocabSize : (await readConfig(id)).vocabSize;
    },
    storageEstimate: () => storageEstimate(),
    detector: () => loadDetector(),
    history: () => loadHistory(),
    now: () => Date.now(),
  };
}
