import { describe, expect, it } from 'vitest';
import { createLlamaCpu } from '../../engines/llama-cpu/llama-cpu.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import type { TrainerFactory } from '../fine-tune.ts';
import { tinyConfig, tinyWeights } from '../testing/tiny-model.ts';
import { named } from '../trainers.ts';
import { adaptDrafter } from './adapt.ts';
import { addToReplayBuffer, emptyReplayBuffer, heldOutEntries, type ReplayBuffer } from './replay-buffer.ts';

/**
 * An adaptation round end to end on tiny models, with a stand-in trainer whose result is chosen
 * by the test: a copy that drafts worse is not promoted (held-out α falls), an unchanged one is
 * (α equal). The real trainer's learning is checked by the forge's bench and e2e.
 */
const target = createLlamaCpu(tinyConfig, tinyWeights(5));
const drafterWeights = tinyWeights(5); // the target itself: it drafts perfectly

function buffer(): ReplayBuffer {
  let b = emptyReplayBuffer(200);
  for (let i = 0; i < 60; i++)
    b = addToReplayBuffer(b, { prompt: [1, 3 + (i % 30), 4 + (i % 7)], response: [5, 2], at: i });
  return b;
}

/** A trainer that takes steps without learning and returns `result` as its weights. */
function fixedResult(result: LlamaWeights): TrainerFactory {
  return async () =>
    named(
      {
        config: tinyConfig,
        step: async () => ({ step: 1, loss: 1, tokenCount: 1, gradNorm: 0, learningRate: 0 }),
        evaluate: async () => ({ loss: 1, tokenCount: 1 }),
        weights: async () => result,
        checkpoint: async () => {
          throw new Error('not used');
        },
        dispose: () => {},
      },
      'stand-in',
    );
}

async function round(result: LlamaWeights) {
  const b = buffer();
  expect(heldOutEntries(b).length).toBeGreaterThanOrEqual(4);
  return adaptDrafter({
    buffer: b,
    active: { config: tinyConfig, weights: drafterWeights, model: createLlamaCpu(tinyConfig, drafterWeights) },
    target,
    createTrainer: fixedResult(result),
    load: async (weights) => createLlamaCpu(tinyConfig, weights),
    limits: { maxNewTokens: 6, eosTokenIds: [2] },
    steps: 2,
    seed: 1,
  });
}

describe('an adaptation round', () => {
  it('does not promote a copy whose held-out α falls', async () => {
    const worse = await round(tinyWeights(99)); // unrelated weights: they draft what the target would not
    expect(worse.report!.forged.alpha!).toBeLessThan(worse.report!.base.alpha!);
    expect(worse.decision.promote).toBe(false);
    expect(worse.report!.mismatches).toEqual([]); // lossless either way
  });

  it('promotes a copy whose held-out α is at least the active one’s', async () => {
    const same = await round(tinyWeights(5));
    expect(same.report!.forged.alpha).toBe(same.report!.base.alpha);
    expect(same.decision.promote).toBe(true);
  });
});
