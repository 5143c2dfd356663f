import { InvalidArgumentError } from '../../errors.ts';
import { DRAFTERS } from '../registry/drafters.ts';
import { WEBLLM_TARGETS } from '../registry/webllm-targets.ts';
import data from './catalogue.json';
import { assertRepoId } from './hub-url.ts';

/**
 * The catalogue of real models on the Hugging Face Hub (catalogue.json: data, not code). Each row
 * names its repository and revision, the files Tandem takes from it, its licence and what it is.
 * Sizes and checksums are not here: they come from the Hub's file listing at download time.
 *  drafters     safetensors LLaMA drafters, installed under /models/<id>/ (the registry id)
 *  webllm       web-llm's prebuilt MLC builds, installed into web-llm's own caches; one row per
 *               weights repository, serving every registry target (context size) named in targets
 *  conversions  targets with no usable build on the Hub: the row says how to make one
 */

interface HubRow {
  id: string;
  name: string;
  repo: string;
  revision: string;
  licence: string;
  about: string;
  sources: string[];
}

export interface HubDrafterRow extends HubRow {
  files: string[];
  optionalFiles: string[];
  /** The first of these the repository has is taken (a tokenizer.model only: the target's tokenizer is used). */
  tokenizerFiles: string[];
  /** The weights' dtype where known (F32 files are stored as F16 on GPUs with shader-f16). */
  weightsDtype: 'F32' | 'F16' | 'BF16' | null;
  approxBytes: number;
}

export interface HubWebLlmRow extends HubRow {
  quantization: 'q4f16_1' | 'q4f32_1';
  /** Registry target ids (webllm-targets.ts) whose build of this quantization is this repository. */
  targets: string[];
  files: string[];
  /** Globs ("params_shard_*.bin") matched against the listing. */
  filePatterns: string[];
  optionalFiles: string[];
  approxBytes: number;
  vramRequiredMB: number;
  paperTarget: boolean;
}

export interface HubConversionRow extends HubRow {
  target: string;
  /** A path in Tandem's repository: the guide to making the build. */
  guide: string;
  paperTarget: boolean;
}

export interface HubCatalogue {
  drafters: HubDrafterRow[];
  webllm: HubWebLlmRow[];
  conversions: HubConversionRow[];
}

type Fail = (field: string, wanted: string) => never;

function checker(kind: string, entry: Record<string, unknown>, index: number): Fail {
  const where = `catalogue ${kind} ${typeof entry.id === 'string' ? `"${entry.id}"` : `#${index}`}`;
  return (field, wanted) => {
    throw new InvalidArgumentError(`${where}: ${field} must be ${wanted}, got ${JSON.stringify(entry[field])}`);
  };
}

function checkCommon(entry: Record<string, unknown>, fail: Fail): void {
  for (const field of ['id', 'name', 'revision', 'licence', 'about'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') fail(field, 'a non-empty string');
  }
  try {
    assertRepoId(String(entry.repo));
  } catch {
    fail('repo', 'a Hub repository id (owner/name)');
  }
  if (!isStrings(entry.sources) || (entry.sources as string[]).length === 0) fail('sources', 'a non-empty list');
}

function isStrings(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
}

function parseDrafter(raw: unknown, index: number): HubDrafterRow {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const fail = checker('drafter', entry, index);
  checkCommon(entry, fail);
  if (!DRAFTERS.some((d) => d.id === entry.id)) fail('id', 'a drafter of the registry (drafters.json)');
  for (const field of ['files', 'optionalFiles', 'tokenizerFiles'] as const)
    if (!isStrings(entry[field])) fail(field, 'a list of file names');
  if (!(entry.files as string[]).includes('model.safetensors')) fail('files', 'a list with model.safetensors');
  if (!(entry.files as string[]).includes('config.json')) fail('files', 'a list with config.json');
  if ((entry.tokenizerFiles as string[]).length === 0) fail('tokenizerFiles', 'a non-empty list');
  if (![null, 'F32', 'F16', 'BF16'].includes(entry.weightsDtype as string | null))
    fail('weightsDtype', 'F32, F16, BF16 or null');
  if (!(typeof entry.approxBytes === 'number' && entry.approxBytes > 0)) fail('approxBytes', 'a positive number');
  return entry as unknown as HubDrafterRow;
}

function parseWebLlm(raw: unknown, index: number): HubWebLlmRow {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const fail = checker('web-llm build', entry, index);
  checkCommon(entry, fail);
  if (entry.quantization !== 'q4f16_1' && entry.quantization !== 'q4f32_1') fail('quantization', 'q4f16_1 or q4f32_1');
  for (const field of ['files', 'filePatterns', 'optionalFiles', 'targets'] as const)
    if (!Array.isArray(entry[field]) || !isStrings(entry[field])) fail(field, 'a list of names');
  if (!(entry.files as string[]).includes('mlc-chat-config.json')) fail('files', 'a list with mlc-chat-config.json');
  const targets = entry.targets as string[];
  if (targets.length === 0 || !targets.every((t) => WEBLLM_TARGETS.some((w) => w.id === t)))
    fail('targets', 'registry target ids (webllm-targets.ts)');
  for (const field of ['approxBytes', 'vramRequiredMB'] as const)
    if (!(typeof entry[field] === 'number' && entry[field] > 0)) fail(field, 'a positive number');
  if (typeof entry.paperTarget !== 'boolean') fail('paperTarget', 'true or false');
  return entry as unknown as HubWebLlmRow;
}

function parseConversion(raw: unknown, index: number): HubConversionRow {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const fail = checker('conversion', entry, index);
  checkCommon(entry, fail);
  if (!WEBLLM_TARGETS.some((w) => w.id === entry.target)) fail('target', 'a registry target id');
  if (typeof entry.guide !== 'string' || !/^docs\/[\w.-]+\.md$/.test(entry.guide)) fail('guide', 'a docs/*.md path');
  return entry as unknown as HubConversionRow;
}

export function parseHubCatalogue(raw: unknown): HubCatalogue {
  const value = (raw ?? {}) as Record<string, unknown>;
  for (const key of ['drafters', 'webllm', 'conversions'] as const)
    if (!Array.isArray(value[key])) throw new InvalidArgumentError(`the Hub catalogue's ${key} must be an array`);
  const catalogue: HubCatalogue = {
    drafters: (value.drafters as unknown[]).map(parseDrafter),
    webllm: (value.webllm as unknown[]).map(parseWebLlm),
    conversions: (value.conversions as unknown[]).map(parseConversion),
  };
  const ids = [...catalogue.drafters, ...catalogue.webllm, ...catalogue.conversions].map((r) => r.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new InvalidArgumentError(`the Hub catalogue repeats the id "${repeated}"`);
  return catalogue;
}

export const HUB_CATALOGUE: HubCatalogue = parseHubCatalogue(data);

export function hubDrafterRow(id: string): HubDrafterRow | undefined {
  return HUB_CATALOGUE.drafters.find((r) => r.id === id);
}

/** The web-llm weights row for a registry target's build of one quantization. */
export function hubWebLlmRow(targetId: string, quantization: string): HubWebLlmRow | undefined {
  return HUB_CATALOGUE.webllm.find((r) => r.quantization === quantization && r.targets.includes(targetId));
}

/** Whether a listing path matches a catalogue glob ("params_shard_*.bin"; * never crosses "/"). */
export function matchesPattern(path: string, pattern: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${source.join('[^/]*')}$`).test(path);
}
