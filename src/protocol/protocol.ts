import type { LanguageCode } from '../models/prompt.ts';
import type { SamplingParams } from '../speculative/causal-lm.ts';
import type { DraftPolicyConfig } from '../speculative/draft-policy.ts';
import type { FinishReason, GenerationStats, TokenSource } from '../speculative/events.ts';
import type { ForgeCommand, ForgeListener, ForgeReply } from './forge.ts';

/**
 * The typed RPC between the page and the Tandem worker. The worker implements `TandemWorkerApi`
 * (src/worker/tandem-service.ts) and exposes it with Comlink; the page wraps the same type
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
   * Loads a real pair (once: the same selection again returns the same info) and keeps it warm.
   * Selecting another pair disposes the old engines first (after any running translation). A
   * drafter whose vocabulary differs from the target's is refused (VocabularyMismatchError) before
   * its weights are read.
   */
  loadPair(selection: PairSelection, onProgress?: PairProgressListener): Promise<PairInfo>;
  /**
   * Translates with the demo pair (loading it first if needed), streaming events to `onEvent`
   * (a Comlink.proxy in the page). One translation at a time: a call while one runs waits for it
   * (and for any queued before it), in order. Resolves with the same record as the final 'done'
   * event.
   */
  translate(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone>;
  /**
   * Ends a translation within one step (it resolves with finishReason 'aborted'); translations
   * queued behind it then run. With a `runId`, only the request that carries that id is stopped,
   * whether it runs now or still waits its turn (the worker may be shared: the app and the
   * Translator API); without one, whatever runs now.
   */
  stop(runId?: string): Promise<void>;
  /** Answers at once: the page's heartbeat (src/worker-client/heartbeat.ts) tells a stuck worker from a busy one. */
  ping(): Promise<'pong'>;
  /**
   * The drafter forge (src/protocol/forge.ts): self-distillation, fine-tuning, measurement and
   * install of a forge job kept in IndexedDB. Long steps stream progress to `onEvent` and end when
   * done or paused; distillation and measurement share the translation queue sentence by sentence.
   */
  forge(command: ForgeCommand, onEvent?: ForgeListener): Promise<ForgeReply>;
}

/** The built-in demo pair, as the page shows it. */
export interface DemoInfo {
  id: 'demo';
  target: ModelSummary;
  drafter: ModelSummary;
  /** Where the runs happen: the plain-TypeScript reference engine, not the GPU. */
  engine: 'llama-cpu';
  loadMs: number;
  /** The drafter's engine when it differs: llama-webgpu on a real (non-fallback) GPU. */
  drafterEngine?: 'llama-cpu' | 'llama-webgpu';
}

/**
 * A real pair: registry ids ('vicuna-7b-v1.3', the web-llm target; a drafters.json id) or models
 * the user imported ('user:<id>', safetensors or ONNX, stored under /models/<id>/). A null drafter
 * means plain autoregressive decoding.
 */
export interface PairSelection {
  target: string;
  drafter: string | null;
}

/** Which runtime runs a model of a pair. */
export type EngineName =
  | 'llama-cpu'
  | 'llama-webgpu'
  | 'transformers-webgpu'
  | 'transformers-wasm'
  | 'transformers-cpu'
  | 'webllm';

export interface PairModelInfo extends ModelSummary {
  /** The selection's id ('user:tiny-target', 'vicuna-7b-v1.3'). */
  id: string;
  name: string;
  format: 'safetensors' | 'onnx' | 'mlc';
  engine: EngineName;
  /** Why that engine, in words (e.g. "WebGPU adapter SwiftShader"). */
  engineReason: string;
}

/** A web-llm target's build, picked by the adapter's features. */
export interface WebLlmBuildChoice {
  quantization: 'q4f16_1' | 'q4f32_1';
  modelId: string;
  reason: string;
}

export interface PairInfo {
  id: 'pair';
  selection: PairSelection;
  target: PairModelInfo;
  drafter: PairModelInfo | null;
  loadMs: number;
  /** Present for a web-llm target. */
  webllmBuild?: WebLlmBuildChoice;
}

/** Loading steps, for a progress line. `progress` in [0, 1] where the loader reports one. */
export interface PairLoadProgress {
  stage: 'tokenizer' | 'target' | 'drafter' | 'ready';
  text: string;
  progress?: number;
}

export type PairProgressListener = (progress: PairLoadProgress) => void;

export interface ModelSummary {
  layers: number;
  hiddenSize: number;
  vocabSize: number;
}

export type DecodeMode = 'speculative' | 'autoregressive';

/** 'race': the same input autoregressively, then speculatively, on the same warm engines. */
export type RunMode = DecodeMode | 'race';

/**
 * The longest source text one translate call takes, in UTF-16 code units. The worker splits input
 * into sentences, each with its own prompt inside the model's window, so no single call overflows
 * it; the limit bounds how long one call can hold the (single, shared) worker: about twenty pages.
 * The app's blocker and the Translator API's inputQuota both read it.
 */
export const MAX_INPUT_CHARACTERS = 50_000;

export interface TranslateRequest {
  text: string;
  from: LanguageCode;
  to: LanguageCode;
  mode: RunMode;
  /** Per segment (sentence); defaults to DEMO_MAX_NEW_TOKENS. */
  maxNewTokens?: number;
  /** How many tokens to draft per step (speculative mode); defaults to the HF heuristic. */
  draftPolicy?: DraftPolicyConfig;
  /** Greedy when absent (the paper's protocol; speculative output then equals autoregressive). */
  sampling?: SamplingParams;
  /** The pair to translate with (loaded first if it is not the warm one); absent: the demo pair. */
  pair?: PairSelection;
  /** Names this run for stop(runId); any string unique among the caller's runs. */
  runId?: string;
}

/**
 * A Tandem worker's name starts with this (`new Worker(url, { name })`); the worker holds a Web
 * Lock of its own name for as long as it lives, so the page learns of its death the moment the
 * lock is released, however it died (src/worker-client/life-lock.ts).
 */
export const WORKER_NAME_PREFIX = 'tandem-worker-';

/** The demo's output is gibberish: a short run shows the whole flow without a long wait. */
export const DEMO_MAX_NEW_TOKENS = 48;

/** The most new tokens per sentence a caller may ask for: the paper's 1 024. */
export const MAX_NEW_TOKENS = 1024;

/** One output token with the text it adds to the output (may be '' for part of a character). */
export interface StreamedToken {
  id: number;
  text: string;
  source: TokenSource;
  /**
   * Layout text that goes before this token: on the first token of a segment, the break from the
   * previous segment ('\n\n' between paragraphs, ' ' between sentences), preceded by any text the
   * previous segment's decoder held back. Never part of a token; absent on most tokens.
   */
  before?: string;
}

/** A drafted token the target turned down, as display text (tokenText: it never joins the output). */
export interface RejectedToken {
  id: number;
  text: string;
}

export interface TranslateStep {
  type: 'step';
  /** Which decoder produced it (a race streams both, one after the other). */
  lane: DecodeMode;
  /** 0-based target pass, counted across the lane's segments. */
  step: number;
  /** 0-based segment (sentence) and paragraph of the source the tokens translate. */
  segment: number;
  paragraph: number;
  /** Tokens the drafter proposed this step (the draft length policy's choice, 0 autoregressively). */
  draftLength: number;
  emitted: StreamedToken[];
  rejected: RejectedToken[];
  /** The lane's running totals over all its segments so far. */
  stats: GenerationStats;
}

/** One decoder's whole run over every segment. */
export interface LaneDone {
  type: 'lane-done';
  lane: DecodeMode;
  finishReason: FinishReason;
  stats: GenerationStats;
  /** Text the decoder held back until the end (an unfinished character); usually ''. */
  tail: string;
  /** The lane's whole output, layout included: the tokens' `before` and text in order, then `tail`. */
  text: string;
}

/** Both decoders' totals and speedup = speculative tokens/s ÷ autoregressive tokens/s (measured). */
export interface RaceResult {
  autoregressive: GenerationStats;
  speculative: GenerationStats;
  speedup: number;
}

export interface TranslateDone {
  type: 'done';
  finishReason: FinishReason;
  /** The speculative lane's totals in a race, else the one lane's. */
  stats: GenerationStats;
  tail: string;
  text: string;
  /** How many segments (sentences) the source was split into. */
  segments: number;
  /** Present when a race ran both lanes to the end. */
  race?: RaceResult;
}

export type TranslateEvent = TranslateStep | LaneDone | TranslateDone;

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
  /** Whether the worker runs cross-origin isolated (SharedArrayBuffer, wasm threads). */
  crossOriginIsolated: boolean;
  /** What is loaded and warm now: a caller that finds its model here need not load or download it. */
  loaded: { demo: boolean; pair: PairSelection | null };
}
