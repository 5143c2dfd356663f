import { indexedDbStore, JobRepository } from '../forge/job-store.ts';
import type { FolderFiles } from '../forge/model-folder.ts';
import { browserEnvironment } from '../models/storage/environment.ts';
import { importFolder } from '../models/storage/import-folder.ts';

/** The forge's browser storage: jobs in IndexedDB, installed drafters in the model cache. */
export function browserForgeRepo(): JobRepository {
  return new JobRepository(indexedDbStore());
}

/**
 * Writes a drafter folder into Cache Storage under /models/<id>/, where the pair loader finds
 * imported models. importFolder checks it is a model folder first and removes what it wrote if
 * any file fails (a full quota included), so a failed install leaves nothing half-written.
 */
export async function writeModelToCache(modelId: string, files: FolderFiles): Promise<void> {
  const picked = Object.entries(files).map(
    ([name, bytes]) =>
      new File([bytes as Uint8Array<ArrayBuffer>], name, {
        type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      }),
  );
  await importFolder(browserEnvironment(), modelId, picked);
}
