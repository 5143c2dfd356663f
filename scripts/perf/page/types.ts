/**
 * What crosses between `npm run perf` (Node), the perf page and its Worker: plain records only.
 * The Node side turns the raw samples into the table and charts (scripts/perf/), so the page does
 * no reporting and the reports can be unit-tested without a browser.
 */

/** The source languages of the paper's Table 1, in its column order. */
export const PAIRS = ['de', 'fr', 'ru', 'ja', 'zh'] as const;
export type Pair = (typeof PAIRS)[number];

/** A Spec-Bench question, already split into the user turn the target sees. */
export interface PerfPrompt {
  questionId: string;
  /** The Spec-Bench turn verbatim ("Translate German to English:<src>"), wrapped by vicunaPrompt in the page. */
  turn: string;
}

/** A drafter: per-language ('de' … 'zh', used for its own pair) or generic (any other name, used for every pair). */
export interface DrafterSpec {
  name: string;
  /** Folder URL of an HF LLaMA checkpoint (config.json, model.safetensors, tokenizer files). */
  url: string;
}

export type TargetSpec = { kind: 'fixture'; url: string } | { kind: 'webllm'; modelUrl: string; modelLib: string };

export interface PerfConfig {
  target: TargetSpec;
  drafters: DrafterSpec[];
  /** Which engine hosts the drafters. */
  drafterEngine: 'llama-webgpu' | 'llama-cpu';
  /** Policy specs as given on the command line: 'fixed:5', 'heuristic', 'confidence' (or 'confidence:0.4'). */
  policies: string[];
  prompts: Partial<Record<Pair, PerfPrompt[]>>;
  maxNewTokens: number;
  temperature: 0 | 1;
  /** Run every drafter on every pair's prompts (the paper's input-domain experiment). */
  matrix: boolean;
}

export interface SampleRecord {
  pair: Pair;
  questionId: string;
  /** 'autoregressive' or `<drafter> · <policy>`. */
  method: string;
  drafter: string | null;
  policy: string | null;
  /** True in --matrix runs of a per-language drafter on another language's prompts. */
  crossDomain: boolean;
  promptTokens: number;
  outputTokens: number[];
  tokensPerSecond: number;
  /** τ: tokens emitted per target pass. */
  tau: number;
  /** α: per-token acceptance rate. */
  alpha: number;
  draftMs: number;
  verifyMs: number;
  prefillMs: number;
  totalMs: number;
  targetPasses: number;
  /** Accepted drafts per speculative step (empty for autoregressive). */
  acceptedLengths: number[];
  /** Compared with the autoregressive output of the same prompt: null when not compared (T=1). */
  matchesAutoregressive: boolean | null;
  /** The first differing position and what kind of flip it is, for mismatches. */
  mismatch?: MismatchInfo;
}

export interface MismatchInfo {
  position: number;
  autoregressiveToken: number;
  speculativeToken: number;
  /** |logit(ar) − logit(spec)| at that position in a fresh target pass; null if not measured. */
  gap: number | null;
  /** A gap below the self-check's ε: a reduction-order flip of nearly tied logits, not a bug. */
  nearTie: boolean | null;
}

export interface EngineInfo {
  role: 'target' | 'drafter';
  name: string;
  engine: string;
  /** GPU buffer bytes the engine allocated; null where the engine does not say (or runs on the CPU). */
  gpuBufferBytes: number | null;
  note?: string;
}

export interface PerfRunResult {
  adapter: string;
  fallbackAdapter: boolean;
  userAgent: string;
  engines: EngineInfo[];
  /** The web-llm target's self-check, as text, when it ran. */
  selfCheck?: string;
  /** ε used to label greedy flips as near-ties; null when there is no such notion (exact CPU target). */
  nearTieEpsilon: number | null;
  samples: SampleRecord[];
  warmupSamples: number;
}

export type WorkerRequest = { kind: 'run'; config: PerfConfig };

export type WorkerReply =
  | { kind: 'progress'; line: string }
  | { kind: 'sample'; sample: SampleRecord }
  | { kind: 'done'; result: PerfRunResult }
  | { kind: 'error'; error: { name: string; message: string; stack?: string } };
