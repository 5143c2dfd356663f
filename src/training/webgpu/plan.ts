import { InvalidArgumentError } from '../../errors.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { describeBytes } from '../../engines/gpu-out-of-memory.ts';
import { DeviceLimitError } from '../../engines/llama-webgpu/errors.ts';
import { layoutBuffers, parameterList, type TrainerShape } from './layout.ts';
import { MATMUL_SIDE, MAX_HEAD_DIM, NORM_GROUPS, REDUCE_WG, type TrainingTuning, WIDE_WG } from './tuning.ts';

/**
 * The memory plan of the WebGPU trainer: every buffer it will hold, worked out before anything is
 * allocated, and the largest micro-batch whose buffers fit both the memory budget and this
 * device's limits. A shape that cannot fit even one sequence per micro-batch fails up front with
 * a DeviceLimitError naming the buffer or the limit.
 */

/** The default memory budget: a 4 GiB GPU. */
export const DEFAULT_MEMORY_BUDGET = 4 * 2 ** 30;

export interface PlannedBuffer {
  label: string;
  bytes: number;
}

/** The subset of GPUSupportedLimits the trainer depends on (tests pass lowered copies). */
export type TrainingLimits = Pick<
  GPUSupportedLimits,
  | 'maxStorageBufferBindingSize'
  | 'maxBufferSize'
  | 'maxComputeWorkgroupsPerDimension'
  | 'maxComputeInvocationsPerWorkgroup'
  | 'maxComputeWorkgroupSizeX'
  | 'maxComputeWorkgroupSizeY'
  | 'maxComputeWorkgroupStorageSize'
  | 'maxStorageBuffersPerShaderStage'
  | 'minStorageBufferOffsetAlignment'
>;

/** Every buffer of the trainer at this shape, the readback staging (sized for the largest tensor) last. */
export function planBuffers(s: TrainerShape): PlannedBuffer[] {
  const list: PlannedBuffer[] = [];
  const buffers = layoutBuffers(s, (label, bytes) => list.push({ label, bytes }) - 1, NORM_GROUPS);
  const largest = Math.max(...parameterList(buffers).map((p) => p.length));
  list.push({ label: `readback staging (${largest},)`, bytes: 4 * largest });
  return list;
}

export function totalBytes(buffers: readonly PlannedBuffer[]): number {
  return buffers.reduce((n, b) => n + b.bytes, 0);
}

export interface PlanRequest {
  config: LlamaConfig;
  maxBatchSize: number;
  maxSeqLen: number;
  /** Sequences per micro-batch; by default the largest that fits. */
  microBatch?: number;
  budgetBytes: number;
  tuning: TrainingTuning;
  limits: TrainingLimits;
}

export interface TrainerPlan {
  shape: TrainerShape;
  buffers: PlannedBuffer[];
  totalBytes: number;
}

/** The trainer's shape: the largest micro-batch (or the one asked for) that fits budget and limits. */
export function planTrainer(r: PlanRequest): TrainerPlan {
  checkShapeArguments(r);
  // Balanced sizes only: 8 sequences that fit 7 at a time run as 4 + 4, not 7 + 1.
  const candidates = r.microBatch === undefined ? balancedSizes(r.maxBatchSize) : [r.microBatch];
  let failure: DeviceLimitError | undefined;
  for (const microBatch of candidates) {
    const shape: TrainerShape = { config: r.config, maxBatchSize: r.maxBatchSize, maxSeqLen: r.maxSeqLen, microBatch };
    const buffers = planBuffers(shape);
    try {
      checkTrainerLimits(shape, buffers, r.tuning, r.limits);
      checkBudget(shape, buffers, r.budgetBytes);
      return { shape, buffers, totalBytes: totalBytes(buffers) };
    } catch (error) {
      if (!(error instanceof DeviceLimitError)) throw error;
      failure = error; // the smallest micro-batch's reason is the one reported
    }
  }
  throw failure!;
}

/** Micro-batch sizes from largest to smallest, one per count of micro-batches: ⌈n / parts⌉. */
function balancedSizes(n: number): number[] {
  const sizes = new Set<number>();
  for (let parts = 1; parts <= n; parts++) sizes.add(Math.ceil(n / parts));
  return [...sizes];
}

function checkShapeArguments(r: PlanRequest): void {
  const positive = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0))
      throw new InvalidArgumentError(`${name} must be a positive integer, got ${value}`);
  };
  positive('maxBatchSize', r.maxBatchSize);
  positive('maxSeqLen', r.maxSeqLen);
  positive('microBatch', r.microBatch);
  if (r.microBatch !== undefined && r.microBatch > r.maxBatchSize)
    throw new InvalidArgumentError(`microBatch ${r.microBatch} is over maxBatchSize ${r.maxBatchSize}`);
  if (r.maxSeqLen > r.config.maxPositionEmbeddings)
    throw new InvalidArgumentError(
      `maxSeqLen ${r.maxSeqLen} is over the model's max_position_embeddings ${r.config.maxPositionEmbeddings}`,
    );
  if (r.config.headDim > MAX_HEAD_DIM)
    throw new InvalidArgumentError(
      `head dimension ${r.config.headDim} is over the ${MAX_HEAD_DIM} the WebGPU trainer's attention kernels hold`,
    );
  if (!(r.budgetBytes > 0)) throw new InvalidArgumentError(`the memory budget must be positive, got ${r.budgetBytes}`);
}

function checkBudget(s: TrainerShape, buffers: readonly PlannedBuffer[], budget: number): void {
  const total = totalBytes(buffers);
  if (total <= budget) return;
  const largest = [...buffers].sort((a, b) => b.bytes - a.bytes)[0];
  throw new DeviceLimitError(
    'memoryBudget',
    `training buffers need ${describeBytes(total)} at ${s.microBatch} sequence(s) of ${s.maxSeqLen} per micro-batch ` +
      `(largest: ${largest.label}, ${describeBytes(largest.bytes)}), over the memory budget of ${describeBytes(budget)}`,
  );
}

/** Throws DeviceLimitError naming the first buffer or dispatch of this shape over a device limit. */
export function checkTrainerLimits(
  s: TrainerShape,
  buffers: readonly PlannedBuffer[],
  tuning: TrainingTuning,
  limits: TrainingLimits,
): void {
  const fail = (limit: keyof TrainingLimits, what: string, need: number, unit: string): never => {
    throw new DeviceLimitError(
      limit,
      `${what} needs ${need} ${unit}, over this device's ${limit} of ${limits[limit]}: the training shape does not fit this GPU`,
    );
  };
  for (const b of buffers) {
    if (b.bytes > limits.maxStorageBufferBindingSize)
      fail('maxStorageBufferBindingSize', `buffer ${b.label}`, b.bytes, 'bytes');
    if (b.bytes > limits.maxBufferSize) fail('maxBufferSize', `buffer ${b.label}`, b.bytes, 'bytes');
  }
  const c = s.config;
  const rows = s.microBatch * s.maxSeqLen;
  const tile = 4 * MATMUL_SIDE[tuning.matmul];
  const qkvDim = (c.numHeads + 2 * c.numKvHeads) * c.headDim;
  const widest = Math.max(c.vocabSize, qkvDim, 2 * c.intermediateSize, c.hiddenSize, rows);
  const groups: [string, number][] = [
    [`a matmul over ${widest} rows or columns`, Math.ceil(widest / tile)],
    [`a micro-batch of ${rows} rows`, rows],
    [`attention over ${rows} rows × ${c.numHeads} heads`, Math.ceil((rows * c.numHeads) / REDUCE_WG)],
  ];
  for (const [what, need] of groups)
    if (need > limits.maxComputeWorkgroupsPerDimension)
      fail('maxComputeWorkgroupsPerDimension', what, need, 'workgroups');
  const side = MATMUL_SIDE[tuning.matmul];
  const threads = Math.max(side * side, WIDE_WG);
  if (threads > limits.maxComputeInvocationsPerWorkgroup)
    fail('maxComputeInvocationsPerWorkgroup', 'the gradient-norm workgroup', threads, 'threads');
  if (WIDE_WG > limits.maxComputeWorkgroupSizeX) fail('maxComputeWorkgroupSizeX', 'AdamW', WIDE_WG, 'threads');
  if (side > limits.maxComputeWorkgroupSizeY) fail('maxComputeWorkgroupSizeY', 'a matmul workgroup', side, 'threads');
  const shared = tuning.matmul === 'tiled' ? 2 * 16 * 64 * 4 : WIDE_WG * 4;
  if (shared > limits.maxComputeWorkgroupStorageSize)
    fail('maxComputeWorkgroupStorageSize', `the ${tuning.matmul} matmul`, shared, 'bytes of workgroup memory');
  if (6 > limits.maxStorageBuffersPerShaderStage)
    fail('maxStorageBuffersPerShaderStage', 'the attention backward kernel', 6, 'storage buffers');
  if (limits.minStorageBufferOffsetAlignment > NORM_GROUPS * 4)
    fail('minStorageBufferOffsetAlignment', 'the gradient-norm partial windows', NORM_GROUPS * 4, 'bytes of alignment');
}
