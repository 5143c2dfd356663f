import type { DetectableLanguage } from '../detect-language.ts';
import { isDetectable } from '../detect-language.ts';
import { loadUserModels, saveUserModels, type UserModel } from './user-models.ts';

/**
 * Drafters the forge made and installed (their files are in the model cache under /models/<id>/,
 * like any imported model). Each is registered for its source language and the target it was
 * distilled from, so "Drafter: by source language" picks it for that pair. Kept in localStorage:
 * only this browser knows them.
 */
export interface ForgedDrafter {
  /** /models/<modelId>/; the pair selection names it 'user:<modelId>'. */
  modelId: string;
  language: DetectableLanguage;
  /** The target's selection id ('user:learn-target', 'vicuna-7b-v1.3'). */
  target: string;
  baseDrafter: string;
  alphaBefore: number | null;
  alphaAfter: number | null;
  createdAt: number;
}

export const FORGED_DRAFTERS_KEY = 'tandem-forged-drafters';

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): KeyValue | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadForgedDrafters(storage: KeyValue | undefined = defaultStorage()): ForgedDrafter[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(FORGED_DRAFTERS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isForgedDrafter) : [];
  } catch {
    return [];
  }
}

export function saveForgedDrafters(
  drafters: readonly ForgedDrafter[],
  storage: KeyValue | undefined = defaultStorage(),
): void {
  storage?.setItem(FORGED_DRAFTERS_KEY, JSON.stringify(drafters));
}

/** The newest forged drafter for this target and source language, if any. */
export function forgedDrafterFor(
  drafters: readonly ForgedDrafter[],
  target: string,
  language: DetectableLanguage | null,
): ForgedDrafter | undefined {
  if (language === null) return undefined;
  return drafters
    .filter((d) => d.target === target && d.language === language)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

function isForgedDrafter(value: unknown): value is ForgedDrafter {
  const v = value as Partial<ForgedDrafter> | null;
  return (
    typeof v?.modelId === 'string' &&
    typeof v.language === 'string' &&
    isDetectable(v.language) &&
    typeof v.target === 'string' &&
    typeof v.baseDrafter === 'string' &&
    typeof v.createdAt === 'number'
  );
}

/**
 * Registers an installed forged drafter: in the forged list (for "by source language") and among
 * the user's models (the model manager lists it, the Drafter menu offers it). Returns both lists.
 */
export function registerForgedDrafter(
  drafter: ForgedDrafter,
  model: UserModel,
  lists: { forged: readonly ForgedDrafter[]; userModels: readonly UserModel[] } = {
    forged: loadForgedDrafters(),
    userModels: loadUserModels(),
  },
): { forged: ForgedDrafter[]; userModels: UserModel[] } {
  const forged = [...lists.forged.filter((d) => d.modelId !== drafter.modelId), drafter];
  const userModels = [...lists.userModels.filter((m) => m.id !== model.id), model];
  saveForgedDrafters(forged);
  saveUserModels(userModels);
  return { forged, userModels };
}
