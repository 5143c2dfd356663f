import { describe, expect, it } from 'vitest';
import { selectDrafterEntry, selectLanguageProblem, selectResolvedSource } from './selectors.ts';
import { createTandemStore } from './tandem-store.ts';

describe('source language and drafter selectors', () => {
  it('uses the detected language for the current text, and the user’s pick over it', async () => {
    const store = createTandemStore();
    store.getState().setSourceText('Bonjour, comment allez-vous aujourd’hui ?');
    expect(selectResolvedSource(store.getState())).toBeNull(); // not detected yet
    expect(selectDrafterEntry(store.getState())).toBeNull();
    await store.getState().detectSource();
    expect(selectResolvedSource(store.getState())).toBe('fr');
    expect(selectDrafterEntry(store.getState())?.id).toBe('tandem-drafter-68m-fr-en');

    store.getState().setSourceLanguage('ru');
    expect(selectDrafterEntry(store.getState())?.id).toBe('tandem-drafter-68m-ru-en');
    store.getState().setDrafter('none');
    expect(selectDrafterEntry(store.getState())).toBeNull();
  });

  it('forgets a detection once the text changes, and explains an unsupported language', async () => {
    const store = createTandemStore();
    store.getState().setSourceText('Hola, ¿cómo estás? Me llamo Juan y vivo en Madrid.');
    await store.getState().detectSource();
    expect(selectLanguageProblem(store.getState())).toMatch(/Spanish/);
    store.getState().setSourceText('Guten Tag');
    expect(selectLanguageProblem(store.getState())).toBeNull();
    expect(selectResolvedSource(store.getState())).toBeNull();
  });
});
