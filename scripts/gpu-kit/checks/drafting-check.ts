import { createLlamaWebGpu, type LlamaWebGpu } from '../../../src/engines/llama-webgpu/llama-webgpu.ts';
import { GREEDY } from '../../../src/speculative/causal-lm.ts';
import { argmax } from '../../../src/speculative/sampling.ts';
import type { KitCheck, KitContext } from './check.ts';
import { renderDrafting } from './drafting-markdown.ts';
import { repeatTimed, type Timing } from './measure.ts';
import { tokenIds } from './parity-compare.ts';
import { randomLlamaWeights } from './random-llama.ts';
import { configOf, describeShape, parameterCount, shapesFor, type ModelShape } from './shapes.ts';
import { TRANSFORMERS_JS_STATUS } from './transformers-status.ts';

/**
 * Section 3: what a drafted token costs on this GPU, for the paper's 68M drafter and the 160M one:
 * draft(k) (k forward steps in one queue submission, one readback) against k naive appends (a
 * submission and a logits readback per token, argmax on the CPU), k = 1 … 8, after a 64-token
 * context, at the best precision the adapter offers.
 */

const CONTEXT = 64;
const MAX_SEQ = 256;

import type { DrafterCost, DraftingData } from './drafting-data.ts';
export type { DraftingRow, DrafterCost, DraftingData } from './drafting-data.ts';

export const draftingCheck: KitCheck<DraftingData> = {
  key: 'drafting',
  title: '3. Drafting cost per token: draft(k) in one submission vs k naive appends',
  share: 0.25,
  emptyData: () => ({ context: CONTEXT, reps: 0, warmUp: 1, drafters: [], transformersJs: TRANSFORMERS_JS_STATUS }),

  async run(ctx, section) {
    const d = section.data;
    d.reps = ctx.quick ? 1 : 5;
    const ks = ctx.quick ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8];
    const shapes = shapesFor(ctx.quick);
    for (const shape of [shapes.drafter68m, shapes.drafter160m]) {
      ctx.clock.check();
      const cost = await measureDrafter(ctx, shape, ks, d);
      section.notes.push(
        `${shape.name}: built in ${cost.buildS.toFixed(1)} s, ${cost.gpuBufferMB.toFixed(0)} MB of GPU buffers`,
      );
    }
    section.status = 'measured';
    section.summary = d.drafters
      .map((c) => {
        const row = c.rows.find((r) => r.k === 5) ?? c.rows[c.rows.length - 1];
        const perToken = (t: Timing): string => (t.wallMs / row.k).toFixed(2);
        return `${c.model} ${c.precision}, k=${row.k}: ${perToken(row.draft)} ms/token with draft(k), ${perToken(row.naive)} with naive appends (${(row.naive.wallMs / row.draft.wallMs).toFixed(1)}x)`;
      })
      .join('; ');
  },

  markdown: (section) => renderDrafting(section.data),
};

async function measureDrafter(
  ctx: KitContext,
  shape: ModelShape,
  ks: readonly number[],
  d: DraftingData,
): Promise<DrafterCost> {
  const gpuContext = ctx.gpu.contexts.f16 ?? ctx.gpu.contexts.f32;
  const config = configOf(shape, MAX_SEQ);
  ctx.log(`drafting: ${shape.name} (${describeShape(shape)}), ${gpuContext.hasF16 ? 'f16' : 'f32'} weights`);
  const start = performance.now();
  const engine = await createLlamaWebGpu(config, randomLlamaWeights(config, 160), {
    gpu: gpuContext,
    maxSequenceLength: MAX_SEQ,
    maxDraft: 16,
  });
  const cost: DrafterCost = {
    model: shape.name,
    shape: describeShape(shape),
    label: shape.label,
    parameters: parameterCount(shape),
    precision: gpuContext.hasF16 ? 'f16' : 'f32',
    buildS: (performance.now() - start) / 1000,
    gpuBufferMB: engine.gpuBufferBytes / 2 ** 20,
    rows: [],
  };
  d.drafters.push(cost);
  try {
    await engine.append(tokenIds(CONTEXT, 5, config.vocabSize), 'none');
    const [token] = tokenIds(1, 6, config.vocabSize);
    const rewind = (): void => engine.truncate(CONTEXT);
    for (const k of ks) {
      ctx.clock.check();
      const calls = d.warmUp + d.reps;
      const draft = await counted(engine, () =>
        repeatTimed(ctx.gpu.timestamps, d.reps, d.warmUp, () => engine.draft([token], k, { sampling: GREEDY }), rewind),
      );
      const naive = await counted(engine, () =>
        repeatTimed(ctx.gpu.timestamps, d.reps, d.warmUp, () => naiveAppends(engine, token, k), rewind),
      );
      cost.rows.push({
        k,
        draft: draft.value,
        naive: naive.value,
        draftSubmits: draft.submits / calls,
        draftReadbacks: draft.readbacks / calls,
        naiveSubmits: naive.submits / calls,
        naiveReadbacks: naive.readbacks / calls,
      });
    }
  } finally {
    engine.dispose();
  }
  return cost;
}

/** What a drafter without draft(k) does: one append, one logits readback and a CPU argmax per token. */
async function naiveAppends(engine: LlamaWebGpu, first: number, k: number): Promise<void> {
  let feed = first;
  for (let i = 0; i < k; i++) {
    const [row] = await engine.append([feed], 'last');
    feed = argmax(row);
  }
}

async function counted<T>(
  engine: LlamaWebGpu,
  task: () => Promise<T>,
): Promise<{ value: T; submits: number; readbacks: number }> {
  const before = { ...engine.counters };
  const value = await task();
  return {
    value,
    submits: engine.counters.submits - before.submits,
    readbacks: engine.counters.readbacks - before.readbacks,
  };
}
