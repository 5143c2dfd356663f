import { describe, expect, it } from 'vitest';
import { TandemService } from '../worker/tandem-service.ts';
import { MAX_INPUT_CHARACTERS } from '../protocol/protocol.ts';
import { connectWorker } from './connect-worker.ts';
import {
  outputText,
  selectDrafterEntry,
  selectLanguageProblem,
  selectOutputText,
  selectResolvedSource,
  selectTranslateBlocker,
} from './selectors.ts';
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
    store.getState().setSourceText('Tere, kuidas sul täna läheb? Ma elan Tallinnas ja töötan koolis.');
    await store.getState().detectSource();
    expect(selectLanguageProblem(store.getState())).toMatch(/Estonian/);
    store.getState().setSourceText('Guten Tag');
    expect(selectLanguageProblem(store.getState())).toBeNull();
    expect(selectResolvedSource(store.getState())).toBeNull();
  });
});

describe('outputText', () => {
  const token = (text: string, before = '') => ({ text, before });

  it('joins the tokens with their breaks, then the held-back tail', () => {
    const tokens = [
      token('Hello'),
      token(' world'),
      token('.'),
      token('Next', ' '),
      token(' one.'),
      token('New', '\n\n'),
      token(' para'),
    ];
    expect(outputText(tokens, '\u00e9')).toBe('Hello world. Next one.\n\nNew para\u00e9');
  });

  it('is empty without output, and keeps markup as characters', () => {
    expect(outputText([], '')).toBe('');
    expect(outputText([token('<img src=x>')], '')).toBe('<img src=x>');
  });

  it('reads the main lane from the store, never the rejected drafts', () => {
    const store = createTandemStore();
    store.setState({
      tokens: [
        { id: 1, text: 'Hi', source: 'target', step: 0, rejected: [], before: '', paragraph: 0 },
        {
          id: 2,
          text: ' there',
          source: 'correction',
          step: 1,
          rejected: [{ id: 9, text: ' REJECTED' }],
          before: '',
          paragraph: 0,
        },
      ],
      tail: '!',
      raceTokens: [{ id: 3, text: 'other lane', source: 'target', step: 0, rejected: [], before: '', paragraph: 0 }],
    });
    expect(selectOutputText(store.getState())).toBe('Hi there!');
  });
});

describe('the Translate blocker for enormous input', () => {
  it('refuses text over the input quota with its size and the limit, and lets the limit itself through', async () => {
    const store = createTandemStore();
    await connectWorker(store, new TandemService({ gpu: () => undefined }));
    store.setState({ model: 'demo', demo: { phase: 'ready', info: {} as never }, sourceLanguage: 'de' });
    store.getState().setSourceText('a'.repeat(MAX_INPUT_CHARACTERS));
    expect(selectTranslateBlocker(store.getState())).toBeNull();
    store.getState().setSourceText('Guten Tag. '.repeat(6000)); // 66,000 characters
    expect(selectTranslateBlocker(store.getState())).toBe(
      'The text is too long to translate at once: 66,000 characters, at most 50,000. Translate it in parts.',
    );
  });
});
