import { describe, expect, it } from 'vitest';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import { buildRequest } from './run-options.ts';
import { DEFAULT_SETTINGS } from './settings-slice.ts';
import { createTandemStore } from './tandem-store.ts';

describe('settings → the worker request', () => {
  it('defaults to greedy speculative decoding with the HF heuristic', () => {
    expect(buildRequest(DEFAULT_SETTINGS, 'Hallo', 'de')).toEqual({
      text: 'Hallo',
      from: 'de',
      to: 'en',
      mode: 'speculative',
      maxNewTokens: 48,
      sampling: { temperature: 0, topP: 1 },
      draftPolicy: { kind: 'heuristic' },
    });
  });

  it('maps sampling, a fixed γ and the confidence policy', () => {
    const sampled = buildRequest(
      { ...DEFAULT_SETTINGS, decoding: 'sample', temperature: 0.8, topP: 0.95, draftPolicy: 'fixed', draftLength: 3 },
      'x',
      'fr',
    );
    expect(sampled).toMatchObject({
      sampling: { temperature: 0.8, topP: 0.95 },
      draftPolicy: { kind: 'fixed', draftLength: 3 },
    });
    expect(buildRequest({ ...DEFAULT_SETTINGS, draftPolicy: 'confidence' }, 'x', 'ja').draftPolicy).toEqual({
      kind: 'confidence',
    });
  });

  it('drafter "none" is autoregressive with no draft policy; race runs both lanes', () => {
    const plain = buildRequest({ ...DEFAULT_SETTINGS, drafter: 'none' }, 'x', 'de');
    expect(plain.mode).toBe('autoregressive');
    expect(plain).not.toHaveProperty('draftPolicy');
    expect(buildRequest({ ...DEFAULT_SETTINGS, race: true }, 'x', 'de').mode).toBe('race');
  });
});

describe('the settings slice', () => {
  it('clamps numbers, ignores half-typed ones, and turns race off with drafter "none"', () => {
    const store = createTandemStore();
    const s = () => store.getState();
    s().setDraftLength(99);
    expect(s().draftLength).toBe(MAX_DRAFT_LENGTH);
    s().setDraftLength(Number.NaN);
    expect(s().draftLength).toBe(MAX_DRAFT_LENGTH);
    s().setTemperature(0);
    expect(s().temperature).toBe(0.05);
    s().setTopP(3);
    expect(s().topP).toBe(1);
    s().setMaxNewTokens(0);
    expect(s().maxNewTokens).toBe(1);
    s().setRace(true);
    s().setDrafter('none');
    expect(s()).toMatchObject({ drafter: 'none', race: false });
  });
});
