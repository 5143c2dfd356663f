import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSpecBenchDir } from '../lib/specbench-files.ts';
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

describe('loadPerfPrompts', () => {
  it.skipIf(!existsSync(defaultSpecBenchDir()))('reads the five Spec-Bench sets from the default folder', async () => {
    const byPair = await loadPerfPrompts([], 2);
    expect(Object.keys(byPair).sort()).toEqual(['de', 'fr', 'ja', 'ru', 'zh']);
    expect(byPair.de![0].questionId).toBe('wmt16_deen_1');
  });

  it('says where it looked when the path is missing', async () => {
    await expect(loadPerfPrompts(['/nonexistent/specbench'])).rejects.toThrow(/no prompts at \/nonexistent/);
  });
});
