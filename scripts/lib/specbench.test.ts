import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecBenchSet, loadSpecBenchSets } from './specbench-files.ts';
import { parseSpecBench, parseTranslationTurn, SpecBenchError } from './specbench.ts';

const GOOD_LINE =
  '{"question_id": "wmt16_deen_1", "category": "deen", "turns": ["Translate German to English:Obama empf\\u00e4ngt Netanyahu"]}';

describe('parseSpecBench', () => {
  it('parses question lines and skips blank ones', () => {
    const text = `${GOOD_LINE}\r\n\n{"question_id": "q2", "category": "deen", "turns": ["a", "b"]}\n`;
    expect(parseSpecBench(text, 'deen.jsonl')).toEqual([
      { questionId: 'wmt16_deen_1', category: 'deen', turns: ['Translate German to English:Obama empfängt Netanyahu'] },
      { questionId: 'q2', category: 'deen', turns: ['a', 'b'] },
    ]);
  });

  it('names the file and line of a line that is not JSON', () => {
    const text = `${GOOD_LINE}\n\n{"question_id": "q3", "turns": [\n`;
    expect(() => parseSpecBench(text, 'deen.jsonl')).toThrow(SpecBenchError);
    expect(() => parseSpecBench(text, 'deen.jsonl')).toThrow(/^deen\.jsonl line 3: not valid JSON/);
  });

  it.each([
    ['[1, 2]', /line 1: expected a JSON object/],
    ['{"category": "deen", "turns": ["x"]}', /line 1: "question_id"/],
    ['{"question_id": "q", "turns": ["x"]}', /line 1: "category"/],
    ['{"question_id": "q", "category": "deen", "turns": []}', /line 1: "turns"/],
    ['{"question_id": "q", "category": "deen", "turns": [3]}', /line 1: "turns"/],
  ])('rejects %s', (line, message) => {
    expect(() => parseSpecBench(line, 'x.jsonl')).toThrow(message);
  });

  it('rejects a repeated question_id', () => {
    expect(() => parseSpecBench(`${GOOD_LINE}\n${GOOD_LINE}`, 'deen.jsonl')).toThrow(
      /deen\.jsonl line 2: question_id "wmt16_deen_1" repeats line 1/,
    );
  });
});

describe('parseTranslationTurn', () => {
  it('splits a Spec-Bench turn into languages and source', () => {
    expect(parseTranslationTurn('Translate Japanese to English:交流会の参加は任意です。')).toEqual({
      from: 'ja',
      to: 'en',
      source: '交流会の参加は任意です。',
    });
    expect(parseTranslationTurn('Translate German to English: Hallo')).toEqual({
      from: 'de',
      to: 'en',
      source: 'Hallo',
    });
    expect(parseTranslationTurn('Summarize: a long text')).toBeNull();
    expect(parseTranslationTurn('Translate Klingon to English:Qapla')).toBeNull();
  });
});

describe('the real Spec-Bench translation sets', () => {
  it('all five parse, 80 questions each, every one a translation into English', async () => {
    const sets = await loadSpecBenchSets();
    const expectedFrom = { deen: 'de', fren: 'fr', ruen: 'ru', jaen: 'ja', zhen: 'zh' } as const;
    for (const [name, questions] of Object.entries(sets)) {
      expect(questions, name).toHaveLength(80);
      for (const question of questions) {
        expect(question.category).toBe(name);
        expect(question.turns).toHaveLength(1);
        const turn = parseTranslationTurn(question.turns[0]);
        expect(turn?.from).toBe(expectedFrom[name as keyof typeof expectedFrom]);
        expect(turn?.to).toBe('en');
        expect(turn?.source.trim()).not.toBe('');
      }
    }
    expect(sets.deen[0]).toEqual({
      questionId: 'wmt16_deen_1',
      category: 'deen',
      turns: ['Translate German to English:Obama empfängt Netanyahu'],
    });
  });

  it('says where it looked when a set is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tandem-specbench-'));
    try {
      await expect(loadSpecBenchSet(empty, 'deen')).rejects.toThrow(SpecBenchError);
      await expect(loadSpecBenchSets(empty)).rejects.toThrow(`.jsonl not found in ${empty}`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
