import { describe, expect, it } from 'vitest';
import { segmentText } from './segment.ts';

describe('segmentText', () => {
  it('splits German sentences and keeps them in order, spaced', () => {
    expect(segmentText('Guten Morgen. Wie geht es dir? Mir geht es gut!', 'de')).toEqual([
      { text: 'Guten Morgen.', paragraph: 0, before: '' },
      { text: 'Wie geht es dir?', paragraph: 0, before: ' ' },
      { text: 'Mir geht es gut!', paragraph: 0, before: ' ' },
    ]);
  });

  it('ends Japanese sentences at 。！？ without spaces in the source', () => {
    const texts = segmentText('今日は晴れです。明日は雨でしょう！本当？', 'ja').map((s) => s.text);
    expect(texts).toEqual(['今日は晴れです。', '明日は雨でしょう！', '本当？']);
    // The output is English: sentences are joined with a space even though the source had none.
    expect(segmentText('今日は晴れです。明日は雨。', 'ja')[1].before).toBe(' ');
  });

  it('ends Chinese sentences at full-width punctuation', () => {
    expect(segmentText('今天天气很好。我们去公园吧！你来吗？', 'zh').map((s) => s.text)).toEqual([
      '今天天气很好。',
      '我们去公园吧！',
      '你来吗？',
    ]);
  });

  it('keeps paragraphs and the number of blank lines between them', () => {
    const segments = segmentText('Erster Absatz. Zwei Sätze.\n\nZweiter Absatz.\n\n\nDritter Absatz.', 'de');
    expect(segments.map((s) => [s.paragraph, s.before, s.text])).toEqual([
      [0, '', 'Erster Absatz.'],
      [0, ' ', 'Zwei Sätze.'],
      [1, '\n\n', 'Zweiter Absatz.'],
      [2, '\n\n\n', 'Dritter Absatz.'],
    ]);
  });

  it('treats a single line break as a line inside the paragraph, and CRLF like LF', () => {
    const segments = segmentText('Erste Zeile\r\nzweite Zeile\r\n\r\nNeuer Absatz', 'de');
    expect(segments.map((s) => [s.paragraph, s.before, s.text])).toEqual([
      [0, '', 'Erste Zeile'],
      [0, '\n', 'zweite Zeile'],
      [1, '\n\n', 'Neuer Absatz'],
    ]);
  });

  it('ignores leading, trailing and whitespace-only blank lines', () => {
    const segments = segmentText('\n\n  Hallo.  \n \n\t\nWelt.\n\n', 'de');
    expect(segments).toEqual([
      { text: 'Hallo.', paragraph: 0, before: '' },
      { text: 'Welt.', paragraph: 1, before: '\n\n\n' },
    ]);
    expect(segmentText('   \n\n  ')).toEqual([]);
  });

  it('joins back to the source layout when each segment is its own translation', () => {
    const source = 'A. B.\n\nC.\n\nD.';
    const joined = segmentText(source, 'en')
      .map((s) => s.before + s.text)
      .join('');
    expect(joined).toBe(source);
  });

  it('keeps an abbreviation and a trailing emoji inside their sentence: one prompt, not three', () => {
    const segments = segmentText('Bitte bringen Sie Ihr Gerät (inkl. Ladegerät) mit! 😊', 'de');
    expect(segments).toEqual([
      { text: 'Bitte bringen Sie Ihr Gerät (inkl. Ladegerät) mit! 😊', paragraph: 0, before: '' },
    ]);
  });
});
