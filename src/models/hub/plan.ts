import { normalizeModelUrl } from '../registry/webllm-urls.ts';
import { modelFileUrl, MODEL_CACHE_NAME } from '../storage/model-cache.ts';
import { WEBLLM_CACHE_NAMES } from '../storage/webllm-cache.ts';
import { type HubDrafterRow, type HubWebLlmRow, matchesPattern } from './catalogue.ts';
import { HubFileMissingError } from './errors.ts';
import type { HubEnvironment } from './hub-environment.ts';
import { resolveUrl, treeUrl } from './hub-url.ts';
import { type HubFile, parseHubListing } from './listing.ts';
import { fetchJson } from './fetch-json.ts';

/**
 * What installing one catalogue row means, decided from the repository's listing at its revision
 * before any byte is fetched: which files, from where, checked against which digest, and stored
 * under which cache key. A file the row needs that the listing lacks fails here, by name.
 */

export interface PlannedFile extends HubFile {
  url: string;
  /** Cache Storage name and key where the verified bytes go. */
  cache: string;
  key: string;
  /** Rewrite F32 tensors as F16 after the checksum (a drafter on a GPU with shader-f16). */
  toF16: boolean;
}

export interface InstallPlan {
  /** The row's name, for messages. */
  what: string;
  /** "owner/name@revision", for messages. */
  source: string;
  files: PlannedFile[];
  /** web-llm builds: the compiled library, checked before the download starts. */
  modelLib?: string;
}

async function listing(env: HubEnvironment, base: string, repo: string, revision: string, signal?: AbortSignal) {
  const where = `${repo}@${revision}`;
  return parseHubListing(
    await fetchJson(env, treeUrl(base, repo, revision), `the file listing of ${where}`, signal),
    where,
  );
}

function pick(files: HubFile[], name: string, where: string): HubFile {
  const file = files.find((f) => f.path === name);
  if (!file) throw new HubFileMissingError(`${where} has no ${name} (the Hub's listing names ${files.length} files)`);
  return file;
}

export async function planDrafter(
  env: HubEnvironment,
  base: string,
  row: HubDrafterRow,
  options: { shaderF16: boolean; signal?: AbortSignal },
): Promise<InstallPlan> {
  const where = `${row.repo}@${row.revision}`;
  const files = await listing(env, base, row.repo, row.revision, options.signal);
  const tokenizer = row.tokenizerFiles.map((name) => files.find((f) => f.path === name)).find((f) => f !== undefined);
  if (!tokenizer) throw new HubFileMissingError(`${where} has no tokenizer (${row.tokenizerFiles.join(' or ')})`);
  const chosen = [
    ...row.files.map((name) => pick(files, name, where)),
    ...row.optionalFiles.flatMap((name) => files.filter((f) => f.path === name)),
    tokenizer,
  ];
  return {
    what: row.name,
    source: where,
    files: chosen.map((file) => ({
      ...file,
      url: resolveUrl(base, row.repo, row.revision, file.path),
      cache: MODEL_CACHE_NAME,
      key: modelFileUrl(env.origin, row.id, file.path),
      toF16: file.path === 'model.safetensors' && options.shaderF16 && row.weightsDtype !== 'F16',
    })),
  };
}

/** The MLC folder URL web-llm reads a Hub build from (its cleanModelUrl of `<base>/<repo>`). */
export function webLlmModelUrl(base: string, repo: string): string {
  return normalizeModelUrl(`${base}/${repo}`);
}

export async function planWebLlm(
  env: HubEnvironment,
  base: string,
  row: HubWebLlmRow,
  modelLib: string,
  signal?: AbortSignal,
): Promise<InstallPlan> {
  const where = `${row.repo}@${row.revision}`;
  const files = await listing(env, base, row.repo, row.revision, signal);
  const shards = files.filter((f) => row.filePatterns.some((p) => matchesPattern(f.path, p)));
  if (shards.length === 0)
    throw new HubFileMissingError(`${where} has no weight shards (${row.filePatterns.join(', ')})`);
  const chosen = [
    ...row.files.map((name) => pick(files, name, where)),
    ...shards,
    ...row.optionalFiles.flatMap((name) => files.filter((f) => f.path === name)),
  ];
  const folder = webLlmModelUrl(base, row.repo);
  return {
    what: row.name,
    source: where,
    modelLib,
    files: chosen.map((file) => ({
      ...file,
      url: resolveUrl(base, row.repo, row.revision, file.path),
      // Where web-llm 0.2.86 looks (webllm-cache.ts): its config cache for mlc-chat-config.json, else its model cache.
      cache: file.path === 'mlc-chat-config.json' ? WEBLLM_CACHE_NAMES.config : WEBLLM_CACHE_NAMES.model,
      key: new URL(file.path, folder).href,
      toF16: false,
    })),
  };
}
