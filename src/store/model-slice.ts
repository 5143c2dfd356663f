import type { StateCreator } from 'zustand';
import type { PairSelection, TranslateRequest } from '../protocol/protocol.ts';
import { DRAFTERS } from '../models/registry/drafters.ts';
import { errorInfo } from './error-info.ts';
import { forgedDrafterFor, type ForgedDrafter } from '../models/storage/forged-drafters.ts';
import { selectDrafterEntry, selectResolvedSource } from './selectors.ts';
import type { ModelChoice, ModelSlice, TandemState, TargetChoice } from './types.ts';

const TARGET_PREFIX = 'target:';

export function isTargetChoice(model: ModelChoice): model is TargetChoice {
  return model.startsWith(TARGET_PREFIX);
}

/** The picker's value for a target id ('vicuna-7b-v1.3', 'user:<id>'). */
export function targetChoice(targetId: string): TargetChoice {
  return `${TARGET_PREFIX}${targetId}`;
}

export { installedTargets, type InstalledTarget } from './installed-targets.ts';

/** Cached bytes per model id, where the model manager has listed them (its slice sits beside this one), and the forge's drafters. */
type WithCache = TandemState & {
  cachedBytes?: Readonly<Record<string, number>>;
  forgedDrafters?: readonly ForgedDrafter[];
};

/**
 * The pair the current choices name, or null for the demo or no model. The drafter comes from the
 * drafter setting: 'none' → no drafter (autoregressive); an imported model → that one; 'auto' →
 * the registry's drafter for the source language when it is in the model cache, else an installed
 * generic drafter, else none.
 */
export function selectPairSelection(state: WithCache): PairSelection | null {
  if (!isTargetChoice(state.model)) return null;
  const target = state.model.slice(TARGET_PREFIX.length);
  return { target, drafter: drafterFor(state, target) };
}

function drafterFor(state: WithCache, target: string): string | null {
  if (state.drafter === 'none') return null;
  if (state.drafter !== 'auto') return state.drafter === target ? null : state.drafter;
  // A drafter the forge made for this target and language comes first (src/ui/forge/).
  const forged = forgedDrafterFor(state.forgedDrafters ?? [], target, selectResolvedSource(state));
  if (forged) return `user:${forged.modelId}`;
  const entry = selectDrafterEntry(state);
  if (!entry) return null;
  const cached = (id: string) => (state.cachedBytes?.[id] ?? 0) > 0;
  if (cached(entry.id)) return entry.id;
  // The language's own drafter is not installed: a generic one that is (vicuna-68m from the Hub).
  return DRAFTERS.find((d) => d.sourceLanguage === null && cached(d.id))?.id ?? null;
}

/**
 * The request for the chosen pair: the pair's selection added; without a drafter it can only
 * decode autoregressively (no draft policy, no race). The demo's request is left as it is.
 */
export function withPair(request: TranslateRequest, state: WithCache): TranslateRequest {
  const pair = selectPairSelection(state);
  if (!pair) return request;
  if (pair.drafter !== null) return { ...request, pair };
  const { draftPolicy: _ignored, ...rest } = request;
  return { ...rest, mode: 'autoregressive', pair };
}

function samePair(a: PairSelection, b: PairSelection): boolean {
  return a.target === b.target && a.drafter === b.drafter;
}

export const createModelSlice: StateCreator<TandemState, [], [], ModelSlice> = (set, get, store) => {
  const ensurePair = async (): Promise<void> => {
    const selection = selectPairSelection(get());
    if (!selection) return;
    const { api, pair } = get();
    if (pair.phase !== 'idle' && pair.phase !== 'failed' && samePair(pair.selection, selection)) return;
    if (!api) {
      set({
        pair: {
          phase: 'failed',
          selection,
          error: { name: 'Error', message: 'the translation worker is not connected' },
        },
      });
      return;
    }
    const current = () => {
      const now = get().pair;
      return now.phase !== 'idle' && samePair(now.selection, selection);
    };
    set({ pair: { phase: 'loading', selection, progress: null } });
    try {
      const info = await api.loadPair(selection, (progress) => {
        if (current() && get().pair.phase === 'loading') set({ pair: { phase: 'loading', selection, progress } });
      });
      if (current()) set({ pair: { phase: 'ready', selection, info } });
    } catch (error) {
      if (current()) set({ pair: { phase: 'failed', selection, error: errorInfo(error) } });
    }
  };

  // A real pair follows the drafter setting and the source language (for 'auto'): when they name
  // another pair, the worker loads it (and frees the old one).
  store.subscribe((state, previous) => {
    if (!isTargetChoice(state.model) || state.pair.phase === 'idle') return;
    const next = selectPairSelection(state);
    const before = selectPairSelection(previous);
    if (next && before && !samePair(next, before)) void ensurePair();
  });

  return {
    model: 'none',
    demo: { phase: 'idle' },
    pair: { phase: 'idle' },
    ensurePair,
    selectModel: async (model) => {
      set({ model });
      if (isTargetChoice(model)) return ensurePair();
      const { api, demo } = get();
      if (model !== 'demo' || demo.phase === 'loading' || demo.phase === 'ready') return;
      if (!api) {
        set({
          demo: { phase: 'failed', error: { name: 'Error', message: 'the translation worker is not connected' } },
        });
        return;
      }
      set({ demo: { phase: 'loading' } });
      try {
        set({ demo: { phase: 'ready', info: await api.loadDemo() } });
      } catch (error) {
        set({ demo: { phase: 'failed', error: errorInfo(error) } });
      }
    },
  };
};
