import type { GpuLimits, GpuReport, GpuUnavailable } from '../protocol/protocol.ts';

/*
 * Just enough of the WebGPU types for a probe. TypeScript's DOM lib has no WebGPU yet and the
 * project does not depend on @webgpu/types; these structural types match both.
 */
export interface ProbeAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter?: boolean;
  readonly subgroupMinSize?: number;
  readonly subgroupMaxSize?: number;
}

export interface ProbeAdapter {
  readonly info: ProbeAdapterInfo;
  readonly features: ReadonlySet<string>;
  readonly limits: Readonly<Record<keyof GpuLimits, number>>;
  /** Older Chromium put the flag on the adapter rather than on adapter.info. */
  readonly isFallbackAdapter?: boolean;
}

export interface ProbeGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<ProbeAdapter | null>;
}

/** `navigator.gpu` of the current global (window or worker), if the browser has WebGPU. */
export function currentGpu(): ProbeGpu | undefined {
  const nav = (globalThis as { navigator?: { gpu?: ProbeGpu } }).navigator;
  return nav?.gpu ?? undefined;
}

const LIMIT_KEYS: readonly (keyof GpuLimits)[] = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

/** Requests a high-performance adapter and describes it; never throws. */
export async function probeGpu(gpu: ProbeGpu | undefined): Promise<GpuReport> {
  if (!gpu) {
    return unavailable(
      'no-webgpu',
      'This browser has no WebGPU, so Tandem cannot run models here. Use a recent Chrome or Edge ' +
        '(or Chromium started with --enable-unsafe-webgpu).',
    );
  }
  let adapter: ProbeAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return unavailable(
      'request-failed',
      'WebGPU is present, but asking it for a GPU failed.',
      error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    );
  }
  if (!adapter) {
    return unavailable(
      'no-adapter',
      'WebGPU is present, but it offered no GPU. It may be switched off or blocked for this ' + 'graphics driver.',
    );
  }
  return describeAdapter(adapter);
}

export function describeAdapter(adapter: ProbeAdapter): GpuReport {
  const { info } = adapter;
  const features = [...adapter.features].sort();
  return {
    available: true,
    adapterName: adapterName(info),
    description: info.description,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    ...(info.subgroupMinSize !== undefined && { subgroupMinSize: info.subgroupMinSize }),
    ...(info.subgroupMaxSize !== undefined && { subgroupMaxSize: info.subgroupMaxSize }),
    features,
    hasShaderF16: adapter.features.has('shader-f16'),
    limits: readLimits(adapter.limits),
  };
}

/** Browsers blank description and device unless developer features are on: fall back to vendor. */
export function adapterName(info: ProbeAdapterInfo): string {
  if (info.description) return info.description;
  if (info.device) return info.device;
  const vendorArch = [info.vendor, info.architecture].filter(Boolean).join(' ');
  return vendorArch || 'unnamed GPU';
}

function readLimits(limits: ProbeAdapter['limits']): GpuLimits {
  const out = {} as GpuLimits;
  for (const key of LIMIT_KEYS) out[key] = Number(limits[key]);
  return out;
}

function unavailable(code: GpuUnavailable['code'], reason: string, detail?: string): GpuUnavailable {
  return detail === undefined ? { available: false, code, reason } : { available: false, code, reason, detail };
}
