import { describe, expect, it } from 'vitest';
import { describeUnusable, detectLanguage, detectWith, type LanguageDetector } from './detect-language.ts';

describe('detectLanguage (eld, extra-small database)', () => {
  it.each([
    ['Guten Morgen, wie geht es dir heute?', 'de'],
    ['Bonjour, comment allez-vous aujourd’hui ?', 'fr'],
    ['Привет, как у тебя дела сегодня?', 'ru'],
    ['今日はとても良い天気ですね。', 'ja'],
    ['今天天气很好，我们去公园吧。', 'zh'],
    // Languages without a drafter of their own translate too (generic drafter, or the target alone).
    ['Olá, como você está hoje? Espero que esteja tudo bem.', 'pt'],
    ['مرحبا، كيف حالك اليوم؟ أتمنى أن تكون بخير.', 'ar'],
    ['Bună ziua, ce mai faceți astăzi? Sper că sunteți bine.', 'ro'],
  ])('detects %s as %s', async (text, language) => {
    expect(await detectLanguage(text)).toEqual({ kind: 'supported', language, reliable: true });
  });

  it('calls English and other languages unsupported, with a message that says what to do', async () => {
    const english = await detectLanguage('Hello, how are you doing today?');
    expect(english).toMatchObject({ kind: 'unsupported', code: 'en' });
    expect(describeUnusable(english)).toMatch(/English, which is what Tandem translates into/);
    const estonian = await detectLanguage('Tere, kuidas sul täna läheb? Ma elan Tallinnas ja töötan koolis.');
    expect(estonian).toMatchObject({ kind: 'unsupported', code: 'et' });
    expect(describeUnusable(estonian)).toMatch(/^This looks like Estonian, which Tandem does not translate from yet/);
  });

  it('says unknown for empty or unrecognisable text', async () => {
    expect(await detectLanguage('   ')).toEqual({ kind: 'unknown' });
    expect(await detectLanguage('12345 !!!')).toEqual({ kind: 'unknown' });
    expect(describeUnusable({ kind: 'unknown' })).toMatch(/pick it under From/);
  });

  it('judges only the start of a long text', () => {
    const seen: string[] = [];
    const stub: LanguageDetector = { detect: (text) => (seen.push(text), { language: 'de', isReliable: () => false }) };
    expect(detectWith(stub, `  ${'a'.repeat(5000)}`)).toEqual({ kind: 'supported', language: 'de', reliable: false });
    expect(seen[0]).toHaveLength(1000);
  });
});
