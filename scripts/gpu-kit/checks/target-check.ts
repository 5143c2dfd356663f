import { GpuOutOfMemoryError } from '../../../src/errors.ts';
import type { LlamaWeights } from '../../../src/llama/weights.ts';
import { DeviceLimitError } from '../../../src/engines/llama-webgpu/errors.ts';
import { createLlamaWebGpu } from '../../../src/engines/llama-webgpu/llama-webgpu.ts';
import type { KitCheck, KitContext } from './check.ts';
import { OutOfTime } from './deadline.ts';
import { repeatTimed, type Timing } from './measure.ts';
import { tokenIds } from './parity-compare.ts';
import { randomLlamaWeights } from './random-llama.ts';
import { configOf, describeShape, shapesFor, withLayers, type ModelShape } from './shapes.ts';
import { estimatePasses, renderTarget, WEBLLM_STATUS } from './target-estimate.ts';

/**
 * Section 4: a target pass on this GPU. web-llm (the real target) needs a browser and a compiled
 * model library, so a LLaMA-7B-shaped model on llama-webgpu stands in: one decode pass (1 token,
 * last row's logits back) and one verify pass of k+1 tokens (every row's logits back, as greedy
 * verification needs), after a 64-token context. First 1- and 2-layer models at full width give a
 * per-layer estimate; then the whole 32 layers are built and measured when they fit the GPU.
 */

const CONTEXT = 64;
const MAX_SEQ = 128;
/** "Too big for this GPU", not "broken": the engine's limits check, or an allocation failing. */
const doesNotFit = (error: unknown): boolean =>
  error instanceof DeviceLimitError || error instanceof GpuOutOfMemoryError;

import type { TargetRun, TargetData } from './target-data.ts';
export type { PassTimes, TargetRun, TargetData } from './target-data.ts';

export const targetCheck: KitCheck<TargetData> = {
  key: 'target',
  title: '4. Target pass: a LLaMA-7B-shaped model on llama-webgpu (web-llm stand-in)',
  share: 0.35,
  emptyData: () => ({
    shape: '',
    label: '',
    precision: 'f32',
    context: CONTEXT,
    reps: 0,
    webllm: WEBLLM_STATUS,
    runs: [],
    estimate: null,
    full: 'not run',
    used: null,
  }),

  async run(ctx, section) {
    const d = section.data;
    const shape = shapesFor(ctx.quick).target7b;
    const gpuContext = ctx.gpu.contexts.f16 ?? ctx.gpu.contexts.f32;
    d.shape = describeShape(shape);
    d.label = shape.label;
    d.precision = gpuContext.hasF16 ? 'f16' : 'f32';
    d.reps = ctx.quick ? 1 : 7;
    const ks = ctx.quick ? [1, 5] : [1, 2, 3, 4, 5, 6, 7, 8];
    // One layer's host arrays serve every layer: 32 × 0.8 GB of random numbers would not fit the time.
    const weights = randomLlamaWeights(configOf(shape, MAX_SEQ), 7, 1);
    try {
      for (const layers of [1, 2]) {
        ctx.clock.check();
        d.runs.push(await measureTarget(ctx, withLayers(shape, layers), weights, ks, d.reps));
      }
    } catch (error) {
      if (!doesNotFit(error)) throw error;
      section.status = 'not-run';
      section.summary = `the ${shape.name} shape does not fit this GPU with llama-webgpu, not even one layer: ${(error as Error).message.split('\n')[0]}`;
      return;
    }
    d.estimate = estimatePasses(d.runs[0].passes, d.runs[1].passes, shape.layers);
    d.used = 'estimate';
    ctx.clock.check();
    // A build cannot be interrupted: start the whole model only when it should end well inside the budget.
    const buildGuessS = (d.runs[1].buildS / 2) * shape.layers;
    try {
      if (ctx.clock.remainingMs() < 2 * buildGuessS * 1000 + 10_000) {
        throw new Error(
          `not enough time left in the section (${(ctx.clock.remainingMs() / 1000).toFixed(0)} s) to build ${shape.layers} layers (~${buildGuessS.toFixed(0)} s by the 2-layer build)`,
        );
      }
      d.runs.push(await measureTarget(ctx, shape, weights, ks, d.reps));
      d.full = 'measured';
      d.used = 'measured';
    } catch (error) {
      if (error instanceof OutOfTime) throw error;
      d.full = `not measured: ${(error as Error).message.split('\n')[0]}`;
    }
    const used = d.used === 'measured' ? d.runs[d.runs.length - 1].passes : d.estimate;
    const verify = used.verify.find((v) => v.k === 5) ?? used.verify[used.verify.length - 1];
    section.status = 'measured';
    section.summary =
      `${shape.name} ${d.precision} (${d.used === 'measured' ? 'whole model measured' : `ESTIMATE from 1 and 2 layers; ${d.full}`}): ` +
      `decode ${used.decode.wallMs.toFixed(2)} ms wall${gpuText(used.decode)}, verify of ${verify.tokens} tokens ${verify.timing.wallMs.toFixed(2)} ms wall${gpuText(verify.timing)}`;
  },

  markdown: (section) => renderTarget(section.data),
};

async function measureTarget(
  ctx: KitContext,
  shape: ModelShape,
  weights: LlamaWeights,
  ks: readonly number[],
  reps: number,
): Promise<TargetRun> {
  const gpuContext = ctx.gpu.contexts.f16 ?? ctx.gpu.contexts.f32;
  const config = configOf(shape, MAX_SEQ);
  ctx.log(`target: ${shape.name}, ${describeShape(shape)}`);
  const start = performance.now();
  const engine = await createLlamaWebGpu(
    config,
    { ...weights, layers: weights.layers.slice(0, shape.layers) },
    {
      gpu: gpuContext,
      maxSequenceLength: MAX_SEQ,
      maxDraft: 16,
    },
  );
  try {
    const run: TargetRun = {
      layers: shape.layers,
      buildS: (performance.now() - start) / 1000,
      gpuBufferGB: engine.gpuBufferBytes / 2 ** 30,
      passes: { decode: { wallMs: NaN, gpuMs: null }, verify: [] },
    };
    await engine.append(tokenIds(CONTEXT, 8, config.vocabSize), 'none');
    const rewind = (): void => engine.truncate(CONTEXT);
    const [token] = tokenIds(1, 9, config.vocabSize);
    run.passes.decode = await repeatTimed(ctx.gpu.timestamps, reps, 1, () => engine.append([token], 'last'), rewind);
    for (const k of ks) {
      ctx.clock.check();
      const tokens = tokenIds(k + 1, 10 + k, config.vocabSize);
      run.passes.verify.push({
        k,
        tokens: k + 1,
        timing: await repeatTimed(ctx.gpu.timestamps, reps, 1, () => engine.append(tokens, 'all'), rewind),
      });
    }
    return run;
  } finally {
    engine.dispose();
  }
}

function gpuText(t: Timing): string {
  return t.gpuMs === null ? '' : ` (${t.gpuMs.toFixed(2)} ms GPU)`;
}
