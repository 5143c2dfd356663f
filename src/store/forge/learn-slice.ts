import type { StateCreator } from 'zustand';
import type { ForgeSlice } from './forge-slice.ts';
import { registerForgedDrafter } from '../../models/storage/forged-drafters.ts';
import type { ForgeReply } from '../../protocol/forge.ts';
import { errorInfo } from '../error-info.ts';
import { selectPairSelection } from '../model-slice.ts';
import { selectResolvedSource } from '../selectors.ts';
import type { ModelManagerSlice } from '../model-manager-slice.ts';
import type { TandemState } from '../types.ts';
import type { ErrorInfo } from '../types.ts';

/** What this slice reads of the store (its own part included); named here so it never imports the store. */
type AppState = TandemState & ModelManagerSlice & ForgeSlice & LearnSlice;

/**
 * Learning from use (opt-in), the page's half: tells the worker to keep finished translations in
 * its replay buffer, plots α per translation over time, and when the app has been idle a while
 * after a translation, asks the worker for one adaptation round; a promoted copy is registered for
 * the pair's target and language, so "by source language" drafts with it from then on.
 */
export interface AlphaPoint {
  at: number;
  alpha: number;
}

export type AdaptState =
  | { phase: 'idle' }
  | { phase: 'adapting' }
  | { phase: 'done'; reply: Extract<ForgeReply, { kind: 'adapt' }> }
  | { phase: 'failed'; error: ErrorInfo };

export interface LearnSlice {
  learnFromUse: boolean;
  alphaHistory: AlphaPoint[];
  adaptState: AdaptState;
  setLearnFromUse(on: boolean): Promise<void>;
  /** One adaptation round now (the idle timer calls it; the panel offers it too). */
  adaptNow(): Promise<void>;
}

const OPT_IN_KEY = 'tandem-learn-from-use';
const HISTORY_KEY = 'tandem-alpha-history';
const HISTORY_LIMIT = 300;
/** Idle this long after a translation before a round starts (a user mid-session keeps the GPU). */
export const IDLE_MS = 20_000;
export const ADAPT_STEPS = 20;

function storage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function loadAlphaHistory(): AlphaPoint[] {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((p): p is AlphaPoint => typeof p?.at === 'number' && typeof p?.alpha === 'number')
      : [];
  } catch {
    return [];
  }
}

export const createLearnSlice: StateCreator<AppState, [], [], LearnSlice> = (set, get, store) => {
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const tellWorker = () => {
    const { api, learnFromUse } = get();
    if (api) void api.forge({ kind: 'learn-from-use', enabled: learnFromUse }).catch(() => {});
  };

  const adaptNow = async () => {
    const state = get();
    const selection = selectPairSelection(state);
    const language = selectResolvedSource(state);
    if (!state.api || !selection?.drafter || !language || state.adaptState.phase === 'adapting') return;
    if (state.run === 'running' || state.forgeRun.phase === 'running') return;
    set({ adaptState: { phase: 'adapting' } });
    try {
      const reply = await state.api.forge({
        kind: 'adapt',
        target: selection.target,
        drafter: selection.drafter,
        language,
        steps: ADAPT_STEPS,
      });
      if (reply.kind !== 'adapt') return;
      if (reply.promoted && reply.modelId) {
        const { forged, userModels } = registerForgedDrafter(
          {
            modelId: reply.modelId,
            language,
            target: selection.target,
            baseDrafter: selection.drafter,
            alphaBefore: reply.alphaBefore,
            alphaAfter: reply.alphaAfter,
            createdAt: Date.now(),
          },
          {
            id: reply.modelId,
            folder: `Adapted ${language}→en drafter (${reply.modelId})`,
            format: 'safetensors',
            bytes: reply.bytes,
          },
          { forged: get().forgedDrafters, userModels: get().userModels },
        );
        set({ forgedDrafters: forged, userModels });
      }
      set({ adaptState: { phase: 'done', reply } });
    } catch (error) {
      set({ adaptState: { phase: 'failed', error: errorInfo(error) } });
    }
  };

  store.subscribe((state, previous) => {
    if (state.api !== previous.api && state.learnFromUse) tellWorker();
    if (state.run !== 'done' || previous.run === 'done') return;
    const alpha = state.stats?.acceptanceRate;
    if (state.learnFromUse && alpha !== undefined && (state.stats?.draftedTokens ?? 0) > 0) {
      const alphaHistory = [...state.alphaHistory, { at: Date.now(), alpha }].slice(-HISTORY_LIMIT);
      storage()?.setItem(HISTORY_KEY, JSON.stringify(alphaHistory));
      set({ alphaHistory });
    }
    clearTimeout(idleTimer);
    if (state.learnFromUse) idleTimer = setTimeout(() => void adaptNow(), IDLE_MS);
  });

  return {
    learnFromUse: storage()?.getItem(OPT_IN_KEY) === 'true',
    alphaHistory: loadAlphaHistory(),
    adaptState: { phase: 'idle' },
    setLearnFromUse: async (on) => {
      storage()?.setItem(OPT_IN_KEY, String(on));
      set({ learnFromUse: on });
      if (!on) clearTimeout(idleTimer);
      tellWorker();
    },
    adaptNow,
  };
};
