import { describe, expect, it } from 'vitest';
import type { ForgedDrafter } from '../../models/storage/forged-drafters.ts';
import { selectPairSelection } from '../model-slice.ts';
import { createTandemStore } from '../tandem-store.ts';

const forged: ForgedDrafter = {
  modelId: 'forged-de-abc',
  language: 'de',
  target: 'user:learn-target',
  baseDrafter: 'user:learn-drafter',
  alphaBefore: 0.4,
  alphaAfter: 0.6,
  createdAt: 1,
};

describe('"Drafter: by source language" with a forged drafter', () => {
  it('picks the forged drafter for its target and language, and only there', () => {
    const store = createTandemStore();
    store.setState({
      forgedDrafters: [forged],
      model: 'target:user:learn-target',
      drafter: 'auto',
      sourceLanguage: 'de',
    });
    expect(selectPairSelection(store.getState())).toEqual({
      target: 'user:learn-target',
      drafter: 'user:forged-de-abc',
    });
    store.setState({ sourceLanguage: 'fr' });
    expect(selectPairSelection(store.getState())?.drafter).toBeNull();
    store.setState({ sourceLanguage: 'de', model: 'target:user:other-target' });
    expect(selectPairSelection(store.getState())?.drafter).toBeNull();
    // The newest forged drafter for the pair wins (an adapted copy replaces its parent).
    store.setState({
      model: 'target:user:learn-target',
      forgedDrafters: [forged, { ...forged, modelId: 'adapted-de-x', createdAt: 2 }],
    });
    expect(selectPairSelection(store.getState())?.drafter).toBe('user:adapted-de-x');
  });
});
