import { create, globals } from 'webgpu';
import { GpuContext } from '../../../src/engines/llama-webgpu/gpu.ts';
import { TimestampTap } from './timestamps.ts';

/**
 * WebGPU in Node through Dawn (the `webgpu` package's dawn.node): one adapter, one device with every
 * feature the checks use, and two engine contexts on it (f32 weights, and f16 weights where the
 * adapter has shader-f16), so f32 and f16 engines share the device the way the app's do.
 */

export interface GpuSetup {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** 'core', or 'compatibility' when no core adapter was offered. */
  featureLevel: 'core' | 'compatibility';
  /** Engine contexts: `f16` only where the adapter has shader-f16. */
  contexts: { f32: GpuContext; f16?: GpuContext };
  /** A CPU-emulated adapter (lavapipe, SwiftShader): the engine picks its barrier-free matmul. */
  emulated: boolean;
  timestamps: TimestampTap | undefined;
  dawnOptions: string[];
}

/**
 * Dawn's toggles: timestamps unquantized (Dawn rounds them to 100 µs by default, which would hide a
 * drafter step), on top of the caller's `--dawn` options.
 */
export const DEFAULT_DAWN_OPTIONS = ['disable-dawn-features=timestamp_quantization'];

// The GPU object owns Dawn's instance. If it is garbage-collected while a device is still in use,
// Dawn's event processing touches the freed instance and the process crashes (seen on lavapipe as
// random futex/mutex aborts and segfaults in CallbackTaskManager::Flush). Hold it until release.
const liveInstances = new Set<GPU>();

export function releaseGpu(): void {
  liveInstances.clear();
}

export async function openGpu(extraOptions: readonly string[] = []): Promise<GpuSetup> {
  Object.assign(globalThis, globals);
  const dawnOptions = [...DEFAULT_DAWN_OPTIONS, ...extraOptions];
  const gpu = create(dawnOptions);
  liveInstances.add(gpu);
  let featureLevel: GpuSetup['featureLevel'] = 'core';
  let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    featureLevel = 'compatibility';
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel: 'compatibility' });
  }
  if (!adapter) {
    throw new Error(
      'Dawn found no WebGPU adapter: no Vulkan driver it accepts (see the warnings above; run.sh prints the ICD files it found)',
    );
  }
  const wanted: GPUFeatureName[] = ['shader-f16', 'timestamp-query', 'subgroups'];
  const device = await adapter.requestDevice({
    label: 'tandem gpu-kit device',
    requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    },
  });
  device.addEventListener('uncapturederror', (event) => {
    console.error(`uncaptured WebGPU error: ${(event as GPUUncapturedErrorEvent).error.message}`);
  });
  const emulated = adapter.info.isFallbackAdapter || ['swiftshader', 'software'].includes(adapter.info.architecture);
  const hasF16 = device.features.has('shader-f16');
  return {
    adapter,
    device,
    featureLevel,
    contexts: {
      f32: new GpuContext(device, false, emulated),
      ...(hasF16 ? { f16: new GpuContext(device, true, emulated) } : {}),
    },
    emulated,
    timestamps: TimestampTap.install(device),
    dawnOptions,
  };
}

/** "NVIDIA H100 80GB HBM3 (nvidia, hopper), Vulkan driver …". */
export function describeAdapter(adapter: GPUAdapter): string {
  const i = adapter.info;
  const name = i.description || i.device || 'unnamed adapter';
  const detail = [i.vendor, i.architecture].filter(Boolean).join(', ');
  return `${name}${detail ? ` (${detail})` : ''}${i.isFallbackAdapter ? ' [fallback/software adapter]' : ''}`;
}
