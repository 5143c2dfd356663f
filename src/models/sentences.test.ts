import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

const texts = (paragraph: string, language?: string) => splitSentences(paragraph, language).map((s) => s.text);

describe('splitSentences: where a translator would split', () => {
  it('keeps a German abbreviation inside brackets and a trailing emoji with its sentence', () => {
    expect(texts('Bitte bringen Sie Ihr Gerät (inkl. Ladegerät) mit! 😊', 'de')).toEqual([
      'Bitte bringen Sie Ihr Gerät (inkl. Ladegerät) mit! 😊',
    ]);
    expect(texts('Bitte bringen Sie Ihr Gerät (inkl. Ladegerät) mit! 😊 Danke.', 'de')).toEqual([
      'Bitte bringen Sie Ihr Gerät (inkl. Ladegerät) mit! 😊',
      'Danke.',
    ]);
  });

  it('does not split German at ca., z. B., weekday abbreviations or ordinal dates', () => {
    expect(texts('Das kostet ca. 5 Euro, z. B. am Mo. den 3. Mai. Danach wird es teurer.', 'de')).toEqual([
      'Das kostet ca. 5 Euro, z. B. am Mo. den 3. Mai.',
      'Danach wird es teurer.',
    ]);
    expect(texts('Frau Dr. Weber kommt bzw. ruft an. Sie wohnt in der Hauptstr. 12.', 'de')).toEqual([
      'Frau Dr. Weber kommt bzw. ruft an.',
      'Sie wohnt in der Hauptstr. 12.',
    ]);
  });

  it('keeps French initials, titles and spaced quotes in one sentence', () => {
    expect(texts('M. Dupont est arrivé à 10 h. Il a dit « bonjour ! » et puis il est parti.', 'fr')).toEqual([
      'M. Dupont est arrivé à 10 h.',
      'Il a dit « bonjour ! » et puis il est parti.',
    ]);
    expect(texts('Mme Martin, p. ex. la voisine, est là. Elle attend.', 'fr')).toEqual([
      'Mme Martin, p. ex. la voisine, est là.',
      'Elle attend.',
    ]);
  });

  it('handles English titles, e.g. and i.e., and a quote followed by lowercase', () => {
    expect(texts('Dr. Smith, i.e. our vet, went home. He said "hi!" and left. Then it rained.', 'en')).toEqual([
      'Dr. Smith, i.e. our vet, went home.',
      'He said "hi!" and left.',
      'Then it rained.',
    ]);
  });

  it('keeps Russian initials and т. е. inside the sentence', () => {
    expect(texts('А. С. Пушкин родился в Москве, т. е. в столице. Он писал стихи.', 'ru')).toEqual([
      'А. С. Пушкин родился в Москве, т. е. в столице.',
      'Он писал стихи.',
    ]);
  });

  it('knows Spanish, Italian and Polish titles and abbreviations', () => {
    expect(texts('El Sr. García llegó tarde. Nadie lo esperaba.', 'es')).toEqual([
      'El Sr. García llegó tarde.',
      'Nadie lo esperaba.',
    ]);
    expect(texts('Il Dott. Rossi è arrivato. Tutti erano contenti.', 'it')).toEqual([
      'Il Dott. Rossi è arrivato.',
      'Tutti erano contenti.',
    ]);
    expect(texts('Kupiłem owoce, np. jabłka. Potem wróciłem.', 'pl')).toEqual([
      'Kupiłem owoce, np. jabłka.',
      'Potem wróciłem.',
    ]);
  });

  it('attaches emoji after Japanese and Chinese sentence ends to the sentence before', () => {
    expect(texts('今日は晴れ！😊明日は雨でしょう。', 'ja')).toEqual(['今日は晴れ！😊', '明日は雨でしょう。']);
    expect(texts('我们去公园吧！🎉🎉你来吗？', 'zh')).toEqual(['我们去公园吧！🎉🎉', '你来吗？']);
  });

  it('attaches closing quotes and brackets to the sentence they close', () => {
    expect(texts('„Komm sofort nach Hause!“, rief sie. Er kam.', 'de')).toEqual([
      '„Komm sofort nach Hause!“, rief sie.',
      'Er kam.',
    ]);
    expect(texts('Ele disse: "Vamos embora!" Depois saiu.', 'pt')).toEqual([
      'Ele disse: "Vamos embora!"',
      'Depois saiu.',
    ]);
  });

  it('still splits ordinary sentences, and an abbreviation that ends a sentence before a capital', () => {
    expect(texts('Guten Morgen. Wie geht es dir? Mir geht es gut!', 'de')).toEqual([
      'Guten Morgen.',
      'Wie geht es dir?',
      'Mir geht es gut!',
    ]);
    // "usw." often ends a sentence: only a lowercase continuation keeps it inside one.
    expect(texts('Wir kaufen Äpfel, Birnen usw. Dann gehen wir heim.', 'de')).toEqual([
      'Wir kaufen Äpfel, Birnen usw.',
      'Dann gehen wir heim.',
    ]);
  });

  it('gives each sentence the gap before it: a line break, else a space', () => {
    expect(splitSentences('Erste Zeile.\nZweite Zeile. Dritte.', 'de')).toEqual([
      { text: 'Erste Zeile.', before: ' ' },
      { text: 'Zweite Zeile.', before: '\n' },
      { text: 'Dritte.', before: ' ' },
    ]);
  });
});
