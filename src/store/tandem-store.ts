import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createModelSlice } from './model-slice.ts';
import { createRunSlice } from './run-slice.ts';
import { createDetectionSlice } from './detection-slice.ts';
import { createSettingsSlice } from './settings-slice.ts';
import { bindSettingsStorage } from './settings-storage.ts';
import { createEnvironmentSlice, createLanguageSlice, createTextSlice } from './slices.ts';
import { createEnvironmentNoticeSlice, type AppState as NoticeState } from './environment-notice-slice.ts';
import { createModelManagerSlice, type ModelManagerDeps, type ModelManagerSlice } from './model-manager-slice.ts';
import { createHubSlice, type HubDeps, type HubSlice } from './hub-slice.ts';
import { createDemoSlice } from './demo/demo-slice.ts';
import { createForgeSlice, type ForgeSlice } from './forge/forge-slice.ts';
import { createLearnSlice, type LearnSlice } from './forge/learn-slice.ts';

// AppState = TandemState & the environment notices' slice (kept apart: see that file) & the model
// manager's & the Hub downloads' & the forge's.
export type AppState = NoticeState & ModelManagerSlice & HubSlice & ForgeSlice & LearnSlice;
export type TandemStore = StoreApi<AppState>;

/** The browser pieces some slices drive; tests pass fakes. */
export interface StoreDeps {
  modelManager?: ModelManagerDeps;
  hub?: HubDeps;
}

/** One store from typed slices. Tests make their own; the app uses `tandemStore`. */
export function createTandemStore(deps: StoreDeps = {}): TandemStore {
  return createStore<AppState>()((...a) => ({
    ...createTextSlice(...a),
    ...createLanguageSlice(...a),
    ...createEnvironmentSlice(...a),
    ...createModelSlice(...a),
    ...createSettingsSlice(...a),
    ...createDetectionSlice(...a),
    ...createRunSlice(...a),
    ...createDemoSlice()(...a),
    ...createEnvironmentNoticeSlice(...a),
    ...createModelManagerSlice(deps.modelManager)(...a),
    ...createHubSlice(deps.hub)(...a),
    ...createForgeSlice()(...a),
    ...createLearnSlice(...a),
  }));
}

export const tandemStore = createTandemStore();
// The app's store keeps its settings across reloads (tests' stores do not).
bindSettingsStorage(tandemStore);

/** Subscribe a component to one narrow piece of the app store. */
export function useTandem<T>(selector: (state: AppState) => T): T {
  return useStore(tandemStore, selector);
}
