import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.ts';
import type { TranslateRequest } from '../protocol/protocol.ts';
import { loadDemoPair } from './demo-models.ts';
import { translationPrompt } from '../models/prompt.ts';
import { contextLength, MAX_SEGMENT_TOKENS, promptBudget, segmentsThatFit } from './prompt-budget.ts';
import { TandemService } from './tandem-service.ts';
import { fixtureDemoSources } from './testing/fixture-demo-sources.ts';

/** The inputs: a Japanese paragraph without 。 and a German one without any punctuation. */
const JAPANESE = '今日は天気がとても良いので私たちは公園へ散歩に行き、'.repeat(70).slice(0, 1740);
function unpunctuatedGerman(length: number): string {
  const words = 'der alte Mann ging mit seinem Hund durch den Wald und sah viele Bäume'.split(' ');
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${words[i % words.length]} `;
  return text.slice(0, length).trim();
}

const request = (text: string, from: TranslateRequest['from'], maxNewTokens: number): TranslateRequest => ({
  text,
  from,
  to: 'en',
  mode: 'autoregressive',
  maxNewTokens,
});

describe('prompt budget: every prompt plus its output budget fits the context', () => {
  it('knows the demo pair’s context and sizes each segment’s text to what is left', async () => {
    const pair = await loadDemoPair(fixtureDemoSources());
    expect(contextLength(pair)).toBe(2048);
    // A short output budget: each prompt's text is at most a long sentence's worth.
    expect(promptBudget(pair, request(JAPANESE, 'ja', 48)).maxSourceTokens).toBe(MAX_SEGMENT_TOKENS);
    // A long output budget: what is left of the context once template and output are counted.
    const budget = promptBudget(pair, request(JAPANESE, 'ja', 1800));
    expect(budget.maxSourceTokens).toBe(2048 - 1800 - budget.templateTokens - 8);
    for (const [text, from] of [
      [JAPANESE, 'ja'],
      [unpunctuatedGerman(50_000), 'de'],
    ] as const) {
      const segments = segmentsThatFit(pair, request(text, from, 1800), budget);
      expect(segments.length).toBeGreaterThan(2);
      for (const segment of segments) {
        const prompt = pair.tokenizer.encode(translationPrompt(segment.text, from, 'en')).length;
        expect(prompt + 1800).toBeLessThanOrEqual(2048);
      }
    }
  });

  it('refuses, before any work, an output budget that leaves no room for the text', async () => {
    const pair = await loadDemoPair(fixtureDemoSources());
    expect(() => promptBudget(pair, request('Hallo', 'de', 3000))).toThrow(InvalidArgumentError);
    expect(() => promptBudget(pair, request('Hallo', 'de', 3000))).toThrow(/use at most \d+/);
  });

  it('translates the issue’s Japanese paragraph without overflowing the context', async () => {
    const service = new TandemService({ gpu: () => undefined, demoSources: fixtureDemoSources });
    const japanese = await service.translate(request(JAPANESE, 'ja', 2), () => {});
    expect(japanese.segments).toBeGreaterThan(1);
    expect(japanese.stats.emittedTokens).toBe(2 * japanese.segments);
  });
});
