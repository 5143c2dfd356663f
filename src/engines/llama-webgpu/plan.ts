import type { LlamaConfig } from '../../llama/config.ts';
import { DeviceLimitError } from './errors.ts';

/**
 * Sizes of everything the engine allocates and dispatches, worked out from the config before any
 * allocation, so that a model that does not fit fails up front with the limit it exceeds.
 */

/** Kernel tunables the plan and the kernels share (also passed as WGSL override constants). */
export const TUNING = {
  /** Threads of the matmul, norm, RoPE and attention workgroups (a power of two). */
  wg: 64,
  /** Threads of the one-workgroup argmax/sampling kernels (a power of two). */
  selectWg: 256,
  /** Tokens per matmul workgroup on multi-token steps: TILE_T (≤ T_MAX = 4 in matmul.wgsl). */
  matmulTile: 4,
  /** Storage buffers the busiest kernel binds (rope-kv and attention bind 5). */
  storageBuffersPerStage: 5,
} as const;

export interface EngineShape {
  config: LlamaConfig;
  /** KV cache capacity in positions. */
  maxSeq: number;
  /** Rows processed per step; longer appends are split into chunks of this many. */
  chunkRows: number;
  /** Largest k draft() accepts. */
  maxDraft: number;
  /**
   * Threads per matmul output row (LANES in matmul.wgsl): 1 on CPU-emulated adapters (SwiftShader),
   * where barriers dominate, 16 on real GPUs, where coalesced loads do.
   */
  matmulLanes: number;
  /** Bytes per matmul weight element: 2 on the f16 path, 4 on the f32 path. */
  weightBytes: 2 | 4;
}

export interface PlannedBuffer {
  label: string;
  bytes: number;
}

/** Every storage buffer the engine creates, by label (shapes in the labels). */
export function planBuffers(s: EngineShape): PlannedBuffer[] {
  const c = s.config;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const qkvDim = qDim + 2 * kvDim;
  const hidden = c.intermediateSize;
  const wb = s.weightBytes;
  const out: PlannedBuffer[] = [
    { label: `model.embed_tokens (vocab ${c.vocabSize}, dim ${dim}) f32`, bytes: c.vocabSize * dim * 4 },
    { label: `lm_head (vocab ${c.vocabSize}, dim ${dim}) ${wb === 2 ? 'f16' : 'f32'}`, bytes: c.vocabSize * dim * wb },
    { label: `qkv_proj (${qkvDim}, ${dim})`, bytes: qkvDim * dim * wb },
    { label: `gate_up_proj (${2 * hidden}, ${dim})`, bytes: 2 * hidden * dim * wb },
    { label: `down_proj (${dim}, ${hidden})`, bytes: dim * hidden * wb },
    { label: `o_proj (${dim}, ${qDim})`, bytes: dim * qDim * wb },
    { label: `kv cache, one layer (maxSeq ${s.maxSeq}, kvDim ${kvDim})`, bytes: s.maxSeq * kvDim * 4 },
    { label: `rope tables (maxSeq ${s.maxSeq}, ${c.headDim / 2})`, bytes: s.maxSeq * (c.headDim / 2) * 4 },
    {
      label: `attention scores (chunkRows ${s.chunkRows}, heads ${c.numHeads}, maxSeq ${s.maxSeq})`,
      bytes: s.chunkRows * c.numHeads * s.maxSeq * 4,
    },
    { label: `logits (chunkRows ${s.chunkRows}, vocab ${c.vocabSize})`, bytes: s.chunkRows * c.vocabSize * 4 },
    { label: `gate_up activations (chunkRows ${s.chunkRows}, ${2 * hidden})`, bytes: s.chunkRows * 2 * hidden * 4 },
    {
      label: `draft distributions (maxDraft ${s.maxDraft}, vocab ${c.vocabSize})`,
      bytes: s.maxDraft * c.vocabSize * 4,
    },
  ];
  return out;
}

/** The subset of GPUSupportedLimits the engine depends on (tests pass fakes with lowered values). */
export type LimitsLike = Pick<
  GPUSupportedLimits,
  | 'maxStorageBufferBindingSize'
  | 'maxBufferSize'
  | 'maxComputeWorkgroupsPerDimension'
  | 'maxComputeInvocationsPerWorkgroup'
  | 'maxComputeWorkgroupSizeX'
  | 'maxComputeWorkgroupStorageSize'
  | 'maxStorageBuffersPerShaderStage'
  | 'minUniformBufferOffsetAlignment'
>;

/** Throws DeviceLimitError naming the first limit the engine would exceed on this device. */
export function checkDeviceLimits(s: EngineShape, limits: LimitsLike): void {
  const c = s.config;
  const fail = (limit: keyof LimitsLike, what: string, need: number, unit: string): never => {
    throw new DeviceLimitError(
      limit,
      `${what} needs ${need} ${unit}, over this device's ${limit} of ${limits[limit]}: the model does not fit this GPU`,
    );
  };
  for (const buffer of planBuffers(s)) {
    if (buffer.bytes > limits.maxStorageBufferBindingSize)
      fail('maxStorageBufferBindingSize', `buffer ${buffer.label}`, buffer.bytes, 'bytes');
    if (buffer.bytes > limits.maxBufferSize) fail('maxBufferSize', `buffer ${buffer.label}`, buffer.bytes, 'bytes');
  }
  const qkvDim = (c.numHeads + 2 * c.numKvHeads) * c.headDim;
  const widest = Math.max(c.vocabSize, qkvDim, 2 * c.intermediateSize, c.hiddenSize);
  const groups = Math.ceil(widest / (TUNING.wg / s.matmulLanes));
  if (groups > limits.maxComputeWorkgroupsPerDimension) {
    fail('maxComputeWorkgroupsPerDimension', `a matmul over ${widest} outputs`, groups, 'workgroups');
  }
  const threads = Math.max(TUNING.wg, TUNING.selectWg);
  if (threads > limits.maxComputeInvocationsPerWorkgroup)
    fail('maxComputeInvocationsPerWorkgroup', 'the argmax/sampling workgroup', threads, 'threads');
  if (threads > limits.maxComputeWorkgroupSizeX)
    fail('maxComputeWorkgroupSizeX', 'the argmax/sampling workgroup', threads, 'threads');
  const shared = Math.max(4 * TUNING.wg * 4, 3 * TUNING.selectWg * 4);
  if (shared > limits.maxComputeWorkgroupStorageSize)
    fail('maxComputeWorkgroupStorageSize', 'a reduction kernel', shared, 'bytes of workgroup memory');
  if (TUNING.storageBuffersPerStage > limits.maxStorageBuffersPerShaderStage) {
    fail('maxStorageBuffersPerShaderStage', 'the attention kernel', TUNING.storageBuffersPerStage, 'storage buffers');
  }
  if (limits.minUniformBufferOffsetAlignment > 256)
    fail('minUniformBufferOffsetAlignment', 'the per-step params slots', 256, 'bytes of alignment');
}
