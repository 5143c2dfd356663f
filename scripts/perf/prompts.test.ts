import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SPECBENCH_HOWTO } from '../lib/specbench-files.ts';
import { groupByPair, loadPerfPrompts } from './prompts.ts';

const line = (id: string, turn: string) => JSON.stringify({ question_id: id, category: 'x', turns: [turn] });

describe('groupByPair', () => {
  it('groups translation turns into English by source language and keeps the turn verbatim', () => {
    const text = [
      line('d1', 'Translate German to English:Hallo'),
      line('f1', 'Translate French to English:Bonjour'),
      line('d2', 'Translate German to English:Welt'),
      line('e1', 'Translate English to German:Hello'), // not into English: skipped
      line('q1', 'Write a poem'), // not a translation: skipped
    ].join('\n');
    const byPair = groupByPair([{ name: 'mixed.jsonl', text }]);
    expect(byPair.de).toEqual([
      { questionId: 'd1', turn: 'Translate German to English:Hallo' },
      { questionId: 'd2', turn: 'Translate German to English:Welt' },
    ]);
    expect(byPair.fr).toHaveLength(1);
    expect(byPair.ru).toBeUndefined();
    expect(groupByPair([{ name: 'm', text }], 1).de).toHaveLength(1);
  });

  it('refuses files with no translation questions', () => {
    expect(() => groupByPair([{ name: 'q.jsonl', text: line('q', 'Write a poem') }])).toThrow(/no "Translate/);
  });
});

// Spec-Bench-shaped files written for the tests (three questions per pair).
const SAMPLE_DIR = fileURLToPath(new URL('../fixtures/specbench-sample/', import.meta.url));

describe('loadPerfPrompts', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads a folder of Spec-Bench files, by pair, and keeps `samples` of each', async () => {
    const byPair = await loadPerfPrompts([SAMPLE_DIR], 2);
    expect(Object.keys(byPair).sort()).toEqual(['de', 'fr', 'ja', 'ru', 'zh']);
    expect(byPair.de).toEqual([
      { questionId: 'sample_deen_1', turn: 'Translate German to English:Die Bibliothek bleibt am Montag geschlossen.' },
      { questionId: 'sample_deen_2', turn: 'Translate German to English:Er sagte: "Wir sehen uns morgen um 9 Uhr."' },
    ]);
  });

  it('reads SPECBENCH_DIR when no --prompts are given, and single files', async () => {
    vi.stubEnv('SPECBENCH_DIR', SAMPLE_DIR);
    expect((await loadPerfPrompts([])).zh).toHaveLength(3);
    const one = await loadPerfPrompts([join(SAMPLE_DIR, 'ruen.jsonl')]);
    expect(Object.keys(one)).toEqual(['ru']);
  });

  it('says where it looked and how to get the files when the path is missing', async () => {
    await expect(loadPerfPrompts(['/nonexistent/specbench'])).rejects.toThrow(
      `no Spec-Bench prompts at /nonexistent/specbench: ${SPECBENCH_HOWTO}`,
    );
    vi.stubEnv('SPECBENCH_DIR', '/nonexistent/default');
    await expect(loadPerfPrompts([])).rejects.toThrow(/at \/nonexistent\/default: run `npm run data:specbench`/);
  });
});
