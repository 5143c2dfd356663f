import { env } from '@huggingface/transformers';
import { loadLlamaCpu, type LlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import {
  loadTransformersLM,
  type TransformersDevice,
  type TransformersLM,
} from '../../src/engines/transformers/transformers-lm.ts';
import { urlFolderSource } from '../../src/models/model-source.ts';
import { generateAutoregressive } from '../../src/speculative/autoregressive.ts';
import { createDraftPolicy } from '../../src/speculative/draft-policy.ts';
import { generateSpeculative } from '../../src/speculative/speculative.ts';

/**
 * Page-side cases for e2e/transformers-webgpu.spec.ts: the ONNX fixture on transformers.js
 * (webgpu or wasm) against llama-cpu running the same weights in the same page.
 */

export type Fixture = 'tiny-drafter' | 'tiny-target';
const MAX_SEQ = 256;
// The onnxruntime-web wasm files: ?wasm=/ort/ where the server runs the app's plugin
// (src/engines/transformers/ort-wasm-plugin.ts, as the spec's does); otherwise straight from
// node_modules, which the harness's Vite dev server serves too (e.g. for bench:drafter). Never a CDN.
export const WASM_BASE = new URLSearchParams(location.search).get('wasm') ?? '/node_modules/onnxruntime-web/dist/';

export function onnxModel(name: Fixture, device: TransformersDevice): Promise<TransformersLM> {
  return loadTransformersLM({
    folder: `/models/${name}`,
    device,
    maxSequenceLength: MAX_SEQ,
    runtime: { wasmBase: WASM_BASE },
  });
}

export function cpuModel(name: Fixture): Promise<LlamaCpu> {
  return loadLlamaCpu(urlFolderSource(`/models/${name}/`), { maxSequenceLength: MAX_SEQ });
}

export interface GreedyComparison {
  device: TransformersDevice;
  /** Where the KV cache lived after the last append ('gpu-buffer' on webgpu). */
  cacheLocation: string;
  onnx: number[];
  reference: number[];
  ms: number;
}

/** Greedy autoregressive tokens of the same model on transformers.js and on llama-cpu. */
export async function greedyTokens(
  name: Fixture,
  device: TransformersDevice,
  prompt: number[],
  maxNewTokens: number,
): Promise<GreedyComparison> {
  const onnx = await onnxModel(name, device);
  const reference = await cpuModel(name);
  try {
    const t0 = performance.now();
    const viaOnnx = await generateAutoregressive(onnx, prompt, { maxNewTokens, eosTokenIds: [2] });
    const ms = performance.now() - t0;
    const viaCpu = await generateAutoregressive(reference, prompt, { maxNewTokens, eosTokenIds: [2] });
    return { device, cacheLocation: cacheLocation(onnx), onnx: viaOnnx.tokens, reference: viaCpu.tokens, ms };
  } finally {
    await onnx.dispose();
  }
}

export interface TruncateComparison {
  /** Largest |Δlogit| against llama-cpu before and after the crop. */
  maxDiffBefore: number;
  maxDiffAfter: number;
  argmaxEqual: boolean;
  lengthAfter: number;
  /** One truncate, GPU copies awaited, ms (median of the repetitions). */
  cropMs: number;
}

/** Append, append a "draft", crop it on the device, append something else: logits must still agree. */
export async function truncateParity(device: TransformersDevice, prompt: number[]): Promise<TruncateComparison> {
  const onnx = await onnxModel('tiny-target', device);
  const reference = await cpuModel('tiny-target');
  try {
    const before = maxDiff(await onnx.append(prompt, 'all'), await reference.append(prompt, 'all'));
    const crops: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      await onnx.append([3000, 4000, 5000], 'none');
      const t0 = performance.now();
      await onnx.truncate(prompt.length);
      await (env.backends.onnx.webgpu as { device?: GPUDevice } | undefined)?.device?.queue.onSubmittedWorkDone();
      crops.push(performance.now() - t0);
    }
    const after = await onnx.append([6000, 7000], 'all');
    const expected = await reference.append([6000, 7000], 'all');
    return {
      maxDiffBefore: before.max,
      maxDiffAfter: maxDiff(after, expected).max,
      argmaxEqual: before.argmaxEqual && maxDiff(after, expected).argmaxEqual,
      lengthAfter: onnx.length,
      cropMs: crops.sort((a, b) => a - b)[1],
    };
  } finally {
    await onnx.dispose();
  }
}

/** The spec loop with the ONNX drafter on `device` and the llama-cpu target, against plain decoding. */
export async function speculativeLossless(device: TransformersDevice, prompt: number[], maxNewTokens: number) {
  const drafter = await onnxModel('tiny-drafter', device);
  const target = await cpuModel('tiny-target');
  try {
    const expected = await generateAutoregressive(target, prompt, { maxNewTokens, eosTokenIds: [2] });
    const result = await generateSpeculative(target, drafter, prompt, {
      maxNewTokens,
      eosTokenIds: [2],
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 3 }),
    });
    return {
      expected: expected.tokens,
      actual: result.tokens,
      drafted: result.stats.draftedTokens,
      accepted: result.stats.acceptedTokens,
    };
  } finally {
    await drafter.dispose();
  }
}

function cacheLocation(lm: TransformersLM): string {
  const past = (lm as unknown as { past?: Record<string, { location: string }> }).past;
  return past ? Object.values(past)[0].location : 'empty';
}

function maxDiff(a: Float32Array[], b: Float32Array[]): { max: number; argmaxEqual: boolean } {
  let max = 0;
  let argmaxEqual = a.length === b.length;
  a.forEach((row, r) => {
    let ia = 0;
    let ib = 0;
    for (let j = 0; j < row.length; j++) {
      max = Math.max(max, Math.abs(row[j] - b[r][j]));
      if (row[j] > row[ia]) ia = j;
      if (b[r][j] > b[r][ib]) ib = j;
    }
    argmaxEqual &&= ia === ib;
  });
  return { max, argmaxEqual };
}
