import { InvalidArgumentError } from '../../errors.ts';
import type { DetectableLanguage } from '../detect-language.ts';
import { isDetectable } from '../detect-language.ts';
import catalogue from './drafters.json';

/**
 * Drafters per source language (→ English) plus generic drafters (the first is the default). The catalogue is data
 * (drafters.json); this module checks its shape once at load and picks a drafter for a language.
 * Every entry shares the target's 32 000-token LLaMA vocabulary and the paper's architecture
 * (2 layers, hidden 768, 12 heads, FFN 3 072).
 *  url        where the app serves the model folder (public/models/<id>/, git-ignored)
 *  sizeBytes  68M parameters × 2 bytes (f16 safetensors)
 *  status     'not-installed' until the user places the folder: the paper's fine-tuned drafters
 *             are not downloadable from here, so nothing in the catalogue runs yet
 */

export type DrafterStatus = 'installed' | 'not-installed';

export interface DrafterEntry {
  id: string;
  name: string;
  role: 'drafter';
  /** null: the generic drafter, used for any language without its own. */
  sourceLanguage: DetectableLanguage | null;
  targetLanguage: 'en';
  targetModel: string;
  url: string;
  sizeBytes: number;
  format: 'safetensors';
  dtype: 'f16' | 'f32';
  runtime: 'llama-webgpu';
  status: DrafterStatus;
  provenance: string;
}

/** Checks each entry's fields, so a typo in the JSON fails at load with the entry's id. */
export function parseDrafterCatalogue(data: unknown): DrafterEntry[] {
  if (!Array.isArray(data)) throw new InvalidArgumentError('the drafter catalogue must be an array');
  const entries = data.map((raw: unknown, index) => parseEntry(raw, index));
  const ids = new Set(entries.map((e) => e.id));
  if (ids.size !== entries.length) throw new InvalidArgumentError('the drafter catalogue repeats an id');
  if (entries[0] !== undefined && !entries.some((e) => e.sourceLanguage === null)) {
    throw new InvalidArgumentError('the drafter catalogue needs a generic drafter (sourceLanguage null)');
  }
  return entries;
}

function parseEntry(raw: unknown, index: number): DrafterEntry {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const where = `drafter ${typeof entry.id === 'string' ? `"${entry.id}"` : `#${index}`}`;
  const fail = (field: string, wanted: string): never => {
    throw new InvalidArgumentError(`${where}: ${field} must be ${wanted}, got ${JSON.stringify(entry[field])}`);
  };
  for (const field of ['id', 'name', 'targetModel', 'provenance'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') fail(field, 'a non-empty string');
  }
  if (entry.role !== 'drafter') fail('role', '"drafter"');
  if (
    entry.sourceLanguage !== null &&
    !(typeof entry.sourceLanguage === 'string' && isDetectable(entry.sourceLanguage))
  ) {
    fail('sourceLanguage', 'a source language code (de, fr, ru, ja, zh, …) or null');
  }
  if (entry.targetLanguage !== 'en') fail('targetLanguage', '"en"');
  if (typeof entry.url !== 'string' || !/^\/models\/[^/]+\/$/.test(entry.url)) fail('url', 'a /models/<id>/ folder');
  if (typeof entry.sizeBytes !== 'number' || !(entry.sizeBytes > 0)) fail('sizeBytes', 'a positive number');
  if (entry.format !== 'safetensors') fail('format', '"safetensors"');
  if (entry.dtype !== 'f16' && entry.dtype !== 'f32') fail('dtype', '"f16" or "f32"');
  if (entry.runtime !== 'llama-webgpu') fail('runtime', '"llama-webgpu"');
  if (entry.status !== 'installed' && entry.status !== 'not-installed')
    fail('status', '"installed" or "not-installed"');
  return entry as unknown as DrafterEntry;
}

export const DRAFTERS: readonly DrafterEntry[] = parseDrafterCatalogue(catalogue);

export function drafterById(id: string): DrafterEntry {
  const entry = DRAFTERS.find((d) => d.id === id);
  if (!entry) throw new InvalidArgumentError(`no drafter "${id}"; known: ${DRAFTERS.map((d) => d.id).join(', ')}`);
  return entry;
}

/** The drafter for a source language: its own fine-tuned one, else the first generic one. */
export function drafterFor(
  language: DetectableLanguage | null,
  drafters: readonly DrafterEntry[] = DRAFTERS,
): DrafterEntry {
  const own = language === null ? undefined : drafters.find((d) => d.sourceLanguage === language);
  return own ?? drafters.find((d) => d.sourceLanguage === null)!;
}
