import type { LanguageCode } from '../src/models/prompt.ts';
import type { DraftPolicyConfig } from '../src/spec/draft-policy.ts';
import type { FinishReason, GenerationStats, TokenSource } from '../src/spec/events.ts';

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
  /** Loads the demo pair (tiny random target + drafter, CPU reference engine) once; later calls
   *  return the same info without reloading. */
  loadDemo(): Promise<DemoInfo>;
  /**
   * Translates with the demo pair (loading it first if needed), streaming events to `onEvent`
   * (a Comlink.proxy in the page). One translation at a time: a second call while one runs
   * rejects with TranslatorBusyError. Resolves with the same record as the final 'done' event.
   */
  translate(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone>;
  /** Ends the running translation within one step (it resolves with finishReason 'aborted'). */
  stop(): Promise<void>;
}

/** The built-in demo pair, as the page shows it. */
export interface DemoInfo {
  id: 'demo';
  target: ModelSummary;
  drafter: ModelSummary;
  /** Where the runs happen: the plain-TypeScript reference engine, not the GPU. */
  engine: 'llama-cpu';
  loadMs: number;
}

export interface ModelSummary {
  layers: number;
  hiddenSize: number;
  vocabSize: number;
}

export type DecodeMode = 'speculative' | 'autoregressive';

export interface TranslateRequest {
  text: string;
  from: LanguageCode;
  to: LanguageCode;
  mode: DecodeMode;
  /** Defaults to DEMO_MAX_NEW_TOKENS. */
  maxNewTokens?: number;
  /** How many tokens to draft per step (speculative mode); defaults to the HF heuristic. */
  draftPolicy?: DraftPolicyConfig;
}

/** The demo's output is gibberish: a short run shows the whole flow without a long wait. */
export const DEMO_MAX_NEW_TOKENS = 48;

/** One output token with the text it adds to the output (may be '' for part of a character). */
export interface StreamedToken {
  id: number;
  text: string;
  source: TokenSource;
}

/** A drafted token the target turned down, as display text (tokenText: it never joins the output). */
export interface RejectedToken {
  id: number;
  text: string;
}

export interface TranslateStep {
  type: 'step';
  /** 0-based target pass. */
  step: number;
  emitted: StreamedToken[];
  rejected: RejectedToken[];
  stats: GenerationStats;
}

export interface TranslateDone {
  type: 'done';
  finishReason: FinishReason;
  stats: GenerationStats;
  /** Text the decoder held back until the end (an unfinished character); usually ''. */
  tail: string;
  /** The whole output: the emitted token texts in order, then `tail`. */
  text: string;
}

export type TranslateEvent = TranslateStep | TranslateDone;

export type TranslateListener = (event: TranslateEvent) => void;

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
