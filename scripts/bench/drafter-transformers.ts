import { env } from '@huggingface/transformers';
import {
  loadTransformersLM,
  type TransformersDevice,
  type TransformersLM,
} from '../../src/engines/transformers/transformers-lm.ts';

/**
 * Per-drafted-token cost of the transformers.js runtime, measured in the browser page (the harness
 * calls it): the drafter runs what a speculative step asks of it, γ single-token appends with an
 * argmax each, then a truncate back to the accepted length, and the time is divided by the tokens
 * drafted. Every append reads the logits back to the CPU (transformers.js returns them as a CPU
 * tensor), which is exactly the per-token round trip the design warns about.
 */

export interface TransformersDrafterRow {
  runtime: string;
  device: TransformersDevice;
  /** Mean wall time per drafted token over all steps, ms. */
  msPerDraftedToken: number;
  /** Mean truncate (cache crop) cost per step, ms, GPU work included (awaited on webgpu). */
  truncateMs: number;
  steps: number;
  draftLength: number;
}

export interface TransformersBenchOptions {
  folder?: string;
  devices?: TransformersDevice[];
  prompt?: readonly number[];
  draftLength?: number;
  steps?: number;
  /** Same-origin folder with the onnxruntime-web wasm files. */
  wasmBase?: string;
}

const DEFAULT_PROMPT = [1, 3148, 1001, 29901, 4103, 9632, 5332, 304, 4223, 29901, 6296, 22557, 9144, 12088];

export async function benchDrafterTransformers(
  options: TransformersBenchOptions = {},
): Promise<TransformersDrafterRow[]> {
  const rows: TransformersDrafterRow[] = [];
  for (const device of options.devices ?? ['webgpu', 'wasm']) {
    rows.push(await benchOne(device, options));
  }
  return rows;
}

async function benchOne(
  device: TransformersDevice,
  options: TransformersBenchOptions,
): Promise<TransformersDrafterRow> {
  const gamma = options.draftLength ?? 5;
  const steps = options.steps ?? 6;
  const lm = await loadTransformersLM({
    folder: options.folder ?? '/models/tiny-drafter',
    device,
    maxSequenceLength: 512,
    runtime: options.wasmBase ? { wasmBase: options.wasmBase } : {},
  });
  try {
    let [row] = await lm.append(options.prompt ?? DEFAULT_PROMPT);
    row = await draftTokens(lm, row, gamma); // warm-up: pipelines and buffer pools
    await lm.truncate(lm.length - gamma);
    let draftMs = 0;
    let truncateMs = 0;
    for (let s = 0; s < steps; s++) {
      const t0 = performance.now();
      row = await draftTokens(lm, row, gamma);
      const t1 = performance.now();
      // As after a step that accepted two drafts: keep two of the γ fed positions.
      await lm.truncate(lm.length - gamma + 2);
      await gpuIdle(device);
      truncateMs += performance.now() - t1;
      draftMs += t1 - t0;
    }
    return {
      runtime: 'transformers.js (ONNX)',
      device,
      msPerDraftedToken: draftMs / (steps * gamma),
      truncateMs: truncateMs / steps,
      steps,
      draftLength: gamma,
    };
  } finally {
    await lm.dispose();
  }
}

/** γ greedy single-token appends, each read back and argmaxed on the CPU; returns the last row. */
async function draftTokens(lm: TransformersLM, row: Float32Array, gamma: number): Promise<Float32Array> {
  for (let i = 0; i < gamma; i++) [row] = await lm.append([argmax(row)]);
  return row;
}

async function gpuIdle(device: TransformersDevice): Promise<void> {
  if (device !== 'webgpu') return;
  const gpu = (env.backends.onnx.webgpu as { device?: GPUDevice } | undefined)?.device;
  await gpu?.queue.onSubmittedWorkDone();
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return best;
}
