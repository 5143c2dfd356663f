import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  defaultSpecBenchDir,
  loadSpecBenchSet,
  loadSpecBenchSets,
  SPECBENCH_DATA_DIR,
  SPECBENCH_HOWTO,
  SPECBENCH_SHARED_DIR,
} from './specbench-files.ts';
import { formatSpecBench, parseSpecBench, parseTranslationTurn, SpecBenchError, translationTurn } from './specbench.ts';

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

// A small sample in Spec-Bench's shape, written for these tests (scripts/fixtures/specbench-sample/).
const SAMPLE_DIR = fileURLToPath(new URL('../fixtures/specbench-sample/', import.meta.url));

describe('Spec-Bench files on disk', () => {
  it('reads the five sets of a folder, every question a translation into English', async () => {
    const sets = await loadSpecBenchSets(SAMPLE_DIR);
    const expectedFrom = { deen: 'de', fren: 'fr', ruen: 'ru', jaen: 'ja', zhen: 'zh' } as const;
    expect(Object.keys(sets).sort()).toEqual(['deen', 'fren', 'jaen', 'ruen', 'zhen']);
    for (const [name, questions] of Object.entries(sets)) {
      expect(questions, name).toHaveLength(3);
      for (const question of questions) {
        expect(question.category).toBe(name);
        expect(question.turns).toHaveLength(1);
        const turn = parseTranslationTurn(question.turns[0]);
        expect(turn?.from).toBe(expectedFrom[name as keyof typeof expectedFrom]);
        expect(turn?.to).toBe('en');
        expect(turn?.source.trim()).not.toBe('');
      }
    }
    // \u escapes and \" inside a turn, as Python's json.dumps writes them, come back as text.
    expect(sets.deen[1].turns[0]).toBe('Translate German to English:Er sagte: "Wir sehen uns morgen um 9 Uhr."');
    expect(sets.jaen[0]).toEqual({
      questionId: 'sample_jaen_1',
      category: 'jaen',
      turns: ['Translate Japanese to English:図書館は月曜日が休みです。'],
    });
  });

  it('says where it looked and how to get the files when a set is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tandem-specbench-'));
    try {
      await expect(loadSpecBenchSet(empty, 'deen')).rejects.toThrow(SpecBenchError);
      await expect(loadSpecBenchSets(empty)).rejects.toThrow(`.jsonl not found in ${empty}: ${SPECBENCH_HOWTO}`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('defaultSpecBenchDir', () => {
  const only =
    (...present: string[]) =>
    (path: string) =>
      present.includes(path);

  it('takes SPECBENCH_DIR first, then data/specbench, then ../shared/data/specbench', () => {
    const both = only(SPECBENCH_DATA_DIR, SPECBENCH_SHARED_DIR);
    expect(defaultSpecBenchDir({ SPECBENCH_DIR: '/x/sb' }, both)).toBe('/x/sb');
    expect(defaultSpecBenchDir({}, both)).toBe(SPECBENCH_DATA_DIR);
    expect(defaultSpecBenchDir({}, only(SPECBENCH_SHARED_DIR))).toBe(SPECBENCH_SHARED_DIR);
  });

  it('names data/specbench (where the download puts them) when neither folder exists', () => {
    expect(defaultSpecBenchDir({}, only())).toBe(SPECBENCH_DATA_DIR);
    expect(SPECBENCH_DATA_DIR.endsWith(join('data', 'specbench'))).toBe(true);
  });
});

describe('formatSpecBench and translationTurn', () => {
  it('write what parseSpecBench and parseTranslationTurn read back', () => {
    const turn = translationTurn({ from: 'fr', to: 'en', source: '« Oui », dit-il 🙂' });
    expect(turn).toBe('Translate French to English:« Oui », dit-il 🙂');
    const questions = [
      { questionId: 'a', category: 'fren', turns: [turn] },
      { questionId: 'b', category: 'fren', turns: ['x', 'y'] },
    ];
    expect(parseSpecBench(formatSpecBench(questions), 'f.jsonl')).toEqual(questions);
    expect(parseTranslationTurn(turn)).toEqual({ from: 'fr', to: 'en', source: '« Oui », dit-il 🙂' });
  });
});
