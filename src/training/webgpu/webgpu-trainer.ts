import { InvalidArgumentError } from '../../errors.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import { withOutOfMemoryScope } from '../../engines/gpu-out-of-memory.ts';
import type { GpuContext } from '../../engines/llama-webgpu/gpu.ts';
import { checkBatch, splitBatch, targetCount, trimBatch } from '../batch.ts';
import { learningRateAt } from '../optimizer/schedule.ts';
import { TrainingRng } from '../rng.ts';
import type {
  DrafterTrainer,
  LlamaGradients,
  OptimizerSettings,
  TrainingBatch,
  TrainingCheckpoint,
  TrainStepResult,
} from '../types.ts';
import type { TrainingGraph } from './graph.ts';
import type { TrainerBuffers } from './layout.ts';
import { encodePhases, microBatchPhases, type StepValues, uploadMicroBatch } from './micro-batch.ts';
import type { TrainerPlan, TrainingLimits } from './plan.ts';
import { destroyTrainerBuffers, downloadState, type ParameterState } from './resources.ts';
import type { TrainingTuning } from './tuning.ts';

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
  /**
   * 'micro-batch' (default): one queue submission per micro-batch. 'phase': forward, backward and
   * update each their own, the event loop running between them: for a GPU on which one
   * micro-batch takes seconds (a long submission stalls everything else that uses the GPU).
   */
  submissions?: 'micro-batch' | 'phase';
}

/** What a trainer is made of, built by open-trainer.ts. */
export interface TrainerParts {
  config: LlamaConfig;
  settings: OptimizerSettings;
  gpu: GpuContext;
  plan: TrainerPlan;
  tuning: TrainingTuning;
  buffers: TrainerBuffers<GPUBuffer>;
  graph: TrainingGraph;
  /** The trainer requested its device itself and destroys it on dispose. */
  ownsDevice: boolean;
  step: number;
  rngState: number;
  submissions: 'micro-batch' | 'phase';
}

export class WebGpuTrainer implements DrafterTrainer {
  /** Optimizer steps taken so far. */
  private steps: number;
  /** The data-order RNG whose state the checkpoint keeps (as CpuDrafterTrainer's). */
  readonly rng: TrainingRng;
  private staging: GPUBuffer | undefined; // (largest tensor,) MAP_READ, made on the first weights()
  private chain: Promise<unknown> = Promise.resolve();
  private disposed = false;

  readonly config: LlamaConfig;
  readonly settings: OptimizerSettings;
  readonly gpu: GpuContext;
  readonly plan: TrainerPlan;
  readonly tuning: TrainingTuning;
  private readonly buffers: TrainerBuffers<GPUBuffer>;
  private readonly graph: TrainingGraph;
  private readonly ownsDevice: boolean;
  private readonly submissions: 'micro-batch' | 'phase';

  /** Use createWebGpuTrainer or restoreWebGpuTrainer (open-trainer.ts), which build the parts. */
  constructor(parts: TrainerParts) {
    this.config = parts.config;
    this.settings = parts.settings;
    this.gpu = parts.gpu;
    this.plan = parts.plan;
    this.tuning = parts.tuning;
    this.buffers = parts.buffers;
    this.graph = parts.graph;
    this.ownsDevice = parts.ownsDevice;
    this.submissions = parts.submissions;
    this.steps = parts.step;
    this.rng = new TrainingRng(parts.rngState);
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

  /**
   * Runs the micro-batches, one submission each (or one per phase), waiting for the GPU between
   * them so that the event loop runs, and reads back (loss, gradient norm) once.
   */
  private async run(
    parts: TrainingBatch[],
    common: Omit<StepValues, 'lossRows'>,
    mode: 'train' | 'evaluate',
  ): Promise<[number, number]> {
    const { device } = this.gpu;
    const b = this.buffers;
    const lossRows = parts.reduce((n, p) => n + targetCount(p), 0);
    let lossRow0 = 0;
    let submitted = false;
    for (const [i, part] of parts.entries()) {
      const shape = uploadMicroBatch(device, b, part, { ...common, lossRows, lossRow0 });
      lossRow0 += shape.headRows;
      const context = {
        graph: this.graph,
        buffers: b,
        mode,
        first: i === 0,
        last: i === parts.length - 1,
        grads: this.tensorGrads(),
      };
      const phases = microBatchPhases(context, shape);
      const label = `${mode} micro-batch ${i + 1}/${parts.length}`;
      for (const group of this.submissions === 'phase' ? phases.map((p) => [p]) : [phases]) {
        if (submitted) await device.queue.onSubmittedWorkDone(); // one submission in flight; the event loop runs
        this.gpu.assertAlive();
        this.gpu.submit(encodePhases(device, b, label, group));
        submitted = true;
      }
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
