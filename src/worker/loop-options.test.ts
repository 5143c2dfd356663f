import { describe, expect, it } from 'vitest';
import { GREEDY } from '../speculative/causal-lm.ts';
import { loopOptions } from './loop-options.ts';
import type { TranslateRequest } from '../protocol/protocol.ts';

const request: TranslateRequest = { text: 'Hallo', from: 'de', to: 'en', mode: 'speculative' };

describe('loopOptions', () => {
  it('defaults to greedy, the HF heuristic and the demo length', () => {
    const options = loopOptions(request, 'speculative');
    expect(options).toMatchObject({ maxNewTokens: 48, sampling: GREEDY });
    expect(options.policy?.name).toBe('heuristic (HF)');
    expect(options.policy?.maxDraftLength()).toBe(5);
  });

  it('passes sampling, length and the chosen policy through', () => {
    const fixed = loopOptions(
      {
        ...request,
        maxNewTokens: 7,
        sampling: { temperature: 0.8, topP: 0.9 },
        draftPolicy: { kind: 'fixed', draftLength: 3 },
      },
      'speculative',
    );
    expect(fixed).toMatchObject({ maxNewTokens: 7, sampling: { temperature: 0.8, topP: 0.9 } });
    expect(fixed.policy?.maxDraftLength()).toBe(3);
    expect(loopOptions({ ...request, draftPolicy: { kind: 'confidence' } }, 'speculative').policy?.name).toMatch(
      /confidence/,
    );
  });

  it('drafts nothing in the autoregressive lane', () => {
    expect(
      loopOptions({ ...request, draftPolicy: { kind: 'fixed', draftLength: 3 } }, 'autoregressive').policy,
    ).toBeNull();
  });

  it('refuses an invalid γ with the spec core’s error', () => {
    expect(() => loopOptions({ ...request, draftPolicy: { kind: 'fixed', draftLength: -1 } }, 'speculative')).toThrow(
      /draftLength/,
    );
  });
});
