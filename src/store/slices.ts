import type { StateCreator } from 'zustand';
import type { EnvironmentSlice, LanguageSlice, TandemState, TextSlice } from './types.ts';

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
