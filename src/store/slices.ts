import type { StateCreator } from 'zustand';
import { selectTranslateBlocker } from './selectors.ts';
import type { EnvironmentSlice, LanguageSlice, RunSlice, TandemState, TextSlice } from './types.ts';

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
  setGpuReport: (report) => set({ gpu: { phase: 'done', report } }),
  setGpuFailed: (error) => set({ gpu: { phase: 'failed', error } }),
  setWorkerStatus: (status) => set({ worker: { phase: 'ready', status } }),
  setWorkerFailed: (error) => set({ worker: { phase: 'failed', error } }),
});

export const createRunSlice: Slice<RunSlice> = (set, get) => ({
  output: '',
  notice: null,
  requestTranslate: () => {
    const blocker = selectTranslateBlocker(get());
    // Running a translation arrives with the engines; until then every request is blocked.
    set({ notice: blocker ? `Cannot translate yet: ${lowerFirst(blocker)}` : 'Translation is not available yet.' });
  },
});

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
