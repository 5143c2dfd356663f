import { describe, expect, it } from 'vitest';
import { EmptyPromptError, InvalidArgumentError, VocabularyMismatchError } from '../errors.ts';
import { generateAutoregressive } from './autoregressive.ts';
import { createDraftPolicy, type DraftPolicyConfig } from './draft-policy.ts';
import type { StepEvent } from './events.ts';
import { generateSpeculative } from './speculative.ts';
import { dialedPair, oneHotLogits, SyntheticLM, hash32 } from './testing/synthetic-lm.ts';

const POLICIES: DraftPolicyConfig[] = [
  { kind: 'fixed', draftLength: 1 },
  { kind: 'fixed', draftLength: 3 },
  { kind: 'fixed', draftLength: 8 },
  { kind: 'heuristic' },
  { kind: 'confidence', threshold: 0.5 },
];
const PROMPT = [3, 1, 4, 1, 5, 9, 2, 6];
const STOP = { maxNewTokens: 60, eosTokenIds: [] as number[] };

describe('greedy speculative decoding on a dialed synthetic pair', () => {
  for (const acceptance of [0, 0.3, 0.7, 1]) {
    for (const withDraft of [false, true]) {
      it(`equals autoregressive output at α=${acceptance} (${withDraft ? 'draft()' : 'append'} drafter)`, async () => {
        const { target, drafter } = dialedPair({ vocabSize: 50, acceptance, drafterWithDraft: withDraft });
        const expected = await generateAutoregressive(target, PROMPT, STOP);
        expect(expected.tokens).toHaveLength(60);
        for (const policy of POLICIES) {
          const result = await generateSpeculative(target, drafter, PROMPT, {
            ...STOP,
            policy: createDraftPolicy(policy),
          });
          expect(result.tokens, `policy ${JSON.stringify(policy)}`).toEqual(expected.tokens);
          expect(result.finishReason).toBe('max-tokens');
        }
      });
    }
  }

  it('measures α near the dialed acceptance and τ from the events', async () => {
    const { target, drafter } = dialedPair({ vocabSize: 50, acceptance: 0.7 });
    const events: StepEvent[] = [];
    const result = await generateSpeculative(target, drafter, PROMPT, {
      maxNewTokens: 400,
      eosTokenIds: [],
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 4 }),
      onStep: (e) => events.push(e),
    });
    const { stats } = result;
    expect(stats.acceptanceRate).toBeGreaterThan(0.6);
    expect(stats.acceptanceRate).toBeLessThan(0.8);
    expect(stats.targetPasses).toBe(events.length);
    expect(stats.meanTokensPerPass).toBeCloseTo(result.tokens.length / events.length, 10);
    // Leviathan: E[tokens per pass] = (1 − α^(γ+1)) / (1 − α) ≈ 2.77 at α = 0.7, γ = 4.
    expect(stats.meanTokensPerPass).toBeGreaterThan(2.4);
    expect(stats.meanTokensPerPass).toBeLessThan(3.1);
  });

  it('accepts every draft when drafter and target are the same model', async () => {
    const next = (ctx: readonly number[]) => oneHotLogits(40, hash32(...ctx) % 40);
    const target = new SyntheticLM(next, { vocabSize: 40 });
    const drafter = new SyntheticLM(next, { vocabSize: 40 });
    const result = await generateSpeculative(target, drafter, PROMPT, {
      ...STOP,
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 5 }),
    });
    expect(result.stats.acceptanceRate).toBe(1);
    expect(result.stats.acceptedTokens).toBe(result.stats.draftedTokens);
    expect(result.sources.filter((s) => s === 'correction')).toHaveLength(0);
  });
});

describe('events and provenance', () => {
  it('emits every output token once, tagged consistently with the step', async () => {
    const { target, drafter } = dialedPair({ vocabSize: 30, acceptance: 0.6 });
    const events: StepEvent[] = [];
    const result = await generateSpeculative(target, drafter, PROMPT, {
      maxNewTokens: 80,
      eosTokenIds: [],
      policy: createDraftPolicy({ kind: 'heuristic' }),
      onStep: (e) => events.push(e),
    });
    expect(events.flatMap((e) => e.emitted.map((t) => t.id))).toEqual(result.tokens);
    expect(events.flatMap((e) => e.emitted.map((t) => t.source))).toEqual(result.sources);
    expect(events[0].emitted[0].source).toBe('target');
    for (const e of events.slice(1, -1)) {
      expect(e.drafted.slice(0, e.acceptedCount)).toEqual(e.emitted.slice(0, e.acceptedCount).map((t) => t.id));
      expect(e.rejected).toEqual(e.drafted.slice(e.acceptedCount));
      expect(e.emitted.slice(0, e.acceptedCount).every((t) => t.source === 'accepted')).toBe(true);
      const last = e.emitted[e.acceptedCount];
      expect(last.source).toBe(e.acceptedCount === e.drafted.length ? 'bonus' : 'correction');
      if (last.source === 'correction') expect(last.id).not.toBe(e.drafted[e.acceptedCount]);
    }
    expect(result.stats.emittedTokens).toBe(result.tokens.length);
    expect(result.stats.acceptedTokens).toBe(result.sources.filter((s) => s === 'accepted').length);
  });
});

describe('stop conditions', () => {
  const eosPair = () => {
    // Greedy continuation of the prompt hits token 7 after a few steps; 7 plays EOS.
    const next = (ctx: readonly number[]) =>
      oneHotLogits(
        20,
        ctx.length >= 20 ? 7 : (ctx[ctx.length - 1] + 3) % 20 === 7 ? 8 : (ctx[ctx.length - 1] + 3) % 20,
      );
    return {
      target: new SyntheticLM(next, { vocabSize: 20 }),
      drafter: new SyntheticLM(next, { vocabSize: 20 }),
    };
  };

  it('stops at EOS without emitting it, in both decoders', async () => {
    const { target, drafter } = eosPair();
    const options = { maxNewTokens: 100, eosTokenIds: [7] };
    const ar = await generateAutoregressive(target, PROMPT, options);
    const spec = await generateSpeculative(target, drafter, PROMPT, {
      ...options,
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 5 }),
    });
    expect(ar.finishReason).toBe('eos');
    expect(ar.tokens).toHaveLength(20 - PROMPT.length);
    expect(ar.tokens).not.toContain(7);
    expect(spec.tokens).toEqual(ar.tokens);
    expect(spec.finishReason).toBe('eos');
  });

  it('stops exactly at maxNewTokens even mid-draft', async () => {
    const { target, drafter } = dialedPair({ vocabSize: 30, acceptance: 1 });
    for (const max of [1, 2, 7, 13]) {
      const r = await generateSpeculative(target, drafter, PROMPT, {
        maxNewTokens: max,
        eosTokenIds: [],
        policy: createDraftPolicy({ kind: 'fixed', draftLength: 5 }),
      });
      expect(r.tokens).toHaveLength(max);
      expect(r.stats.draftedTokens).toBeLessThanOrEqual(max);
    }
  });

  it('stops once the decoded text contains a stop string', async () => {
    const { target, drafter } = dialedPair({ vocabSize: 26, acceptance: 0.8 });
    const decode = (ids: readonly number[]) => ids.map((i) => String.fromCharCode(97 + i)).join('');
    const free = await generateAutoregressive(target, PROMPT, { maxNewTokens: 200, eosTokenIds: [] });
    const text = decode(free.tokens);
    const stop = text.slice(40, 42);
    const cut = text.indexOf(stop) + stop.length;
    const options = { maxNewTokens: 200, eosTokenIds: [], stopStrings: [stop], decode };
    const ar = await generateAutoregressive(target, PROMPT, options);
    const spec = await generateSpeculative(target, drafter, PROMPT, {
      ...options,
      policy: createDraftPolicy({ kind: 'heuristic' }),
    });
    expect(decode(ar.tokens)).toBe(text.slice(0, cut));
    expect(ar.finishReason).toBe('stop-string');
    expect(spec.tokens).toEqual(ar.tokens);
    expect(spec.finishReason).toBe('stop-string');
  });

  it('aborts within one step and leaves both models usable', async () => {
    const { target, drafter } = dialedPair({ vocabSize: 30, acceptance: 0.7 });
    const controller = new AbortController();
    let steps = 0;
    const aborted = await generateSpeculative(target, drafter, PROMPT, {
      maxNewTokens: 200,
      eosTokenIds: [],
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 3 }),
      signal: controller.signal,
      onStep: () => {
        steps += 1;
        if (steps === 3) controller.abort();
      },
    });
    expect(aborted.finishReason).toBe('aborted');
    expect(steps).toBe(3);
    const again = await generateSpeculative(target, drafter, PROMPT, {
      ...STOP,
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 3 }),
    });
    const reference = await generateAutoregressive(target, PROMPT, STOP);
    expect(again.tokens).toEqual(reference.tokens);
    expect(aborted.tokens).toEqual(reference.tokens.slice(0, aborted.tokens.length));
  });
});

describe('bad input', () => {
  it('refuses a pair whose vocabulary sizes differ before running anything', async () => {
    const target = new SyntheticLM(() => oneHotLogits(32000, 0), { vocabSize: 32000 });
    const drafter = new SyntheticLM(() => oneHotLogits(32016, 0), { vocabSize: 32016 });
    const run = generateSpeculative(target, drafter, PROMPT, {
      ...STOP,
      policy: createDraftPolicy({ kind: 'heuristic' }),
    });
    await expect(run).rejects.toThrow(VocabularyMismatchError);
    await expect(run).rejects.toThrow(/32016 tokens but the target's has 32000/);
    expect(target.calls + drafter.calls).toBe(0);
  });

  it('refuses a same-size pair whose vocabulary ids differ', async () => {
    const target = new SyntheticLM(() => oneHotLogits(10, 0), { vocabSize: 10, vocabId: 'llama-a' });
    const drafter = new SyntheticLM(() => oneHotLogits(10, 0), { vocabSize: 10, vocabId: 'other-b' });
    await expect(
      generateSpeculative(target, drafter, PROMPT, { ...STOP, policy: createDraftPolicy({ kind: 'heuristic' }) }),
    ).rejects.toThrow(VocabularyMismatchError);
  });

  it('rejects an empty prompt, a zero budget and out-of-vocabulary ids', async () => {
    const { target, drafter } = dialedPair({ vocabSize: 10, acceptance: 1 });
    const policy = createDraftPolicy({ kind: 'heuristic' });
    await expect(generateSpeculative(target, drafter, [], { ...STOP, policy })).rejects.toThrow(EmptyPromptError);
    await expect(generateAutoregressive(target, [], STOP)).rejects.toThrow(EmptyPromptError);
    await expect(generateAutoregressive(target, PROMPT, { maxNewTokens: 0, eosTokenIds: [] })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(generateAutoregressive(target, [1, 10], STOP)).rejects.toThrow(/outside the model's vocabulary/);
    await expect(
      generateAutoregressive(target, PROMPT, { ...STOP, sampling: { temperature: -1, topP: 1 } }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(() => createDraftPolicy({ kind: 'fixed', draftLength: -1 })).toThrow(InvalidArgumentError);
  });
});
