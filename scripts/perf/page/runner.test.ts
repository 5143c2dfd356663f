import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixturePair, type FixturePair } from '../../lib/fixture-pair.ts';
import { vicunaPrompt } from '../../../src/models/prompt.ts';
import { classifyMismatch, methodsFor, runPerfPairs, type PerfModels } from './runner.ts';
import type { PerfConfig } from './types.ts';

let pair: FixturePair;
let models: PerfModels;
beforeAll(async () => {
  pair = await loadFixturePair();
  models = {
    target: pair.target,
    drafters: new Map([
      ['de', pair.drafter],
      ['fr', pair.drafter],
      ['generic', pair.drafter],
    ]),
    encode: (turn) => pair.tokenizer.encode(vicunaPrompt(turn)),
    eosTokenIds: [pair.tokenizer.eosId],
    nearTieEpsilon: null,
  };
});

const config = (matrix: boolean): PerfConfig => ({
  target: { kind: 'fixture', url: 'unused' },
  drafters: [],
  drafterEngine: 'llama-cpu',
  policies: ['fixed:3', 'heuristic'],
  prompts: {
    de: [{ questionId: 'd1', turn: 'Translate German to English:Der Hund schläft.' }],
    fr: [{ questionId: 'f1', turn: 'Translate French to English:Le chien dort.' }],
  },
  maxNewTokens: 6,
  temperature: 0,
  matrix,
});

describe('methodsFor', () => {
  it("runs the pair's own drafter and generic drafters; other languages' drafters only in the matrix, first policy only", () => {
    expect(methodsFor('de', ['de', 'fr', 'generic'], ['fixed:5', 'heuristic'], false).map((m) => m.label)).toEqual([
      'specialized · fixed γ=5',
      'specialized · heuristic (HF)',
      'generic · fixed γ=5',
      'generic · heuristic (HF)',
    ]);
    const matrix = methodsFor('de', ['de', 'fr'], ['fixed:5', 'heuristic'], true);
    expect(matrix.filter((m) => m.crossDomain).map((m) => m.label)).toEqual(['fr drafter · fixed γ=5']);
  });
});

describe('runPerfPairs on the llama-cpu fixtures', () => {
  it('records autoregressive and every method per prompt, lossless, with accepted lengths per step', async () => {
    const lines: string[] = [];
    const samples = await runPerfPairs(config(false), models, (l) => lines.push(l));
    expect(samples.map((s) => `${s.pair} ${s.method}`)).toEqual([
      'de autoregressive',
      'de specialized · fixed γ=3',
      'de specialized · heuristic (HF)',
      'de generic · fixed γ=3',
      'de generic · heuristic (HF)',
      'fr autoregressive',
      'fr specialized · fixed γ=3',
      'fr specialized · heuristic (HF)',
      'fr generic · fixed γ=3',
      'fr generic · heuristic (HF)',
    ]);
    expect(lines.filter((l) => l.includes('warm-up'))).toHaveLength(2);
    for (const s of samples) {
      expect(s.outputTokens.length).toBeGreaterThan(0);
      if (s.method === 'autoregressive') continue;
      expect(s.matchesAutoregressive).toBe(true);
      expect(s.acceptedLengths.length).toBeGreaterThan(0);
      expect(s.acceptedLengths.length).toBeLessThanOrEqual(s.targetPasses - 1);
      expect(Math.max(...s.acceptedLengths)).toBeLessThanOrEqual(3 + 2 * 6);
    }
  });

  it('adds cross-domain runs in matrix mode', async () => {
    const samples = await runPerfPairs({ ...config(true), policies: ['fixed:2'] }, models, () => {});
    expect(samples.filter((s) => s.crossDomain).map((s) => `${s.pair} ${s.drafter}`)).toEqual(['de fr', 'fr de']);
  });

  it('does not compare outputs at T=1', async () => {
    const samples = await runPerfPairs({ ...config(false), temperature: 1, policies: ['fixed:2'] }, models, () => {});
    expect(samples.every((s) => s.matchesAutoregressive === null)).toBe(true);
  });
});

describe('classifyMismatch', () => {
  it('finds the first differing position and measures the logit gap there', async () => {
    const prompt = models.encode('Translate German to English:Hallo');
    const info = await classifyMismatch(models, prompt, [10, 11, 12], [10, 11, 13]);
    expect(info).toMatchObject({ position: 2, autoregressiveToken: 12, speculativeToken: 13, nearTie: null });
    expect(info.gap).toBeGreaterThanOrEqual(0);
    const labelled = await classifyMismatch(
      { ...models, nearTieEpsilon: Infinity },
      prompt,
      [10, 11, 12],
      [10, 11, 13],
    );
    expect(labelled.nearTie).toBe(true);
  });
});
