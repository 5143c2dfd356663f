import type { PairSelection } from '../protocol/protocol.ts';
import { WEBLLM_TARGETS } from '../models/registry/webllm-targets.ts';
import type { StorageEnvironment } from '../models/storage/environment.ts';
import { cachedSize } from '../models/storage/model-cache.ts';
import { webLlmCachedSize } from '../models/storage/webllm-cache.ts';

/**
 * Whether every model a pair names is stored on this device. Pairs are installed through the
 * model manager (import, URL, or web-llm's own download); the Translator API cannot fetch them, so
 * a pair that is not stored is "unavailable" to it, not "downloadable".
 */
export async function pairInstalled(env: StorageEnvironment, pair: PairSelection): Promise<boolean> {
  const ids = pair.drafter === null ? [pair.target] : [pair.target, pair.drafter];
  for (const id of ids) if (!(await modelStored(env, id))) return false;
  return true;
}

async function modelStored(env: StorageEnvironment, id: string): Promise<boolean> {
  const webllm = WEBLLM_TARGETS.find((t) => t.id === id);
  if (webllm) {
    for (const build of webllm.builds) {
      if ((await webLlmCachedSize(env, build)) > 0 || (await cachedSize(env, build.modelId)) > 0) return true;
    }
    return false;
  }
  // 'user:<id>' is an imported model, stored under its own id; registry drafters under theirs.
  return (await cachedSize(env, id.startsWith('user:') ? id.slice('user:'.length) : id)) > 0;
}
