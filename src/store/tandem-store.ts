import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createModelSlice } from './model-slice.ts';
import { createRunSlice } from './run-slice.ts';
import { createEnvironmentSlice, createLanguageSlice, createSettingsSlice, createTextSlice } from './slices.ts';
import type { TandemState } from './types.ts';

export type TandemStore = StoreApi<TandemState>;

/** One store from typed slices. Tests make their own; the app uses `tandemStore`. */
export function createTandemStore(): TandemStore {
  return createStore<TandemState>()((...a) => ({
    ...createTextSlice(...a),
    ...createLanguageSlice(...a),
    ...createEnvironmentSlice(...a),
    ...createModelSlice(...a),
    ...createSettingsSlice(...a),
    ...createRunSlice(...a),
  }));
}

export const tandemStore = createTandemStore();

/** Subscribe a component to one narrow piece of the app store. */
export function useTandem<T>(selector: (state: TandemState) => T): T {
  return useStore(tandemStore, selector);
}
