import type { StateCreator } from 'zustand';
import { DEMO_MAX_NEW_TOKENS, MAX_NEW_TOKENS } from '../protocol/protocol.ts';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import type { SettingsSlice, TandemState } from './types.ts';

/** The paper's 1 024 new tokens (the Translator API's limit too); the demo's KV cache holds 2 048. */
export const MAX_NEW_TOKENS_LIMIT = MAX_NEW_TOKENS;
/** T = 0 is greedy, which has its own radio: sampling starts above 0. */
export const TEMPERATURE_RANGE = { min: 0.05, max: 2 } as const;
/** top-p ∈ (0, 1]; below 0.05 the nucleus is nearly always one token (greedy in disguise). */
export const TOP_P_RANGE = { min: 0.05, max: 1 } as const;
/** The fixed-γ setting goes as far as the loop's one draft cap. */
export { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';

/**
 * Defaults: greedy decoding (the paper's protocol, and the one where speculative output is
 * token-for-token the target's own, so a race compares identical text) and the Hugging Face
 * heuristic draft length (what the paper's code used, so numbers compare with its Table 1);
 * confidence-based drafting is offered beside it. γ = 5 is the heuristic's start and the γ of
 * Leviathan et al.'s worked numbers in ARCHITECTURE.md.
 */
export const DEFAULT_SETTINGS = {
  maxNewTokens: DEMO_MAX_NEW_TOKENS,
  decoding: 'greedy',
  temperature: 0.7,
  topP: 0.9,
  draftPolicy: 'heuristic',
  draftLength: 5,
  drafter: 'auto',
  race: false,
  showRejected: false,
} as const satisfies Partial<SettingsSlice>;

/** A half-typed number field gives NaN: keep the last good value rather than store it. */
function clamp(value: number, min: number, max: number, round: boolean): number | null {
  if (!Number.isFinite(value)) return null;
  const v = round ? Math.round(value) : value;
  return Math.min(max, Math.max(min, v));
}

export const createSettingsSlice: StateCreator<TandemState, [], [], SettingsSlice> = (set) => {
  const setNumber =
    (key: 'maxNewTokens' | 'temperature' | 'topP' | 'draftLength', min: number, max: number, round: boolean) =>
    (value: number) => {
      const clamped = clamp(value, min, max, round);
      if (clamped !== null) set({ [key]: clamped });
    };
  return {
    ...DEFAULT_SETTINGS,
    setMaxNewTokens: setNumber('maxNewTokens', 1, MAX_NEW_TOKENS_LIMIT, true),
    setTemperature: setNumber('temperature', TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max, false),
    setTopP: setNumber('topP', TOP_P_RANGE.min, TOP_P_RANGE.max, false),
    setDraftLength: setNumber('draftLength', 1, MAX_DRAFT_LENGTH, true),
    setDecoding: (decoding) => set({ decoding }),
    setDraftPolicy: (draftPolicy) => set({ draftPolicy }),
    setDrafter: (drafter) => set(drafter === 'none' ? { drafter, race: false } : { drafter }),
    setRace: (race) => set({ race }),
    setShowRejected: (showRejected) => set({ showRejected }),
  };
};
