/**
 * The typed RPC between the page and the Tandem worker. The worker implements `TandemWorkerApi`
 * (workers/tandem-service.ts) and exposes it with Comlink; the page wraps the same type
 * (src/worker-client/). Everything here must survive structured clone: plain data only.
 */

/** The methods the worker answers. Every one returns a Promise so the in-thread and the proxied
 *  implementation have the same type. */
export interface TandemWorkerApi {
  /** Asks WebGPU for an adapter from inside the worker (where the engines will run). */
  probeGpu(): Promise<GpuReport>;
  /** What the worker can do right now. */
  status(): Promise<WorkerStatus>;
}

/** The adapter limits Tandem's engines care about (bytes or counts, as WebGPU reports them). */
export interface GpuLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupsPerDimension: number;
  maxStorageBuffersPerShaderStage: number;
}

/** Why no adapter: no `navigator.gpu`, `requestAdapter()` gave null, or it threw. */
export type GpuUnavailableCode = 'no-webgpu' | 'no-adapter' | 'request-failed';

export interface GpuAvailable {
  available: true;
  /** Best human-readable name: description, else device, else "vendor architecture". */
  adapterName: string;
  /** adapter.info as the browser exposes it; browsers may blank any of these for privacy. */
  description: string;
  vendor: string;
  architecture: string;
  device: string;
  /** A software or otherwise degraded adapter (e.g. SwiftShader). */
  isFallbackAdapter: boolean;
  /** adapter.info.subgroupMinSize/MaxSize where the browser reports them. */
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
  /** Sorted feature names. */
  features: string[];
  hasShaderF16: boolean;
  limits: GpuLimits;
}

export interface GpuUnavailable {
  available: false;
  code: GpuUnavailableCode;
  /** Plain-language explanation for the user. */
  reason: string;
  /** Technical detail (the thrown message), when there is one. */
  detail?: string;
}

export type GpuReport = GpuAvailable | GpuUnavailable;

export interface WorkerStatus {
  /** True once at least one translation model (target + tokenizer) is usable. */
  modelsInstalled: boolean;
  /** Ids of the installed translation models; empty until model support lands. */
  installedModels: string[];
  /** Whether the worker runs cross-origin isolated (SharedArrayBuffer, wasm threads). */
  crossOriginIsolated: boolean;
}
