import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaLayerWeights, LlamaWeights } from '../../llama/weights.ts';
import { ropeTables } from '../../engines/llama-cpu/math.ts';
import { describeBytes, type ErrorScopeDevice, OutOfMemoryScopes } from '../../engines/gpu-out-of-memory.ts';
import { zerosLike } from '../optimizer/parameters.ts';
import {
  type BufferRole,
  layoutBuffers,
  type ParameterBuffers,
  type TrainerBuffers,
  type TrainerShape,
} from './layout.ts';
import { NORM_GROUPS } from './tuning.ts';

/** The part of a GPUDevice that allocation uses (a fake in unit tests). */
export type AllocatingDevice = Pick<GPUDevice, 'createBuffer'> & ErrorScopeDevice;

/**
 * Creates every buffer of the layout, each in its own 'out-of-memory' error scope, so that running
 * out of GPU memory throws a GpuOutOfMemoryError naming the buffer and its size. On failure the
 * buffers made so far are destroyed before the error is thrown.
 */
export async function allocateTrainerBuffers(
  device: AllocatingDevice,
  shape: TrainerShape,
): Promise<TrainerBuffers<GPUBuffer>> {
  const scopes = new OutOfMemoryScopes(device);
  const created: GPUBuffer[] = [];
  // Read here, not at module load: Node (unit tests) has no GPUBufferUsage until a test provides it.
  const usage: Record<BufferRole, number> = {
    storage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    uniform: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    readback: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  };
  try {
    const buffers = layoutBuffers(
      shape,
      (label, size, role = 'storage') =>
        scopes.run(`allocating ${label} (${describeBytes(size)})`, () => {
          const buffer = device.createBuffer({ label, size, usage: usage[role] });
          created.push(buffer);
          return buffer;
        }),
      NORM_GROUPS,
    );
    await scopes.check();
    return buffers;
  } catch (error) {
    for (const buffer of created) buffer.destroy();
    throw error;
  }
}

export function destroyTrainerBuffers(b: TrainerBuffers<GPUBuffer>): void {
  const seen = new Set<GPUBuffer>();
  const destroy = (buffer: GPUBuffer): void => {
    if (!seen.has(buffer)) buffer.destroy();
    seen.add(buffer);
  };
  for (const p of [b.embedding, b.finalNorm, b.lmHead, ...b.layers.flatMap((l) => Object.values(l))]) {
    [p.param, p.grad, p.m, p.v].forEach(destroy);
  }
  for (const s of b.saved) Object.values(s).forEach(destroy);
  const { embedding, layers, finalNorm, lmHead, saved, ...rest } = b;
  Object.values(rest).forEach(destroy);
}

/** Each GPU parameter tensor with the plain-array parts it is made of (q ‖ k ‖ v, gate ‖ up). */
export function parameterParts(
  c: LlamaConfig,
  b: TrainerBuffers<GPUBuffer>,
  w: LlamaWeights,
): { tensor: ParameterBuffers<GPUBuffer>; parts: Float32Array[] }[] {
  const out = [{ tensor: b.embedding, parts: [w.tokenEmbedding] }];
  b.layers.forEach((l, i) => {
    const x: LlamaLayerWeights = w.layers[i];
    out.push(
      { tensor: l.attnNorm, parts: [x.attnNorm] },
      { tensor: l.wqkv, parts: [x.wq, x.wk, x.wv] },
      { tensor: l.wo, parts: [x.wo] },
      { tensor: l.ffnNorm, parts: [x.ffnNorm] },
      { tensor: l.wGateUp, parts: [x.wGate, x.wUp] },
      { tensor: l.wDown, parts: [x.wDown] },
    );
  });
  out.push({ tensor: b.finalNorm, parts: [w.finalNorm] });
  if (!c.tieWordEmbeddings) out.push({ tensor: b.lmHead, parts: [w.lmHead] });
  return out;
}

export type ParameterState = 'param' | 'grad' | 'm' | 'v';

/** Uploads a LlamaWeights-shaped set into one state (values, gradients or a moment) of every tensor. */
export function uploadState(
  device: GPUDevice,
  c: LlamaConfig,
  b: TrainerBuffers<GPUBuffer>,
  set: LlamaWeights,
  state: ParameterState,
): void {
  for (const { tensor, parts } of parameterParts(c, b, set)) {
    let offset = 0;
    for (const part of parts) {
      device.queue.writeBuffer(tensor[state], offset, part as Float32Array<ArrayBuffer>);
      offset += part.byteLength;
    }
  }
}

/** The RoPE tables, from the same float32 computation as llama-cpu and the CPU reference. */
export function uploadRopeTables(device: GPUDevice, c: LlamaConfig, b: TrainerBuffers<GPUBuffer>, seq: number): void {
  const { cos, sin } = ropeTables(seq, c.headDim, c.ropeTheta);
  device.queue.writeBuffer(b.ropeCos, 0, cos as Float32Array<ArrayBuffer>);
  device.queue.writeBuffer(b.ropeSin, 0, sin as Float32Array<ArrayBuffer>);
}

/**
 * Reads one state of every tensor back into a fresh LlamaWeights-shaped set, through `read`
 * (which copies a buffer's first `bytes` out), splitting the fused tensors into their parts.
 */
export async function downloadState(
  c: LlamaConfig,
  b: TrainerBuffers<GPUBuffer>,
  state: ParameterState,
  read: (buffer: GPUBuffer, bytes: number) => Promise<ArrayBuffer>,
): Promise<LlamaWeights> {
  const set = zerosLike(c);
  for (const { tensor, parts } of parameterParts(c, b, set)) {
    const data = new Float32Array(await read(tensor[state], tensor.length * 4));
    let offset = 0;
    for (const part of parts) {
      part.set(data.subarray(offset, offset + part.length));
      offset += part.length;
    }
  }
  return set;
}
