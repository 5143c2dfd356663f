import { DeviceLostError, WebGpuUnavailableError } from './errors.ts';

/**
 * The engine's handle on its GPUDevice: every queue submission and every readback goes through
 * here, so that they are counted (the benchmark reports the counts, it does not assume them) and so
 * that a lost device turns into a DeviceLostError instead of a hang or a generic OperationError.
 */
export class GpuContext {
  /** queue.submit calls and mapAsync readbacks since creation (instrumentation). */
  readonly counters = { submits: 0, readbacks: 0 };
  private lostInfo: GPUDeviceLostInfo | undefined;
  private readonly lost: Promise<GPUDeviceLostInfo>;

  constructor(
    readonly device: GPUDevice,
    readonly hasF16: boolean,
    /** A CPU-emulated adapter (SwiftShader): kernels pick barrier-free variants there. */
    readonly emulated = false,
  ) {
    this.lost = device.lost.then((info) => {
      this.lostInfo = info;
      return info;
    });
  }

  get isLost(): boolean {
    return this.lostInfo !== undefined;
  }

  assertAlive(): void {
    if (this.lostInfo) throw lostError(this.lostInfo);
  }

  submit(commands: GPUCommandBuffer): void {
    this.assertAlive();
    this.counters.submits++;
    this.device.queue.submit([commands]);
  }

  /** Maps `buffer` for reading and returns a copy of bytes [0, size). */
  async readback(buffer: GPUBuffer, size: number): Promise<ArrayBuffer> {
    this.counters.readbacks++;
    try {
      await buffer.mapAsync(GPUMapMode.READ, 0, size);
    } catch (error) {
      // A mapAsync rejected by device loss can settle before device.lost does: give it a moment.
      const info = this.lostInfo ?? (await Promise.race([this.lost, delay(1000)]));
      if (info) throw lostError(info);
      throw error;
    }
    const copy = buffer.getMappedRange(0, size).slice(0);
    buffer.unmap();
    return copy;
  }
}

function lostError(info: GPUDeviceLostInfo): DeviceLostError {
  return new DeviceLostError(
    `the GPU device was lost (${info.reason || 'unknown reason'}${info.message ? `: ${info.message}` : ''}); ` +
      'the engine cannot be used any more: load it again to get a new device',
  );
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

export interface DeviceRequest {
  /** 'auto' (default): f16 weights when the adapter has shader-f16; 'f32': never. */
  precision?: 'auto' | 'f32' | 'f16';
  powerPreference?: GPUPowerPreference;
}

/**
 * Requests an adapter and a device of its own for the engine, asking for the adapter's largest
 * buffer limits (the defaults, 128/256 MiB, are too small for a 32 000-row LM head in f32 on some
 * models) and for shader-f16 when wanted and available.
 */
export async function requestGpu(request: DeviceRequest = {}): Promise<GpuContext> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new WebGpuUnavailableError('WebGPU is not available here (navigator.gpu is undefined)');
  const adapter = await gpu.requestAdapter({ powerPreference: request.powerPreference ?? 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('navigator.gpu.requestAdapter() returned null: no usable GPU adapter');
  const precision = request.precision ?? 'auto';
  const adapterF16 = adapter.features.has('shader-f16');
  if (precision === 'f16' && !adapterF16) {
    throw new WebGpuUnavailableError('precision "f16" was requested but the adapter has no shader-f16 feature');
  }
  const useF16 = precision !== 'f32' && adapterF16;
  const device = await adapter.requestDevice({
    label: 'llama-webgpu device',
    requiredFeatures: useF16 ? ['shader-f16'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  const emulated = adapter.info.isFallbackAdapter || adapter.info.architecture === 'swiftshader';
  return new GpuContext(device, useF16, emulated);
}
