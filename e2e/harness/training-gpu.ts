import { type GpuContext, requestGpu } from '../../src/engines/llama-webgpu/gpu.ts';
import { encodeTrainValues, TRAIN_PARAM_BUFFER_BYTES, type TrainValues } from '../../src/training/webgpu/params.ts';
import type { TrainingTuning } from '../../src/training/webgpu/tuning.ts';
import { randomFloat64 } from '../../src/training/reference/testing/gradcheck.ts';

/** Page-side helpers of the training kernel checks: buffers in, one pass, buffers out. */

/** The two layouts every kernel check runs: SwiftShader's own, and the one real GPUs get. */
export const TUNINGS: Record<string, TrainingTuning> = {
  'direct, 1 lane': { matmul: 'direct', lanes: 1 },
  'tiled, 16 lanes': { matmul: 'tiled', lanes: 16 },
};

export interface KernelGpu {
  ctx: GpuContext;
  device: GPUDevice;
  params: GPUBuffer;
  buffers: GPUBuffer[];
}

export async function openKernelGpu(): Promise<KernelGpu> {
  const ctx = await requestGpu({ precision: 'f32' });
  const { device } = ctx;
  const params = device.createBuffer({
    label: 'test params',
    size: TRAIN_PARAM_BUFFER_BYTES,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  return { ctx, device, params, buffers: [params] };
}

export function closeKernelGpu(g: KernelGpu): void {
  for (const b of g.buffers) b.destroy();
  g.device.destroy();
}

const DEFAULTS: TrainValues = {
  rows: 0,
  seqLen: 1,
  uniqueTokens: 0,
  lossRow0: 0,
  lossRows: 0,
  headRows: 0,
  invTargets: 1,
  learningRate: 0,
  beta1: 0,
  beta2: 0,
  epsilon: 1,
  weightDecay: 0,
  correction1: 1,
  correction2: 1,
  clipNorm: 0,
};

export function setParams(g: KernelGpu, values: Partial<TrainValues>): void {
  g.device.queue.writeBuffer(g.params, 0, encodeTrainValues({ ...DEFAULTS, ...values }));
}

/** A storage buffer holding `data` (or `data` zeros). */
export function storage(
  g: KernelGpu,
  label: string,
  data: Float32Array | Int32Array | Uint32Array | number,
): GPUBuffer {
  const bytes = typeof data === 'number' ? 4 * data : data.byteLength;
  const buffer = g.device.createBuffer({
    label,
    size: Math.max(4, bytes),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  if (typeof data !== 'number') g.device.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
  g.buffers.push(buffer);
  return buffer;
}

export function runPass(g: KernelGpu, label: string, record: (pass: GPUComputePassEncoder) => void): void {
  const encoder = g.device.createCommandEncoder({ label });
  const pass = encoder.beginComputePass({ label });
  record(pass);
  pass.end();
  g.ctx.submit(encoder.finish());
}

export async function readFloats(g: KernelGpu, buffer: GPUBuffer, length: number): Promise<Float32Array> {
  const staging = g.device.createBuffer({
    label: `read ${buffer.label}`,
    size: 4 * length,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = g.device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, 4 * length);
  g.ctx.submit(encoder.finish());
  const data = new Float32Array(await g.ctx.readback(staging, 4 * length));
  staging.destroy();
  return data;
}

/** Seeded values rounded to float32, and the same values as float64 for the CPU reference. */
export function randomPair(length: number, seed: number, scale = 1): { f32: Float32Array; f64: Float64Array } {
  const f32 = Float32Array.from(randomFloat64(length, seed, scale));
  return { f32, f64: Float64Array.from(f32) };
}

/**
 * max |gpu − cpu| / max |cpu|: the error relative to the tensor's scale, so that values near zero
 * (a gradient entry that nearly cancels) do not blow it up. NaN or a length mismatch → Infinity.
 */
export function relativeError(gpu: ArrayLike<number>, cpu: ArrayLike<number>): number {
  if (gpu.length !== cpu.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < gpu.length; i++) {
    const d = Math.abs(gpu[i] - cpu[i]);
    if (!(d <= diff)) diff = Number.isNaN(d) ? Infinity : d;
    scale = Math.max(scale, Math.abs(cpu[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
