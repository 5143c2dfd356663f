import { readCheckpoint } from '../../src/llama/checkpoint.ts';
import { readLlamaConfig, type LlamaConfig } from '../../src/llama/config.ts';
import { createLlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import { microConfig, randomWeights } from '../../src/llama/testing.ts';
import { loadLlamaWeights, type LlamaWeights } from '../../src/llama/weights.ts';
import { createLlamaWebGpu, type LlamaWebGpu } from '../../src/engines/llama-webgpu/llama-webgpu.ts';
import { urlFolderSource } from '../../src/models/model-source.ts';
import type { CausalLM } from '../../src/speculative/causal-lm.ts';
import { argmax } from '../../src/speculative/sampling.ts';

/**
 * The page side of `npm run bench:drafter` (e2e/harness exposes it as harness.benchDrafter): per
 * drafted token, draft(k) in one submission vs the naive pattern (k single-token appends, each read
 * back and argmaxed on the CPU) on the same engine vs llama-cpu doing the naive pattern, with the
 * queue submissions and readbacks counted by the engine's instrumentation.
 */

export interface DrafterBenchOptions {
  k?: number;
  context?: number;
  reps?: number;
  models?: ('tiny-drafter' | 'paper-68m')[];
  /** Passed to the engine (threads per matmul output row); default: the engine's choice. */
  matmulLanes?: number;
}

export interface BenchRow {
  engine: string;
  msPerToken: number;
  submitsPerDraft: number | null;
  readbacksPerDraft: number | null;
  /** Weight bytes streamed per forward step × steps / time. */
  weightGBs: number;
}

export interface ModelBench {
  model: string;
  description: string;
  weightBytesPerStep: number;
  rows: BenchRow[];
  /** Greedy drafts of the webgpu draft(k), the naive loop and llama-cpu agreed on every rep. */
  tokensAgree: boolean;
}

export interface DrafterBench {
  adapter: string;
  precision: string;
  k: number;
  context: number;
  reps: number;
  copyGBs: number;
  models: ModelBench[];
}

/** The paper's 68M drafter shape (Yi et al. 2024): 2 layers, hidden 768, 12 heads, FFN 3072, vocab 32 000. */
export function paperDrafterConfig(): LlamaConfig {
  return microConfig({
    hiddenSize: 768,
    intermediateSize: 3072,
    numLayers: 2,
    numHeads: 12,
    numKvHeads: 12,
    vocabSize: 32000,
    maxPositionEmbeddings: 2048,
  });
}

async function loadModel(
  name: 'tiny-drafter' | 'paper-68m',
): Promise<{ config: LlamaConfig; weights: LlamaWeights; description: string }> {
  if (name === 'paper-68m') {
    const config = paperDrafterConfig();
    return {
      config,
      weights: randomWeights(config, 68),
      description: 'paper 68M shape (2 layers, hidden 768, 12 heads, FFN 3072, vocab 32000), random weights',
    };
  }
  const source = urlFolderSource('/models/tiny-drafter/');
  const config = await readLlamaConfig(source);
  return {
    config,
    weights: loadLlamaWeights(await readCheckpoint(source), config),
    description: 'tiny-drafter fixture (1 layer, hidden 64, FFN 176, vocab 32000)',
  };
}

export async function benchDrafter(options: DrafterBenchOptions = {}): Promise<DrafterBench> {
  const k = options.k ?? 5;
  const context = options.context ?? 32;
  const reps = options.reps ?? 3;
  const adapter = await navigator.gpu.requestAdapter();
  const info = adapter?.info;
  const result: DrafterBench = {
    adapter: `${info?.vendor ?? '?'} ${info?.architecture ?? '?'}${info?.isFallbackAdapter ? ' (fallback adapter)' : ''}`,
    precision: adapter?.features.has('shader-f16') ? 'f16 weights' : 'f32 (no shader-f16)',
    k,
    context,
    reps,
    copyGBs: 0,
    models: [],
  };
  for (const name of options.models ?? ['tiny-drafter', 'paper-68m']) {
    const { config, weights, description } = await loadModel(name);
    const gpu = await createLlamaWebGpu(config, weights, {
      maxSequenceLength: context + 4 * k + 8,
      matmulLanes: options.matmulLanes,
    });
    const cpu = createLlamaCpu(config, weights, { maxSequenceLength: context + 4 * k + 8 });
    try {
      if (result.copyGBs === 0) result.copyGBs = await copyBandwidth(gpu.gpu.device, weights.lmHead.length * 4);
      result.models.push(await benchModel(name, description, config, gpu, cpu, k, context, reps));
    } finally {
      gpu.dispose();
    }
  }
  return result;
}

async function benchModel(
  model: string,
  description: string,
  config: LlamaConfig,
  gpu: LlamaWebGpu,
  cpu: CausalLM,
  k: number,
  context: number,
  reps: number,
): Promise<ModelBench> {
  const prompt = Array.from({ length: context }, (_, i) => (i * 7919 + 13) % config.vocabSize);
  const last = [prompt[context - 1]];
  const base = context - 1;
  for (const lm of [gpu, cpu]) {
    await lm.reset();
    await lm.append(prompt.slice(0, base), 'none');
  }
  const greedy = { sampling: { temperature: 0, topP: 1 } };
  const drafts: string[] = [];

  const timeIt = async (lm: CausalLM, run: () => Promise<number[]>) => {
    drafts.push((await run()).join()); // warm-up (pipelines, staging buffers)
    await lm.truncate(base);
    let ms = 0;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      drafts.push((await run()).join());
      ms += performance.now() - t0;
      await lm.truncate(base);
    }
    return ms / (reps * k);
  };
  const counted = async (run: () => Promise<unknown>) => {
    const before = { ...gpu.counters };
    await run();
    await gpu.truncate(base);
    return { submits: gpu.counters.submits - before.submits, readbacks: gpu.counters.readbacks - before.readbacks };
  };

  const oneSubmission = async () => (await gpu.draft(last, k, greedy)).tokens;
  const naive = (lm: CausalLM) => async () => {
    const tokens: number[] = [];
    let feed = last;
    for (let i = 0; i < k; i++) {
      const [row] = await lm.append(feed, 'last');
      tokens.push(argmax(row));
      feed = [tokens[i]];
    }
    return tokens;
  };
  const draftMs = await timeIt(gpu, oneSubmission);
  const draftCount = await counted(oneSubmission);
  const naiveMs = await timeIt(gpu, naive(gpu));
  const naiveCount = await counted(naive(gpu));
  const cpuMs = await timeIt(cpu, naive(cpu));

  const c = config;
  const qkv = (c.numHeads + 2 * c.numKvHeads) * c.headDim;
  const perLayer = qkv * c.hiddenSize + c.hiddenSize * c.numHeads * c.headDim + 3 * c.intermediateSize * c.hiddenSize;
  const weightBytesPerStep = (c.numLayers * perLayer + c.vocabSize * c.hiddenSize) * 4; // f32 matmul weights
  const gbs = (ms: number) => weightBytesPerStep / (ms * 1e6);
  return {
    model,
    description,
    weightBytesPerStep,
    tokensAgree: drafts.every((d) => d === drafts[0]),
    rows: [
      {
        engine: `llama-webgpu draft(k)`,
        msPerToken: draftMs,
        submitsPerDraft: draftCount.submits,
        readbacksPerDraft: draftCount.readbacks,
        weightGBs: gbs(draftMs),
      },
      {
        engine: `llama-webgpu naive (k appends + readbacks)`,
        msPerToken: naiveMs,
        submitsPerDraft: naiveCount.submits,
        readbacksPerDraft: naiveCount.readbacks,
        weightGBs: gbs(naiveMs),
      },
      {
        engine: 'llama-cpu naive (k appends)',
        msPerToken: cpuMs,
        submitsPerDraft: null,
        readbacksPerDraft: null,
        weightGBs: gbs(cpuMs),
      },
    ],
  };
}

/**
 * The device's practical bandwidth ceiling: a buffer-to-buffer copy of `bytes` (read + write
 * counted), the best of three. On SwiftShader that is host memcpy through the emulator.
 */
async function copyBandwidth(device: GPUDevice, bytes: number): Promise<number> {
  const size = Math.ceil(bytes / 4) * 4;
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const src = device.createBuffer({ label: `bandwidth probe src (${size} B)`, size, usage });
  const dst = device.createBuffer({ label: `bandwidth probe dst (${size} B)`, size, usage });
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const encoder = device.createCommandEncoder({ label: 'bandwidth probe' });
    encoder.copyBufferToBuffer(src, 0, dst, 0, size);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    best = Math.min(best, performance.now() - t0);
  }
  src.destroy();
  dst.destroy();
  return (2 * size) / (best * 1e6);
}
