import type { StateCreator } from 'zustand';
import { DEMO_MAX_NEW_TOKENS } from '../../workers/protocol.ts';
import type { EnvironmentSlice, LanguageSlice, SettingsSlice, TandemState, TextSlice } from './types.ts';

type Slice<T> = StateCreator<TandemState, [], [], T>;

export const createTextSlice: Slice<TextSlice> = (set) => ({
  sourceText: '',
  setSourceText: (sourceText) => set({ sourceText }),
});

export const createLanguageSlice: Slice<LanguageSlice> = (set) => ({
  sourceLanguage: 'auto',
  setSourceLanguage: (sourceLanguage) => set({ sourceLanguage }),
});

export const createEnvironmentSlice: Slice<EnvironmentSlice> = (set) => ({
  gpu: { phase: 'probing' },
  worker: { phase: 'starting' },
  api: null,
  setApi: (api) => set({ api }),
  setGpuReport: (report) => set({ gpu: { phase: 'done', report } }),
  setGpuFailed: (error) => set({ gpu: { phase: 'failed', error } }),
  setWorkerStatus: (status) => set({ worker: { phase: 'ready', status } }),
  setWorkerFailed: (error) => set({ worker: { phase: 'failed', error } }),
});

/** The loop's own limit is 1 024 new tokens (the paper's); the demo's KV cache holds 2 048. */
export const MAX_NEW_TOKENS_LIMIT = 1024;

export const createSettingsSlice: Slice<SettingsSlice> = (set) => ({
  maxNewTokens: DEMO_MAX_NEW_TOKENS,
  setMaxNewTokens: (value) => {
    if (!Number.isFinite(value)) return; // a half-typed number field; keep the last good value
    set({ maxNewTokens: Math.min(MAX_NEW_TOKENS_LIMIT, Math.max(1, Math.round(value))) });
  },
});
