import { describe, expect, it } from 'vitest';
import { loadDetector } from '../../models/detect-language.ts';
import { CorpusLanguageError } from '../errors.ts';
import { checkCorpusLanguage } from './language.ts';

const german = [
  'Guten Morgen, wie geht es dir heute?',
  'Die Regierung hat gestern neue Gesetze beschlossen.',
  'Ich fahre morgen mit dem Zug nach Berlin.',
  'Das Wetter ist heute sehr schön und warm.',
];
const english = [
  'Good morning, how are you doing today?',
  'The government passed new laws yesterday.',
  'I am taking the train to Berlin tomorrow.',
  'The weather is very nice and warm today.',
];

describe('the corpus language check (eld)', () => {
  it('accepts a German corpus for a German drafter', async () => {
    const verdict = checkCorpusLanguage(german, 'de', await loadDetector());
    expect(verdict).toMatchObject({ judged: 4, matching: 4, majority: 'de' });
  });

  it('refuses an English corpus for a German drafter, naming what it found', async () => {
    const detector = await loadDetector();
    expect(() => checkCorpusLanguage(english, 'de', detector)).toThrow(CorpusLanguageError);
    expect(() => checkCorpusLanguage(english, 'de', detector)).toThrow(
      'The corpus looks like English (0 of 4 sampled sentences are German)',
    );
  });
});
