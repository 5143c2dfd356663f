import type { StateCreator } from 'zustand';
import { errorInfo } from './error-info.ts';
import type { ModelSlice, TandemState } from './types.ts';

export const createModelSlice: StateCreator<TandemState, [], [], ModelSlice> = (set, get) => ({
  model: 'none',
  demo: { phase: 'idle' },
  selectModel: async (model) => {
    set({ model });
    const { api, demo } = get();
    if (model !== 'demo' || demo.phase === 'loading' || demo.phase === 'ready') return;
    if (!api) {
      set({ demo: { phase: 'failed', error: { name: 'Error', message: 'the translation worker is not connected' } } });
      return;
    }
    set({ demo: { phase: 'loading' } });
    try {
      set({ demo: { phase: 'ready', info: await api.loadDemo() } });
    } catch (error) {
      set({ demo: { phase: 'failed', error: errorInfo(error) } });
    }
  },
});
