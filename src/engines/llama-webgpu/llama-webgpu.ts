import { InvalidArgumentError } from '../../errors.ts';
import type { ModelSource } from '../../models/model-source.ts';
import type { CausalLM, DraftOptions, DraftResult, LogitsWanted } from '../../speculative/causal-lm.ts';
import { validateSampling } from '../../speculative/sampling.ts';
import { MAX_DRAFT_LENGTH } from '../../speculative/draft-policy.ts';
import { readCheckpoint } from '../../llama/checkpoint.ts';
import { readLlamaConfig, type LlamaConfig } from '../../llama/config.ts';
import { checkLlamaWeights, loadLlamaWeights, type LlamaWeights } from '../../llama/weights.ts';
import { requestGpu, type GpuContext } from './gpu.ts';
import { ForwardGraph, type StepShape } from './graph.ts';
import { checkDeviceLimits, type EngineShape, type LimitsLike } from './plan.ts';
import { withOutOfMemoryScope } from '../gpu-out-of-memory.ts';
import { allocateEngineBuffers, destroyEngineBuffers, type EngineBuffers } from './resources.ts';
import { StepParams, type StepValues } from './step-params.ts';
import { assertFeedable, assertTruncateLength } from '../cache-checks.ts';

/**
 * Tandem's own WebGPU LLaMA for drafter-sized models. The KV cache, the token ids and every
 * intermediate live on the GPU; draft(k) encodes k forward steps in ONE queue submission, each
 * step's argmax (or sample) written into the token buffer that the next step's embedding reads,
 * and reads the k tokens (and their probabilities) back once at the end.
 */

export interface LlamaWebGpuOptions {
  /** Identity of the vocabulary (see CausalLM.vocabId). */
  vocabId?: string;
  /** KV cache capacity in positions; defaults to config.maxPositionEmbeddings. */
  maxSequenceLength?: number;
  /** Rows per forward step; longer appends are chunked (default 32). */
  chunkRows?: number;
  /** Largest k draft() accepts (default: the loop's MAX_DRAFT_LENGTH). */
  maxDraft?: number;
  /** 'auto' (default): f16 weights when the adapter has shader-f16, else f32. */
  precision?: 'auto' | 'f32' | 'f16';
  /** Threads per matmul output row (a power of two ≤ 64); by default 1 on emulated adapters, 16 otherwise. */
  matmulLanes?: number;
  /** Use this device instead of requesting one (the engine then does not destroy it on dispose). */
  gpu?: GpuContext;
  /** Check the plan against these limits instead of the device's (tests of the limit errors). */
  limits?: LimitsLike;
}

export class LlamaWebGpu implements CausalLM {
  readonly vocabSize: number;
  readonly vocabId?: string;
  private cached = 0;
  private readonly params: StepParams;
  private staging: GPUBuffer | undefined; // (bytes,) MAP_READ, grown on demand, reused
  private chain: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly config: LlamaConfig,
    readonly gpu: GpuContext,
    readonly shape: EngineShape,
    private readonly buffers: EngineBuffers,
    private readonly graph: ForwardGraph,
    private readonly ownsDevice: boolean,
    vocabId: string | undefined,
    paramSlots: number,
  ) {
    this.vocabSize = config.vocabSize;
    if (vocabId !== undefined) this.vocabId = vocabId;
    this.params = new StepParams(paramSlots);
  }

  get length(): number {
    return this.cached;
  }

  get maxSequenceLength(): number {
    return this.shape.maxSeq;
  }

  /** queue.submit and mapAsync calls so far (instrumentation for tests and the benchmark). */
  get counters(): Readonly<{ submits: number; readbacks: number }> {
    return this.gpu.counters;
  }

  /** Bytes of every GPU buffer the engine holds now (weights, KV cache, scratch, staging): for perf reports. */
  get gpuBufferBytes(): number {
    const { layers, ...rest } = this.buffers;
    const buffers = [...layers.flatMap((layer) => Object.values(layer)), ...Object.values(rest)];
    return buffers.reduce((n, b) => n + b.size, 0) + (this.staging?.size ?? 0);
  }

  append(tokens: readonly number[], wanted: LogitsWanted = 'last'): Promise<Float32Array[]> {
    return this.serialize(() => this.appendNow(tokens, wanted));
  }

  /** O(1): positions at and after `length` are overwritten by the next append. */
  truncate(length: number): void {
    assertTruncateLength(length, this.cached);
    this.cached = length;
  }

  reset(): void {
    this.cached = 0;
  }

  draft(prefix: readonly number[], k: number, options: DraftOptions): Promise<DraftResult> {
    return this.serialize(() => this.draftNow(prefix, k, options));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    destroyEngineBuffers(this.buffers);
    this.staging?.destroy();
    if (this.ownsDevice) this.gpu.device.destroy();
  }

  private async appendNow(tokens: readonly number[], wanted: LogitsWanted): Promise<Float32Array[]> {
    if (tokens.length === 0) return [];
    this.checkUsable();
    this.checkTokens(tokens, tokens.length);
    const { chunkRows } = this.shape;
    const vocab = this.vocabSize;
    const steps: StepValues[] = [];
    for (let start = 0; start < tokens.length; start += chunkRows) {
      const rows = Math.min(chunkRows, tokens.length - start);
      const isLast = start + rows === tokens.length;
      const logitRows = wanted === 'all' ? rows : wanted === 'last' && isLast ? 1 : 0;
      steps.push({
        rows,
        pos0: this.cached + start,
        tokenBase: start,
        logitRow0: rows - logitRows,
        logitRows,
        outToken: 0,
        outStep: 0,
        temperature: 0,
        topP: 1,
        u01: 0,
      });
    }
    const wantedRows = steps.reduce((n, s) => n + s.logitRows, 0);
    const bytes = wantedRows * vocab * 4;
    const staging = bytes > 0 ? await this.stagingBuffer(bytes) : undefined;
    const { device } = this.gpu;
    device.queue.writeBuffer(this.buffers.tokens, 0, Uint32Array.from(tokens));
    this.params.write(device, this.buffers.params, steps);

    const encoder = device.createCommandEncoder({ label: `append ${tokens.length}` });
    let copied = 0;
    steps.forEach((step, slot) => {
      const pass = encoder.beginComputePass({ label: `append chunk ${slot}` });
      this.graph.encodeStep(pass, { slot, rows: step.rows, logitRows: step.logitRows, choose: 'none' });
      pass.end();
      if (staging && step.logitRows > 0) {
        encoder.copyBufferToBuffer(this.buffers.logits, 0, staging, copied, step.logitRows * vocab * 4);
        copied += step.logitRows * vocab * 4;
      }
    });
    this.gpu.submit(encoder.finish());
    this.cached += tokens.length;
    if (!staging) return [];
    const data = new Float32Array(await this.gpu.readback(staging, bytes));
    return Array.from({ length: wantedRows }, (_, r) => data.slice(r * vocab, (r + 1) * vocab));
  }

  private async draftNow(prefix: readonly number[], k: number, options: DraftOptions): Promise<DraftResult> {
    this.checkUsable();
    const sampled = this.checkDraft(prefix, k, options);
    const { chunkRows } = this.shape;
    const vocab = this.vocabSize;
    const p = prefix.length;
    const { temperature, topP } = options.sampling;
    const u01 = (i: number): number => (sampled ? (options.uniforms as readonly number[])[i] : 0);
    const choose: StepShape['choose'] = sampled ? 'sample' : 'argmax';
    const steps: StepValues[] = [];
    // The prefix, chunked; its last row's logits give draft token 0, written to tokens[p].
    for (let start = 0; start < p; start += chunkRows) {
      const rows = Math.min(chunkRows, p - start);
      const isLast = start + rows === p;
      steps.push({
        rows,
        pos0: this.cached + start,
        tokenBase: start,
        logitRow0: rows - 1,
        logitRows: isLast ? 1 : 0,
        outToken: p,
        outStep: 0,
        temperature,
        topP,
        u01: u01(0),
      });
    }
    // Steps 1 … k−1 each feed the previous choice (tokens[p + i − 1], written on the GPU).
    for (let i = 1; i < k; i++) {
      steps.push({
        rows: 1,
        pos0: this.cached + p + i - 1,
        tokenBase: p + i - 1,
        logitRow0: 0,
        logitRows: 1,
        outToken: p + i,
        outStep: i,
        temperature,
        topP,
        u01: u01(i),
      });
    }
    const distBytes = sampled ? k * vocab * 4 : 0;
    const bytes = 8 * k + distBytes;
    const staging = await this.stagingBuffer(bytes);
    const { device } = this.gpu;
    device.queue.writeBuffer(this.buffers.tokens, 0, Uint32Array.from(prefix));
    this.params.write(device, this.buffers.params, steps);

    const encoder = device.createCommandEncoder({ label: `draft ${k}` });
    const pass = encoder.beginComputePass({ label: `draft ${k}: ${steps.length} steps` });
    steps.forEach((step, slot) => {
      this.graph.encodeStep(pass, {
        slot,
        rows: step.rows,
        logitRows: step.logitRows,
        choose: step.logitRows > 0 ? choose : 'none',
      });
    });
    pass.end();
    encoder.copyBufferToBuffer(this.buffers.tokens, p * 4, staging, 0, k * 4);
    encoder.copyBufferToBuffer(this.buffers.confidences, 0, staging, k * 4, k * 4);
    if (sampled) encoder.copyBufferToBuffer(this.buffers.distributions, 0, staging, 8 * k, distBytes);
    this.gpu.submit(encoder.finish());
    this.cached += p + k - 1; // the last proposal is not fed
    const data = await this.gpu.readback(staging, bytes);
    const result: DraftResult = {
      tokens: Array.from(new Uint32Array(data, 0, k)),
      confidences: Array.from(new Float32Array(data, 4 * k, k)),
    };
    if (sampled) {
      const all = new Float32Array(data, 8 * k, k * vocab);
      result.distributions = Array.from({ length: k }, (_, i) => all.slice(i * vocab, (i + 1) * vocab));
    }
    return result;
  }

  /** Returns whether the draft is sampled; throws InvalidArgumentError on a bad request. */
  private checkDraft(prefix: readonly number[], k: number, options: DraftOptions): boolean {
    if (prefix.length === 0) {
      throw new InvalidArgumentError('draft() needs at least one prefix token: the newest token has not been fed yet');
    }
    if (!Number.isSafeInteger(k) || k < 1 || k > this.shape.maxDraft) {
      throw new InvalidArgumentError(
        `draft length k must be an integer in [1, ${this.shape.maxDraft}] (maxDraft), got ${k}`,
      );
    }
    validateSampling(options.sampling);
    this.checkTokens(prefix, prefix.length + k - 1);
    if (options.sampling.temperature === 0) return false;
    const u = options.uniforms;
    if (!u || u.length < k || u.slice(0, k).some((x) => !(x >= 0 && x < 1))) {
      throw new InvalidArgumentError(
        `a sampled draft of ${k} tokens needs ${k} uniforms in [0, 1), got ${JSON.stringify(u)}`,
      );
    }
    return true;
  }

  private checkUsable(): void {
    if (this.disposed) throw new InvalidArgumentError('this llama-webgpu engine was disposed');
    this.gpu.assertAlive();
  }

  private checkTokens(tokens: readonly number[], positions: number): void {
    assertFeedable(tokens, positions, { cached: this.cached, capacity: this.shape.maxSeq, vocabSize: this.vocabSize });
  }

  /** The readback buffer, grown (rarely: it doubles) in an out-of-memory scope when too small. */
  private async stagingBuffer(bytes: number): Promise<GPUBuffer> {
    if (!this.staging || this.staging.size < bytes) {
      const size = Math.max(bytes, this.staging ? this.staging.size * 2 : 0);
      this.staging?.destroy();
      this.staging = undefined;
      const label = `readback staging (${size} B)`;
      const { device } = this.gpu;
      let created: GPUBuffer | undefined;
      try {
        this.staging = await withOutOfMemoryScope(device, `allocating ${label}`, () => {
          created = device.createBuffer({ label, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
          return created;
        });
      } catch (error) {
        created?.destroy();
        throw error;
      }
    }
    return this.staging;
  }

  /** Calls run one at a time: they share the staging buffer, the token buffer and the params. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Builds the engine from weights in memory: checks the device limits, then allocates and uploads. */
export async function createLlamaWebGpu(
  config: LlamaConfig,
  weights: LlamaWeights,
  options: LlamaWebGpuOptions = {},
): Promise<LlamaWebGpu> {
  checkLlamaWeights(config, weights);
  const shape = (weightBytes: 2 | 4): EngineShape => ({
    config,
    maxSeq: positiveInteger('maxSequenceLength', options.maxSequenceLength ?? config.maxPositionEmbeddings),
    chunkRows: positiveInteger('chunkRows', options.chunkRows ?? 32),
    maxDraft: positiveInteger('maxDraft', options.maxDraft ?? MAX_DRAFT_LENGTH),
    matmulLanes: options.matmulLanes ?? (emulated ? 1 : 16),
    weightBytes,
  });
  let emulated = false;
  const lanes = options.matmulLanes;
  if (lanes !== undefined && !(Number.isInteger(lanes) && lanes >= 1 && lanes <= 64 && (lanes & (lanes - 1)) === 0)) {
    throw new InvalidArgumentError(`matmulLanes must be a power of two in [1, 64], got ${lanes}`);
  }
  shape(4); // validates the options before a device is requested
  const gpu = options.gpu ?? (await requestGpu({ precision: options.precision }));
  const ownsDevice = options.gpu === undefined;
  emulated = gpu.emulated;
  try {
    const s = shape(gpu.hasF16 ? 2 : 4);
    checkDeviceLimits(s, options.limits ?? gpu.device.limits);
    const slots = Math.ceil(s.maxSeq / s.chunkRows) + s.maxDraft;
    // A GPU out of memory: GpuOutOfMemoryError naming the buffer and its size (nothing left allocated).
    const buffers = await allocateEngineBuffers(gpu.device, s, weights, slots);
    const graph = await ForwardGraph.build(gpu.device, s, buffers, gpu.hasF16);
    return new LlamaWebGpu(config, gpu, s, buffers, graph, ownsDevice, options.vocabId, slots);
  } catch (error) {
    if (ownsDevice) gpu.device.destroy();
    throw error;
  }
}

/** Loads config.json and the safetensors weights of an HF folder (same readers as llama-cpu). */
export async function loadLlamaWebGpu(source: ModelSource, options: LlamaWebGpuOptions = {}): Promise<LlamaWebGpu> {
  const config = await readLlamaConfig(source);
  const weights = loadLlamaWeights(await readCheckpoint(source), config);
  return createLlamaWebGpu(config, weights, options);
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${value}`);
  return value;
}
