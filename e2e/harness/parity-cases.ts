import { FixedDraftLength } from '../../src/speculative/draft-policy.ts';
import { generateAutoregressive } from '../../src/speculative/autoregressive.ts';
import { generateSpeculative } from '../../src/speculative/speculative.ts';
import { argmax, sampleFromDistribution, samplingDistribution, softmax } from '../../src/speculative/sampling.ts';
import { seededRng } from '../../src/speculative/rng.ts';
import type { LlamaWebGpuOptions } from '../../src/engines/llama-webgpu/llama-webgpu.ts';
import type { WorkerDraft } from './worker-draft.ts';
import { compareRows, cpuEngine, gpuEngine, promptTokens, type RowDiff } from './fixtures.ts';

/** Page-side checks of llama-webgpu against llama-cpu on the tiny drafter fixture, run on the CPU in the same page. */

/** Prefill logits ('all' rows) for each prompt length. */
export async function prefillParity(
  lengths: number[],
  engineOptions: LlamaWebGpuOptions = {},
): Promise<Record<number, RowDiff>> {
  const cpu = await cpuEngine('tiny-drafter');
  const gpu = await gpuEngine(engineOptions);
  const out: Record<number, RowDiff> = {};
  try {
    for (const length of lengths) {
      const prompt = promptTokens(length, length);
      cpu.reset();
      gpu.reset();
      out[length] = compareRows(await gpu.append(prompt, 'all'), await cpu.append(prompt, 'all'));
    }
  } finally {
    gpu.dispose();
  }
  return out;
}

/**
 * The cache under the operations the loop uses: prefill ('last'), a single-token step, a multi-token
 * append ('all'), a truncate, appends after it, 'none' appends, and reset.
 */
export async function incrementalParity(
  engineOptions: LlamaWebGpuOptions = {},
): Promise<Record<string, RowDiff | number>> {
  const cpu = await cpuEngine('tiny-drafter');
  const gpu = await gpuEngine(engineOptions);
  const out: Record<string, RowDiff | number> = {};
  const both = async (label: string, tokens: number[], wanted: 'all' | 'last' | 'none'): Promise<void> => {
    const [g, c] = [await gpu.append(tokens, wanted), await cpu.append(tokens, wanted)];
    out[label] = compareRows(g, c);
    if (gpu.length !== cpu.length) throw new Error(`${label}: length ${gpu.length} vs ${cpu.length}`);
  };
  try {
    await both('prefill 9 (last)', promptTokens(9, 1), 'last');
    await both('single step', [123], 'last');
    await both('multi-token append 6 (all)', promptTokens(6, 2), 'all');
    gpu.truncate(12);
    cpu.truncate(12);
    await both('after truncate to 12: append 5 (all)', promptTokens(5, 3), 'all');
    await both('append 3 (none)', promptTokens(3, 4), 'none');
    await both('then single step', [31999], 'last');
    gpu.truncate(0);
    cpu.truncate(0);
    await both('after truncate to 0: append 4 (all)', promptTokens(4, 5), 'all');
    await gpu.reset();
    await cpu.reset();
    await both('after reset: append 40 across chunks (all)', promptTokens(40, 6), 'all');
    out.length = gpu.length;
  } finally {
    gpu.dispose();
  }
  return out;
}

export interface GreedyDraftCase {
  prefixLength: number;
  k: number;
  gpuTokens: number[];
  cpuTokens: number[];
  /** max |gpu confidence − cpu softmax(row)[token]| */
  confidenceDiff: number;
  lengthAfter: number;
  expectedLengthAfter: number;
  /** GPU submissions and readbacks this draft() made. */
  submits: number;
  readbacks: number;
  /** Logits of one append after the draft vs the CPU: the cache holds what it should. */
  after: RowDiff;
}

/** draft(prefix, k) against k greedy llama-cpu steps, on top of an existing cache. */
export async function greedyDraft(
  cases: { context: number; prefixLength: number; k: number }[],
  engineOptions: LlamaWebGpuOptions = {},
): Promise<GreedyDraftCase[]> {
  const cpu = await cpuEngine('tiny-drafter');
  const gpu = await gpuEngine(engineOptions);
  const results: GreedyDraftCase[] = [];
  try {
    for (const [n, { context, prefixLength, k }] of cases.entries()) {
      cpu.reset();
      gpu.reset();
      const contextTokens = promptTokens(context, 100 + n);
      if (context > 0) {
        await cpu.append(contextTokens, 'none');
        await gpu.append(contextTokens, 'none');
      }
      const prefix = promptTokens(prefixLength, 200 + n);
      const before = { ...gpu.counters };
      const draft = await gpu.draft(prefix, k, { sampling: { temperature: 0, topP: 1 } });
      const submits = gpu.counters.submits - before.submits;
      const readbacks = gpu.counters.readbacks - before.readbacks;
      const cpuTokens: number[] = [];
      let confidenceDiff = 0;
      let feed = prefix;
      for (let i = 0; i < k; i++) {
        const [row] = await cpu.append(feed, 'last');
        const token = argmax(row);
        cpuTokens.push(token);
        confidenceDiff = Math.max(confidenceDiff, Math.abs(draft.confidences[i] - softmax(row)[token]));
        if (i < k - 1) feed = [token];
      }
      const lengthAfter = gpu.length;
      const probe = [draft.tokens[k - 1]];
      const after = compareRows(await gpu.append(probe, 'all'), await cpu.append(probe, 'all'));
      results.push({
        prefixLength,
        k,
        gpuTokens: draft.tokens,
        cpuTokens,
        confidenceDiff,
        lengthAfter,
        expectedLengthAfter: context + prefixLength + k - 1,
        submits,
        readbacks,
        after,
      });
    }
  } finally {
    gpu.dispose();
  }
  return results;
}

/** The speculative loop with a llama-webgpu drafter and a llama-cpu target vs plain autoregressive decoding. */
export async function speculativeLossless(prompts: number, draftLength: number, maxNewTokens: number) {
  const target = await cpuEngine('tiny-target');
  const drafter = await gpuEngine();
  const runs = [];
  try {
    for (let p = 0; p < prompts; p++) {
      const prompt = promptTokens(5 + 7 * p, 300 + p);
      const options = { maxNewTokens, eosTokenIds: [] };
      const reference = await generateAutoregressive(target, prompt, options);
      const before = { ...drafter.counters };
      const spec = await generateSpeculative(target, drafter, prompt, {
        ...options,
        policy: new FixedDraftLength(draftLength),
      });
      runs.push({
        equal: JSON.stringify(spec.tokens) === JSON.stringify(reference.tokens),
        tokens: spec.tokens.length,
        acceptanceRate: spec.stats.acceptanceRate,
        drafterCalls: spec.stats.drafterCalls,
        submits: drafter.counters.submits - before.submits,
        readbacks: drafter.counters.readbacks - before.readbacks,
      });
    }
  } finally {
    drafter.dispose();
  }
  return runs;
}

/**
 * Sampled draft(k) with caller uniforms. For each step: the GPU's q against the CPU's
 * samplingDistribution of the CPU logits (teacher-forced with the GPU's tokens), the GPU's token
 * against the CPU inverse-CDF draw from the GPU's own q and from the CPU's q, and the confidence.
 */
export async function sampledDraft(temperature: number, topP: number, k: number, seed: number) {
  const cpu = await cpuEngine('tiny-drafter');
  const gpu = await gpuEngine();
  try {
    const prefix = promptTokens(6, seed);
    const rng = seededRng(seed);
    const uniforms = Array.from({ length: k }, () => rng());
    const sampling = { temperature, topP };
    const draft = await gpu.draft(prefix, k, { sampling, uniforms });
    const steps = [];
    let feed = prefix;
    for (let i = 0; i < k; i++) {
      const [row] = await cpu.append(feed, 'last');
      const qCpu = samplingDistribution(row, sampling);
      const qGpu = draft.distributions?.[i] ?? new Float32Array();
      let qMaxAbs = 0;
      let qSum = 0;
      let support = [0, 0];
      for (let j = 0; j < qCpu.length; j++) {
        qMaxAbs = Math.max(qMaxAbs, Math.abs(qGpu[j] - qCpu[j]));
        qSum += qGpu[j];
        support = [support[0] + (qGpu[j] > 0 ? 1 : 0), support[1] + (qCpu[j] > 0 ? 1 : 0)];
      }
      const token = draft.tokens[i];
      steps.push({
        token,
        fromGpuQ: sampleFromDistribution(qGpu, uniforms[i]),
        fromCpuQ: sampleFromDistribution(qCpu, uniforms[i]),
        confidence: draft.confidences[i],
        qGpuOfToken: qGpu[token],
        qMaxAbs,
        qSum,
        supportGpu: support[0],
        supportCpu: support[1],
      });
      feed = [token];
    }
    return {
      steps,
      distributions: draft.distributions?.length ?? 0,
      lengthAfter: gpu.length,
      expectedLength: 6 + k - 1,
    };
  } finally {
    gpu.dispose();
  }
}

/**
 * The sampled loop (T > 0, rejection sampling) with the GPU drafter against the same loop with the
 * CPU drafter (token by token), same seed: the rng stream is consumed identically, so the outputs
 * are equal unless a uniform lands within float32 rounding (~1e-6) of a boundary.
 */
export async function sampledSpeculative(temperature: number, topP: number, maxNewTokens: number, seed: number) {
  const target = await cpuEngine('tiny-target');
  const cpuDrafter = await cpuEngine('tiny-drafter');
  const gpuDrafter = await gpuEngine();
  try {
    const prompt = promptTokens(9, seed);
    const run = (drafter: typeof cpuDrafter | typeof gpuDrafter) =>
      generateSpeculative(target, drafter, prompt, {
        maxNewTokens,
        eosTokenIds: [],
        sampling: { temperature, topP },
        rng: seededRng(seed),
        policy: new FixedDraftLength(4),
      });
    const onGpu = await run(gpuDrafter);
    const onCpu = await run(cpuDrafter);
    return {
      gpuTokens: onGpu.tokens,
      cpuTokens: onCpu.tokens,
      gpuAcceptance: onGpu.stats.acceptanceRate,
      cpuAcceptance: onCpu.stats.acceptanceRate,
      gpuDrafterCalls: onGpu.stats.drafterCalls,
      cpuDrafterCalls: onCpu.stats.drafterCalls,
    };
  } finally {
    gpuDrafter.dispose();
  }
}

/**
 * llama-webgpu inside a dedicated Worker (where the app hosts engines) against greedy llama-cpu
 * steps in the page.
 */
export async function draftInWorker(prefixLength: number, k: number) {
  const prefix = promptTokens(prefixLength, 400);
  const worker = new Worker(new URL('./drafter-worker.ts', import.meta.url), { type: 'module' });
  try {
    const reply = await new Promise<{ ok: boolean; result?: WorkerDraft; name?: string; message?: string }>(
      (resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
        worker.postMessage({ prefix, k });
      },
    );
    if (!reply.ok || !reply.result) throw new Error(`${reply.name}: ${reply.message}`);
    const cpu = await cpuEngine('tiny-drafter');
    const cpuTokens: number[] = [];
    let feed = prefix;
    for (let i = 0; i < k; i++) {
      const [row] = await cpu.append(feed, 'last');
      cpuTokens.push(argmax(row));
      feed = [cpuTokens[i]];
    }
    return { ...reply.result, cpuTokens };
  } finally {
    worker.terminate();
  }
}
