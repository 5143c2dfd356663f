import { InvalidArgumentError } from '../../errors.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { checkLlamaWeights, type LlamaWeights } from '../../llama/weights.ts';
import { withOutOfMemoryScope } from '../../engines/gpu-out-of-memory.ts';
import { type GpuContext, requestGpu } from '../../engines/llama-webgpu/gpu.ts';
import { checkBatch, splitBatch, targetCount, trimBatch } from '../batch.ts';
import { learningRateAt } from '../optimizer/schedule.ts';
import { validateSettings } from '../optimizer/settings.ts';
import { TrainingRng } from '../rng.ts';
import {
  type DrafterTrainer,
  IGNORE_INDEX,
  type LlamaGradients,
  type OptimizerSettings,
  type TrainingBatch,
  type TrainingCheckpoint,
  type TrainStepResult,
} from '../types.ts';
import { TrainingGraph } from './graph.ts';
import { groupRowsByToken } from './kernels/embedding.ts';
import { headRowsOf } from './kernels/rows.ts';
import { buildTrainingKernels } from './kernels/index.ts';
import type { TrainerBuffers } from './layout.ts';
import { encodeTrainValues, type TrainValues } from './params.ts';
import { DEFAULT_MEMORY_BUDGET, planTrainer, type TrainerPlan, type TrainingLimits } from './plan.ts';
import {
  allocateTrainerBuffers,
  destroyTrainerBuffers,
  downloadState,
  type ParameterState,
  uploadRopeTables,
  uploadState,
} from './resources.ts';
import { checkTuning, defaultTuning, type TrainingTuning } from './tuning.ts';

/**
 * A DrafterTrainer on WebGPU: weights, gradients and AdamW moments live in GPU buffers. A step is
 * one queue submission per micro-batch (forward with saved activations, backward accumulating
 * gradients; the last one also runs the gradient norm, clipping and AdamW) and one 16-byte
 * readback of loss and norm. Between micro-batches it waits for the GPU, which also lets a
 * worker's message loop run. Uses no DOM: it runs in a dedicated Worker as in a page.
 */

export interface WebGpuTrainerOptions {
  settings: OptimizerSettings;
  /** Most sequences one step takes (default 8). */
  maxBatchSize?: number;
  /** Most positions per sequence (default 256). */
  maxSeqLen?: number;
  /** Sequences per micro-batch; by default the largest (balanced) that fits the budget and limits. */
  microBatch?: number;
  /** Bytes the trainer may hold on the GPU (default 4 GiB). */
  memoryBudgetBytes?: number;
  /** Kernel layouts; by default 'direct' / 1 lane on emulated adapters, 'tiled' / 16 lanes otherwise. */
  tuning?: TrainingTuning;
  /** Use this device instead of requesting one (the trainer then does not destroy it). */
  gpu?: GpuContext;
  /** Plan against these limits instead of the device's (tests of the limit errors). */
  limits?: TrainingLimits;
  /** Seed of the data-order RNG (`trainer.rng`), as the CPU trainer's; default 1. */
  seed?: number;
}

export class WebGpuTrainer implements DrafterTrainer {
  /** Optimizer steps taken so far. */
  private steps: number;
  /** The data-order RNG whose state the checkpoint keeps (as CpuDrafterTrainer's). */
  readonly rng: TrainingRng;
  private staging: GPUBuffer | undefined; // (largest tensor,) MAP_READ, made on the first weights()
  private chain: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly config: LlamaConfig,
    readonly settings: OptimizerSettings,
    readonly gpu: GpuContext,
    readonly plan: TrainerPlan,
    readonly tuning: TrainingTuning,
    private readonly buffers: TrainerBuffers<GPUBuffer>,
    private readonly graph: TrainingGraph,
    private readonly ownsDevice: boolean,
    step: number,
    rngState: number,
  ) {
    this.steps = step;
    this.rng = new TrainingRng(rngState);
  }

  get stepCount(): number {
    return this.steps;
  }

  /** queue.submit and mapAsync calls so far (instrumentation). */
  get counters(): Readonly<{ submits: number; readbacks: number }> {
    return this.gpu.counters;
  }

  /** Bytes of every GPU buffer the trainer holds now. */
  get gpuBufferBytes(): number {
    return this.plan.totalBytes - (this.staging ? 0 : this.largestTensorBytes);
  }

  step(batch: TrainingBatch): Promise<TrainStepResult> {
    return this.serialize(async () => {
      const parts = this.checkedParts(batch);
      const step = this.steps + 1;
      const learningRate = learningRateAt(this.settings, step);
      const s = this.settings;
      const tokenCount = targetCount(batch);
      const common = {
        invTargets: 1 / tokenCount,
        learningRate,
        beta1: s.beta1,
        beta2: s.beta2,
        epsilon: s.epsilon,
        weightDecay: s.weightDecay,
        correction1: 1 - s.beta1 ** step,
        correction2: 1 - s.beta2 ** step,
        clipNorm: Number.isFinite(s.clipNorm) ? s.clipNorm : 0,
      };
      const [loss, gradNorm] = await this.run(parts, common, 'train');
      this.steps = step;
      return { step, loss, tokenCount, gradNorm, learningRate };
    });
  }

  evaluate(batch: TrainingBatch): Promise<{ loss: number; tokenCount: number }> {
    return this.serialize(async () => {
      const parts = this.checkedParts(batch);
      const tokenCount = targetCount(batch);
      const common = { ...noOptimizer, invTargets: 1 / tokenCount };
      const [loss] = await this.run(parts, common, 'evaluate');
      return { loss, tokenCount };
    });
  }

  weights(): Promise<LlamaWeights> {
    return this.serialize(() => this.download('param'));
  }

  /** The last step's gradients (before clipping), read back: what the checks against the CPU compare. */
  gradients(): Promise<LlamaGradients> {
    return this.serialize(() => this.download('grad'));
  }

  checkpoint(): Promise<TrainingCheckpoint> {
    return this.serialize(async () => ({
      config: { ...this.config, eosTokenIds: [...this.config.eosTokenIds] },
      settings: { ...this.settings },
      step: this.steps,
      rngState: this.rng.state,
      weights: await this.download('param'),
      firstMoment: await this.download('m'),
      secondMoment: await this.download('v'),
    }));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    destroyTrainerBuffers(this.buffers);
    this.staging?.destroy();
    if (this.ownsDevice) this.gpu.device.destroy();
  }

  /** Runs the micro-batches (one submission each) and reads back (loss, gradient norm). */
  private async run(
    parts: TrainingBatch[],
    common: Omit<TrainValues, 'rows' | 'seqLen' | 'uniqueTokens' | 'lossRow0' | 'lossRows' | 'headRows'>,
    mode: 'train' | 'evaluate',
  ): Promise<[number, number]> {
    const { device } = this.gpu;
    const b = this.buffers;
    const lossRows = parts.reduce((n, p) => n + targetCount(p), 0);
    let lossRow0 = 0;
    for (const [i, part] of parts.entries()) {
      if (i > 0) await device.queue.onSubmittedWorkDone(); // one micro-batch in flight; the event loop runs
      this.gpu.assertAlive();
      const rows = part.batchSize * part.seqLen;
      const groups = groupRowsByToken(part.tokens);
      const head = headRowsOf(part.targets, IGNORE_INDEX);
      const headRows = head.headIndex.length;
      device.queue.writeBuffer(b.tokens, 0, Uint32Array.from(part.tokens));
      device.queue.writeBuffer(b.tokenGroups, 0, groups.data as Uint32Array<ArrayBuffer>);
      device.queue.writeBuffer(b.targets, 0, head.headTargets);
      device.queue.writeBuffer(b.headIndex, 0, head.headIndex);
      device.queue.writeBuffer(b.rowHead, 0, head.rowHead);
      const { uniqueTokens } = groups;
      const values = { ...common, rows, seqLen: part.seqLen, uniqueTokens, lossRow0, lossRows, headRows };
      device.queue.writeBuffer(b.params, 0, encodeTrainValues(values));
      lossRow0 += headRows;

      const last = i === parts.length - 1;
      const encoder = device.createCommandEncoder({ label: `${mode} micro-batch ${i + 1}/${parts.length}` });
      if (mode === 'train' && i === 0) for (const t of this.tensorGrads()) encoder.clearBuffer(t);
      if (mode === 'train') encoder.clearBuffer(b.dResid);
      const pass = encoder.beginComputePass({ label: `${mode} micro-batch ${i + 1}` });
      this.graph.encodeForward(pass, rows, headRows);
      if (mode === 'train') this.graph.encodeBackward(pass, rows, headRows, uniqueTokens);
      if (last && mode === 'train') this.graph.encodeOptimizer(pass);
      if (last && mode === 'evaluate') this.graph.encodeLoss(pass);
      pass.end();
      if (last) encoder.copyBufferToBuffer(b.stats, 0, b.statsReadback, 0, 16);
      this.gpu.submit(encoder.finish());
    }
    const stats = new Float32Array(await this.gpu.readback(b.statsReadback, 16));
    return [stats[0], stats[1]];
  }

  private checkedParts(batch: TrainingBatch): TrainingBatch[] {
    if (this.disposed) throw new InvalidArgumentError('this WebGPU trainer was disposed');
    this.gpu.assertAlive();
    checkBatch(batch, this.config.vocabSize);
    const { maxBatchSize, maxSeqLen, microBatch } = this.plan.shape;
    if (batch.batchSize > maxBatchSize || batch.seqLen > maxSeqLen) {
      throw new InvalidArgumentError(
        `batch of ${batch.batchSize} × ${batch.seqLen} is over the trainer's ${maxBatchSize} × ${maxSeqLen} ` +
          '(maxBatchSize × maxSeqLen)',
      );
    }
    if (targetCount(batch) === 0) {
      throw new InvalidArgumentError('the batch has no response targets, so it has no loss');
    }
    // Positions after a batch's last target change nothing (causal attention): drop them. Parts
    // without a target add neither loss nor gradient: skip them.
    return splitBatch(trimBatch(batch), microBatch).filter((part) => targetCount(part) > 0);
  }

  private tensorGrads(): GPUBuffer[] {
    const b = this.buffers;
    const grads = [b.embedding.grad, b.finalNorm.grad, ...b.layers.flatMap((l) => Object.values(l).map((t) => t.grad))];
    if (b.lmHead !== b.embedding) grads.push(b.lmHead.grad);
    return grads;
  }

  private get largestTensorBytes(): number {
    return this.plan.buffers[this.plan.buffers.length - 1].bytes; // the plan's readback staging
  }

  private async download(state: ParameterState): Promise<LlamaWeights> {
    if (this.disposed) throw new InvalidArgumentError('this WebGPU trainer was disposed');
    const staging = await this.stagingBuffer();
    return downloadState(this.config, this.buffers, state, async (buffer, bytes) => {
      const encoder = this.gpu.device.createCommandEncoder({ label: `read back ${buffer.label}` });
      encoder.copyBufferToBuffer(buffer, 0, staging, 0, bytes);
      this.gpu.submit(encoder.finish());
      return this.gpu.readback(staging, bytes);
    });
  }

  private async stagingBuffer(): Promise<GPUBuffer> {
    if (this.staging) return this.staging;
    const size = this.largestTensorBytes;
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
    return this.staging;
  }

  /** Calls run one at a time: they share every scratch buffer. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Uniform values of an evaluation, where no optimizer runs. */
const noOptimizer = {
  learningRate: 0,
  beta1: 0,
  beta2: 0,
  epsilon: 1,
  weightDecay: 0,
  correction1: 1,
  correction2: 1,
  clipNorm: 0,
};

/** Builds a trainer from weights in memory: plans, checks the limits, allocates and uploads. */
export async function createWebGpuTrainer(
  config: LlamaConfig,
  weights: LlamaWeights,
  options: WebGpuTrainerOptions,
): Promise<WebGpuTrainer> {
  return openTrainer(config, weights, options, undefined);
}

/** A trainer that continues a checkpoint exactly: its weights, moments, step, settings and RNG state. */
export async function restoreWebGpuTrainer(
  checkpoint: TrainingCheckpoint,
  options: Omit<WebGpuTrainerOptions, 'settings' | 'seed'> = {},
): Promise<WebGpuTrainer> {
  const { config } = checkpoint;
  if (!(Number.isSafeInteger(checkpoint.step) && checkpoint.step >= 0))
    throw new InvalidArgumentError(`checkpoint step must be an integer ≥ 0, got ${checkpoint.step}`);
  // A checkpoint that went through JSON or files has a tied LM head as a separate copy: tie it back.
  const retied = (set: LlamaWeights): LlamaWeights =>
    config.tieWordEmbeddings ? { ...set, lmHead: set.tokenEmbedding } : set;
  const resume = {
    ...checkpoint,
    firstMoment: retied(checkpoint.firstMoment),
    secondMoment: retied(checkpoint.secondMoment),
  };
  checkLlamaWeights(config, resume.firstMoment);
  checkLlamaWeights(config, resume.secondMoment);
  return openTrainer(config, retied(checkpoint.weights), { ...options, settings: checkpoint.settings }, resume);
}

async function openTrainer(
  config: LlamaConfig,
  weights: LlamaWeights,
  options: WebGpuTrainerOptions,
  resume: TrainingCheckpoint | undefined,
): Promise<WebGpuTrainer> {
  checkLlamaWeights(config, weights);
  const settings = validateSettings({ ...options.settings });
  if (options.tuning) checkTuning(options.tuning);
  const gpu = options.gpu ?? (await requestGpu({ precision: 'f32' }));
  const ownsDevice = options.gpu === undefined;
  try {
    const tuning = options.tuning ?? defaultTuning(gpu.emulated);
    const plan = planTrainer({
      config,
      maxBatchSize: options.maxBatchSize ?? 8,
      maxSeqLen: options.maxSeqLen ?? 256,
      microBatch: options.microBatch,
      budgetBytes: options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET,
      tuning,
      limits: options.limits ?? gpu.device.limits,
    });
    const { device } = gpu;
    // A GPU out of memory: GpuOutOfMemoryError naming the buffer and its size (nothing left allocated).
    const buffers = await allocateTrainerBuffers(device, plan.shape);
    try {
      uploadState(device, config, buffers, weights, 'param');
      if (resume) {
        uploadState(device, config, buffers, resume.firstMoment, 'm');
        uploadState(device, config, buffers, resume.secondMoment, 'v');
      }
      uploadRopeTables(device, config, buffers, plan.shape.maxSeqLen);
      const graph = TrainingGraph.build(device, await buildTrainingKernels(device, config, tuning), buffers);
      const step = resume?.step ?? 0;
      return new WebGpuTrainer(
        config,
        settings,
        gpu,
        plan,
        tuning,
        buffers,
        graph,
        ownsDevice,
        step,
        resume?.rngState ?? new TrainingRng(options.seed ?? 1).state,
      );
    } catch (error) {
      destroyTrainerBuffers(buffers);
      throw error;
    }
  } catch (error) {
    if (ownsDevice) gpu.device.destroy();
    throw error;
  }
}
