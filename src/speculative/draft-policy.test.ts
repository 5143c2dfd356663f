import { describe, expect, it } from 'vitest';
import {
  ConfidenceDraftLength,
  FixedDraftLength,
  HeuristicDraftLength,
  type DraftLengthPolicy,
} from './draft-policy.ts';
import { createDraftPolicy } from './draft-policy.ts';
import { generateSpeculative } from './speculative.ts';
import { SyntheticLM, hash32 } from './testing/synthetic-lm.ts';

describe('draft-length policies', () => {
  it('fixed keeps γ', () => {
    const p: DraftLengthPolicy = new FixedDraftLength(4);
    p.observe(4, 0);
    expect(p.maxDraftLength()).toBe(4);
  });

  it("heuristic follows Hugging Face's rule: start 5, +2 on full acceptance, −1 otherwise, min 1", () => {
    const p = new HeuristicDraftLength();
    expect(p.maxDraftLength()).toBe(5);
    p.observe(5, 5);
    expect(p.maxDraftLength()).toBe(7);
    p.observe(7, 3);
    expect(p.maxDraftLength()).toBe(6);
    for (let i = 0; i < 10; i++) p.observe(1, 0);
    expect(p.maxDraftLength()).toBe(1);
    p.reset();
    expect(p.maxDraftLength()).toBe(5);
  });

  it('confidence stops after an unsure token and grows its cap only on full drafts', () => {
    const p: DraftLengthPolicy = new ConfidenceDraftLength(0.5, 4, 8);
    expect(p.continueAfter(0.9, 0)).toBe(true);
    expect(p.continueAfter(0.3, 1)).toBe(false);
    p.observe(4, 4);
    expect(p.maxDraftLength()).toBe(6);
    p.observe(2, 2); // a short draft (cut by confidence) says nothing about the cap
    expect(p.maxDraftLength()).toBe(6);
    p.observe(6, 1);
    expect(p.maxDraftLength()).toBe(5);
  });
});

describe('confidence cuts drafts on both drafter paths', () => {
  // The drafter is sure (logit gap 8) except after tokens divisible by 3, where it is a coin flip.
  const drafterNext = (ctx: readonly number[]) => {
    const row = new Float32Array(12);
    const last = ctx[ctx.length - 1];
    const choice = hash32(...ctx) % 12;
    row[choice] = last % 3 === 0 ? 0.01 : 8;
    return row;
  };
  const targetNext = (ctx: readonly number[]) => {
    const row = new Float32Array(12);
    row[hash32(...ctx) % 12] = 8;
    return row;
  };

  for (const withDraft of [false, true]) {
    it(`${withDraft ? 'draft()' : 'append'} path: no drafted token follows an unsure one`, async () => {
      const target = new SyntheticLM(targetNext, { vocabSize: 12 });
      const drafter = new SyntheticLM(drafterNext, { vocabSize: 12, withDraft });
      const drafts: number[][] = [];
      const contexts: number[][] = [];
      let context = [1, 2, 4];
      const result = await generateSpeculative(target, drafter, context, {
        maxNewTokens: 60,
        eosTokenIds: [],
        policy: createDraftPolicy({ kind: 'confidence', threshold: 0.5, initial: 6, max: 6 }),
        onStep: (e) => {
          drafts.push(e.drafted);
          contexts.push([...context]);
          context = [...context, ...e.emitted.map((t) => t.id)];
        },
      });
      expect(result.tokens).toHaveLength(60);
      let cut = 0;
      drafts.forEach((draft, s) => {
        const ctx = contexts[s];
        // A drafted token with a successor was proposed with confidence ≥ 0.5: the context it was
        // proposed after does not end in a multiple of 3.
        for (let i = 0; i < draft.length - 1; i++) {
          const contextEnd = i === 0 ? ctx[ctx.length - 1] : draft[i - 1];
          expect(contextEnd % 3, `step ${s} draft ${draft.join(',')}`).not.toBe(0);
        }
        if (draft.length > 0 && draft.length < 6) cut += 1;
      });
      expect(cut).toBeGreaterThan(0);
    });
  }
});
