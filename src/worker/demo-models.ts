import { loadLlamaCpu, type LlamaCpu } from '../engines/llama-cpu/index.ts';
import { urlFolderSource, type ModelSource } from '../models/model-source.ts';
import { loadTokenizer, type TextTokenizer } from '../models/tokenizer.ts';
import { readLlamaConfig, type LlamaConfig } from '../llama/config.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { chooseDemoDrafterEngine } from './engine-choice.ts';
import { defaultEngineLoaders } from './engines.ts';
import { disposeEngines, type LoadedPair } from './loaded-pair.ts';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import type { LlamaLoadOptions } from './pair-loader.ts';
import type { DemoInfo, GpuReport, ModelSummary } from '../protocol/protocol.ts';

/** Where the demo pair's files come from; tests read the fixture folders from disk instead. */
export interface DemoSources {
  target: ModelSource;
  drafter: ModelSource;
}

/** The fixture models the build ships under public/models/ (served at /models/ by Vite). */
export function defaultDemoSources(): DemoSources {
  return { target: urlFolderSource('/models/tiny-target/'), drafter: urlFolderSource('/models/tiny-drafter/') };
}

export interface DemoPair extends LoadedPair {
  target: LlamaCpu;
  drafter: CausalLM;
  tokenizer: TextTokenizer;
  info: DemoInfo;
}

/** Loads the demo's drafter on Tandem's WebGPU engine (a real GPU only; see chooseDemoDrafterEngine). */
export type DemoWebGpuLoader = (source: ModelSource, options: LlamaLoadOptions) => Promise<CausalLM>;

/** Room for the Vicuna prompt, a long-ish source text and the output; the KV cache is tiny. */
const DEMO_MAX_SEQUENCE = 2048;

export interface DemoLoadOptions {
  now?: () => number;
  /** The worker's GPU probe: on a real (non-fallback) GPU the demo's drafter runs on llama-webgpu. */
  gpu?: GpuReport;
  webgpu?: DemoWebGpuLoader;
}

export async function loadDemoPair(sources: DemoSources, options: DemoLoadOptions = {}): Promise<DemoPair> {
  const { now = () => performance.now(), gpu, webgpu = defaultEngineLoaders.llamaWebGpu } = options;
  const started = now();
  const tokenizer = await loadTokenizer(sources.target);
  // vocabId ties both engines to the tokenizer, so the loop refuses a mismatched drafter.
  const engineOptions = { vocabId: tokenizer.vocabId, maxSequenceLength: DEMO_MAX_SEQUENCE };
  const onGpu = gpu !== undefined && chooseDemoDrafterEngine(gpu).engine === 'llama-webgpu';
  const [target, drafterConfig, drafter] = await Promise.all([
    loadLlamaCpu(sources.target, engineOptions),
    readLlamaConfig(sources.drafter),
    onGpu
      ? webgpu(sources.drafter, { ...engineOptions, maxDraft: MAX_DRAFT_LENGTH })
      : loadLlamaCpu(sources.drafter, engineOptions),
  ]);
  const info: DemoInfo = {
    id: 'demo',
    target: summarize(target.config, target.vocabSize),
    drafter: summarize(drafterConfig, drafter.vocabSize),
    engine: 'llama-cpu',
    loadMs: now() - started,
    ...(onGpu ? { drafterEngine: 'llama-webgpu' as const } : {}),
  };
  return {
    target,
    drafter,
    tokenizer,
    eosTokenIds: target.config.eosTokenIds,
    info,
    dispose: () => disposeEngines(target, drafter),
  };
}

function summarize(config: LlamaConfig, vocabSize: number): ModelSummary {
  return { layers: config.numLayers, hiddenSize: config.hiddenSize, vocabSize };
}
