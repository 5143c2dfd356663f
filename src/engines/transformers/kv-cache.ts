import { Tensor } from '@huggingface/transformers';
import { TransformersDeviceError } from './errors.ts';

/**
 * The KV cache between append calls: one tensor per past_key_values.{i}.key/value input, each
 * (1, kvHeads, length, headDim) float32, on the CPU or (webgpu) in a GPU buffer.
 * transformers.js' DynamicCache cannot crop, so truncate builds shorter tensors here:
 * - CPU: one typed-array copy of each head's first `keep` rows;
 * - GPU: copyBufferToBuffer of each head's first `keep` rows into a fresh buffer on ORT's own
 *   GPUDevice, wrapped with Tensor.fromGpuBuffer: no readback, one queue submission for all layers.
 */

export type KvCache = Record<string, Tensor>;

/** The onnxruntime Tensor under a transformers.js Tensor, with the GPU members the types omit. */
interface OrtTensorLike {
  readonly location: string;
  readonly gpuBuffer?: GPUBuffer;
  dispose(): void;
}

interface OrtTensorClass {
  fromGpuBuffer(
    buffer: GPUBuffer,
    options: { dataType: 'float32'; dims: readonly number[]; dispose?: () => void },
  ): OrtTensorLike;
}

function ort(t: Tensor): OrtTensorLike {
  return t.ort_tensor as unknown as OrtTensorLike;
}

/** Frees the GPU buffers of a cache; CPU tensors are left to the garbage collector. */
export function disposeCache(cache: KvCache | undefined): void {
  if (!cache) return;
  for (const t of Object.values(cache)) if (t.location === 'gpu-buffer') t.dispose();
}

/** Shorter copies of every cache tensor, holding positions [0, keep). */
export function cropCache(cache: KvCache, keep: number, device: GPUDevice | undefined): KvCache {
  const tensors = Object.values(cache);
  if (tensors.every((t) => t.location === 'cpu')) return mapCache(cache, (t) => cropOnCpu(t, keep));
  if (!device)
    throw new TransformersDeviceError('the KV cache lives in GPU buffers but ONNX Runtime exposes no GPUDevice');
  const encoder = device.createCommandEncoder({ label: 'tandem kv crop' });
  const cropped = mapCache(cache, (t) => cropOnGpu(device, encoder, t, keep));
  device.queue.submit([encoder.finish()]);
  return cropped;
}

function mapCache(cache: KvCache, f: (t: Tensor) => Tensor): KvCache {
  const out: KvCache = {};
  for (const [name, t] of Object.entries(cache)) out[name] = f(t);
  return out;
}

function cropOnCpu(t: Tensor, keep: number): Tensor {
  const [batch, heads, length, headDim] = t.dims;
  const data = t.data as Float32Array; // (batch·heads, length, headDim)
  const out = new Float32Array(batch * heads * keep * headDim); // (batch·heads, keep, headDim)
  for (let h = 0; h < batch * heads; h++) {
    out.set(data.subarray(h * length * headDim, (h * length + keep) * headDim), h * keep * headDim);
  }
  return new Tensor('float32', out, [batch, heads, keep, headDim]);
}

function cropOnGpu(device: GPUDevice, encoder: GPUCommandEncoder, t: Tensor, keep: number): Tensor {
  const [batch, heads, length, headDim] = t.dims;
  const source = ort(t).gpuBuffer;
  if (!source) throw new TransformersDeviceError(`a KV cache tensor at location ${t.location} has no GPU buffer`);
  const rowBytes = headDim * Float32Array.BYTES_PER_ELEMENT;
  const target = device.createBuffer({
    label: 'tandem kv cache',
    size: batch * heads * keep * rowBytes,
    // The usages ORT gives its own tensor buffers, so the crop feeds back like a present output.
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  for (let h = 0; h < batch * heads; h++) {
    encoder.copyBufferToBuffer(source, h * length * rowBytes, target, h * keep * rowBytes, keep * rowBytes);
  }
  const TensorClass = (t.ort_tensor as unknown as { constructor: OrtTensorClass }).constructor;
  // The same class as ORT's own outputs, so transformers.js recognises it as an ONNX tensor.
  const cropped = TensorClass.fromGpuBuffer(target, {
    dataType: 'float32',
    dims: [batch, heads, keep, headDim],
    dispose: () => target.destroy(),
  });
  return new Tensor(cropped as unknown as Tensor['ort_tensor']);
}
