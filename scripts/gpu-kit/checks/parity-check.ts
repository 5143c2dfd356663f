import { createLlamaCpu, type LlamaCpu } from '../../../src/engines/llama-cpu/llama-cpu.ts';
import type { LlamaConfig } from '../../../src/llama/config.ts';
import type { LlamaWeights } from '../../../src/llama/weights.ts';
import { createLlamaWebGpu, type LlamaWebGpu } from '../../../src/engines/llama-webgpu/llama-webgpu.ts';
import { GREEDY } from '../../../src/speculative/causal-lm.ts';
import { argmax, softmax } from '../../../src/speculative/sampling.ts';
import { buildFixtureModels } from '../../fixtures/models.ts';
import type { KitCheck, KitContext } from './check.ts';
import { compareRows, tokenIds, worst, type RowDiff } from './parity-compare.ts';
import { renderParity } from './parity-markdown.ts';
import { randomLlamaWeights, roundMatricesToF16 } from './random-llama.ts';
import { configOf, describeShape, shapesFor, type ModelShape } from './shapes.ts';

/**
 * Section 2: llama-webgpu against llama-cpu (float64 sums, the ground truth) on this GPU — logits
 * of a prefill across chunks, decode steps, a truncate and append, and draft(k) against k greedy CPU
 * steps — for the f32 path and, where the adapter has shader-f16, the f16 path. The f16 path stores
 * matrices as f16 and computes in f32, so its reference is llama-cpu on the same matrices rounded
 * to f16: both paths are held to the same tolerance.
 */

/** max |Δlogit| / max(1, max |logit|). Measured on lavapipe: ≤ 3e-6; index or masking bugs give ≫ 1e-2. */
export const RELATIVE_TOLERANCE = 1e-4;
/** |GPU confidence − softmax(CPU row)[token]|. */
export const CONFIDENCE_TOLERANCE = 1e-4;
const MAX_SEQ = 128;

import type { Precision, DraftParity, ParityData } from './parity-data.ts';
export type { Precision, ParityStep, DraftParity, ParityData } from './parity-data.ts';

interface ParityModel {
  name: string;
  config: LlamaConfig;
  weights: LlamaWeights;
  weightsLabel: string;
}

function parityModels(quick: boolean): ParityModel[] {
  const tiny = buildFixtureModels()['tiny-target'];
  const shape = shapesFor(quick).drafter68m;
  const config = configOf(shape, MAX_SEQ);
  return [
    {
      name: 'tiny-target',
      config: { ...tiny.config, maxPositionEmbeddings: MAX_SEQ },
      weights: tiny.weights,
      weightsLabel: 'the tiny-target fixture (npm run fixtures), built in memory',
    },
    { name: shape.name, config, weights: randomLlamaWeights(config, 68), weightsLabel: 'random, seed 68' },
  ];
}

export const parityCheck: KitCheck<ParityData> = {
  key: 'parity',
  title: '2. llama-webgpu parity against llama-cpu',
  share: 0.3,
  emptyData: () => ({
    relativeTolerance: RELATIVE_TOLERANCE,
    confidenceTolerance: CONFIDENCE_TOLERANCE,
    f16Path: '',
    models: [],
    steps: [],
    drafts: [],
    f16VsF32: [],
  }),

  async run(ctx, section) {
    const d = section.data;
    const precisions: Precision[] = ctx.gpu.contexts.f16 ? ['f32', 'f16'] : ['f32'];
    d.f16Path = ctx.gpu.contexts.f16
      ? 'run: llama-webgpu stores the matrices and the LM head as f16 and computes in f32 (embeddings, norms, activations, KV cache)'
      : 'not run: the adapter has no shader-f16 (llama-webgpu has an f16-weights path; this GPU cannot take it)';
    for (const model of parityModels(ctx.quick)) {
      ctx.clock.check();
      d.models.push({
        name: model.name,
        shape: describeShape(shapeOfConfig(model.config)),
        weights: model.weightsLabel,
      });
      const reference32 = createLlamaCpu(model.config, model.weights, { maxSequenceLength: MAX_SEQ });
      let prefill32: Float32Array[] = [];
      for (const precision of precisions) {
        ctx.clock.check();
        ctx.log(`parity: ${model.name} ${precision}`);
        const cpu =
          precision === 'f32'
            ? reference32
            : createLlamaCpu(model.config, roundMatricesToF16(model.weights), { maxSequenceLength: MAX_SEQ });
        const gpuContext = precision === 'f32' ? ctx.gpu.contexts.f32 : ctx.gpu.contexts.f16;
        const gpu = await createLlamaWebGpu(model.config, model.weights, {
          gpu: gpuContext,
          maxSequenceLength: MAX_SEQ,
          maxDraft: 16,
        });
        try {
          const record = (step: string, diff: RowDiff): void => {
            d.steps.push({
              model: model.name,
              precision,
              step,
              ...diff,
              passed: diff.relative <= RELATIVE_TOLERANCE && diff.argmaxMismatches === 0,
            });
          };
          const prefill = await cacheSteps(gpu, cpu, model.config.vocabSize, record);
          if (precision === 'f32') prefill32 = prefill.cpu;
          else d.f16VsF32.push({ model: model.name, ...compareRows(prefill.gpu, prefill32) });
          for (const k of [1, 8]) {
            ctx.clock.check();
            d.drafts.push({
              model: model.name,
              precision,
              ...(await draftCase(gpu, cpu, 16, k, model.config.vocabSize)),
            });
          }
        } finally {
          gpu.dispose();
        }
      }
    }
    summarize(section.data, section, ctx);
  },

  markdown: (section) => renderParity(section.data),
};

/** Prefill across two chunks, three decode steps, a truncate and an append. Returns the prefill rows. */
async function cacheSteps(
  gpu: LlamaWebGpu,
  cpu: LlamaCpu,
  vocab: number,
  record: (step: string, diff: RowDiff) => void,
): Promise<{ gpu: Float32Array[]; cpu: Float32Array[] }> {
  gpu.reset();
  cpu.reset();
  const both = async (
    tokens: number[],
    wanted: 'all' | 'last',
  ): Promise<{ gpu: Float32Array[]; cpu: Float32Array[] }> => {
    const rows = { gpu: await gpu.append(tokens, wanted), cpu: await cpu.append(tokens, wanted) };
    if (gpu.length !== cpu.length) throw new Error(`cache length ${gpu.length} on the GPU, ${cpu.length} on the CPU`);
    return rows;
  };
  const prefill = await both(tokenIds(37, 1, vocab), 'all');
  record('prefill 37 tokens (2 chunks), every row', compareRows(prefill.gpu, prefill.cpu));
  const decode: RowDiff[] = [];
  for (const token of tokenIds(3, 2, vocab)) {
    const rows = await both([token], 'last');
    decode.push(compareRows(rows.gpu, rows.cpu));
  }
  record('3 decode steps, last row', worst(decode));
  gpu.truncate(20);
  cpu.truncate(20);
  const after = await both(tokenIds(5, 3, vocab), 'all');
  record('truncate to 20, append 5, every row', compareRows(after.gpu, after.cpu));
  return prefill;
}

/** draft(prefix, k) on top of `context` cached tokens against k greedy CPU steps. */
async function draftCase(
  gpu: LlamaWebGpu,
  cpu: LlamaCpu,
  context: number,
  k: number,
  vocab: number,
): Promise<Omit<DraftParity, 'model' | 'precision'>> {
  gpu.reset();
  cpu.reset();
  const contextTokens = tokenIds(context, 10 + k, vocab);
  await gpu.append(contextTokens, 'none');
  await cpu.append(contextTokens, 'none');
  const prefix = tokenIds(1, 20 + k, vocab);
  const before = { ...gpu.counters };
  const draft = await gpu.draft(prefix, k, { sampling: GREEDY });
  const submits = gpu.counters.submits - before.submits;
  const readbacks = gpu.counters.readbacks - before.readbacks;
  const cpuTokens: number[] = [];
  let confidenceMaxDiff = 0;
  let feed = prefix;
  for (let i = 0; i < k; i++) {
    const [row] = await cpu.append(feed, 'last');
    const token = argmax(row);
    cpuTokens.push(token);
    confidenceMaxDiff = Math.max(confidenceMaxDiff, Math.abs(draft.confidences[i] - softmax(row)[token]));
    feed = [token];
  }
  // Both caches now hold the context, the prefix and the first k − 1 proposals (the last is not fed).
  const probe = [draft.tokens[k - 1]];
  const after = compareRows(await gpu.append(probe, 'all'), await cpu.append(probe, 'all'));
  const tokensEqual = draft.tokens.every((t, i) => t === cpuTokens[i]);
  const passed =
    tokensEqual &&
    !(confidenceMaxDiff > CONFIDENCE_TOLERANCE) &&
    after.relative <= RELATIVE_TOLERANCE &&
    submits === 1 &&
    readbacks === 1;
  return {
    context,
    k,
    gpuTokens: draft.tokens,
    cpuTokens,
    confidenceMaxDiff,
    afterRelative: after.relative,
    submits,
    readbacks,
    passed,
  };
}

function summarize(
  d: ParityData,
  section: { status: string; summary: string; notes: string[] },
  ctx: KitContext,
): void {
  const failedSteps = d.steps.filter((s) => !s.passed);
  const failedDrafts = d.drafts.filter((s) => !s.passed);
  const worstRelative = Math.max(0, ...d.steps.map((s) => s.relative));
  const cases = d.steps.length + d.drafts.length;
  section.status = failedSteps.length + failedDrafts.length === 0 ? 'passed' : 'failed';
  section.summary =
    `${cases - failedSteps.length - failedDrafts.length}/${cases} cases within tolerance ` +
    `(worst relative logit error ${worstRelative.toExponential(1)}, tolerance ${RELATIVE_TOLERANCE}); ` +
    `draft(k) = k greedy CPU steps: ${d.drafts.filter((x) => x.passed).length}/${d.drafts.length}; f16 path ${ctx.gpu.contexts.f16 ? 'run' : 'not run (no shader-f16)'}`;
  for (const f of failedSteps)
    section.notes.push(
      `FAILED ${f.model} ${f.precision} "${f.step}": relative ${f.relative.toExponential(2)}, argmax mismatches ${f.argmaxMismatches}`,
    );
  for (const f of failedDrafts)
    section.notes.push(
      `FAILED draft ${f.model} ${f.precision} k=${f.k}: GPU ${f.gpuTokens.join(',')} vs CPU ${f.cpuTokens.join(',')}, submits ${f.submits}, readbacks ${f.readbacks}`,
    );
}

function shapeOfConfig(c: LlamaConfig): ModelShape {
  return {
    name: '',
    label: '',
    layers: c.numLayers,
    hidden: c.hiddenSize,
    heads: c.numHeads,
    kvHeads: c.numKvHeads,
    ffn: c.intermediateSize,
    vocab: c.vocabSize,
  };
}
