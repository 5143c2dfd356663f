import {
  InvalidArgumentError,
  ModelConfigError,
  ModelFileMissingError,
  TandemError,
  GpuOutOfMemoryError,
  VocabularyMismatchError,
} from '../errors.ts';
import { readLlamaConfig, type LlamaConfig } from '../llama/config.ts';
import { WebGpuUnavailableError } from '../engines/llama-webgpu/errors.ts';
import type { LoadWebLlmTargetOptions } from '../engines/webllm/index.ts';
import type { TransformersLMOptions } from '../engines/transformers/index.ts';
import { readJsonFile, type ModelSource } from '../models/model-source.ts';
import { DRAFTERS } from '../models/registry/drafters.ts';
import { WEBLLM_TARGETS, type WebLlmBuild, type WebLlmTargetEntry } from '../models/registry/webllm-targets.ts';
import { loadTokenizer, type TextTokenizer } from '../models/tokenizer.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import { chooseOnnxEngine, chooseSafetensorsEngine, chooseWebLlmBuild, type Runtime } from './engine-choice.ts';
import { disposeEngines, type LoadedPair } from './loaded-pair.ts';
import type {
  EngineName,
  GpuReport,
  PairInfo,
  PairModelInfo,
  PairProgressListener,
  PairSelection,
  WebLlmBuildChoice,
} from '../protocol/protocol.ts';

/**
 * Loads a real pair: resolves the selection's ids, reads the target's tokenizer, refuses a
 * drafter whose vocabulary differs from the target's (from config.json and tokenizer.json, before
 * any weights), then loads each model on the engine engine-choice.ts picks for this GPU.
 */

/** Room for the Vicuna prompt, a long-ish sentence and its translation (the paper's 2k context). */
export const PAIR_MAX_SEQUENCE = 2048;

/** What the LLaMA engines are built with. */
export interface LlamaLoadOptions {
  vocabId?: string;
  maxSequenceLength: number;
  /** llama-webgpu's largest draft(k). */
  maxDraft?: number;
}

/** A model folder's files (cache first in the worker, a directory in tests) and whether one exists. */
export interface FolderSource extends ModelSource {
  has(name: string): Promise<boolean>;
}

/** The engines' loaders, injected so tests can count calls and disposals (defaults: engines.ts). */
export interface EngineLoaders {
  llamaCpu(source: ModelSource, options: LlamaLoadOptions): Promise<CausalLM>;
  llamaWebGpu(source: ModelSource, options: LlamaLoadOptions): Promise<CausalLM>;
  transformers(options: TransformersLMOptions): Promise<CausalLM>;
  webllm(options: LoadWebLlmTargetOptions): Promise<{ target: CausalLM }>;
}

export interface PairLoaderDeps {
  /** The worker's own GPU probe. */
  gpu: GpuReport;
  runtime: Runtime;
  /** The files of /models/<modelId>/. */
  source(modelId: string): FolderSource;
  /**
   * A web-llm build's MLC folder (its tokenizer.json and mlc-chat-config.json), where web-llm keeps
   * it; absent: /models/<modelId>/resolve/main/ through `source`.
   */
  webllmFolder?(build: WebLlmBuild): ModelSource;
  /** What transformers.js loads an ONNX model from: '/models/<id>' in the worker, a directory in Node. */
  onnxFolder(modelId: string): string;
  engines: EngineLoaders;
  now?: () => number;
}

/** One id of a selection, resolved. */
export type ModelRef =
  | { kind: 'webllm'; id: string; name: string; entry: WebLlmTargetEntry }
  | { kind: 'folder'; id: string; name: string; modelId: string };

const USER_PREFIX = 'user:';

export function resolveModelId(id: string): ModelRef {
  if (id.startsWith(USER_PREFIX)) {
    const modelId = id.slice(USER_PREFIX.length);
    if (!/^[a-z0-9._-]+$/.test(modelId))
      throw new InvalidArgumentError(`"${id}" is not an imported model's id (user:<[a-z0-9._-]>)`);
    return { kind: 'folder', id, name: `${modelId} (imported)`, modelId };
  }
  const target = WEBLLM_TARGETS.find((t) => t.id === id);
  if (target) return { kind: 'webllm', id, name: target.name, entry: target };
  const drafter = DRAFTERS.find((d) => d.id === id);
  if (drafter) return { kind: 'folder', id, name: drafter.name, modelId: drafter.id };
  const known = [...WEBLLM_TARGETS.map((t) => t.id), ...DRAFTERS.map((d) => d.id)].join(', ');
  throw new InvalidArgumentError(`no model "${id}": use a registry id (${known}) or an imported model (user:<id>)`);
}

/** A stable key of a selection: equal keys are the same pair. */
export function pairKey(selection: PairSelection): string {
  return JSON.stringify([selection.target, selection.drafter]);
}

type FolderFormat = 'safetensors' | 'onnx';

interface Facts {
  ref: ModelRef;
  format: FolderFormat | 'mlc';
  /** config.json's vocab_size (the registry's for a web-llm target). */
  vocabSize: number;
  config?: LlamaConfig;
  rawConfig?: Record<string, unknown>;
}

/** A loaded real pair: its info is a PairInfo. */
export type RealPair = LoadedPair & { info: PairInfo };

export async function loadPair(
  selection: PairSelection,
  deps: PairLoaderDeps,
  onProgress: PairProgressListener = () => {},
): Promise<RealPair> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const targetRef = resolveModelId(selection.target);
  const drafterRef = selection.drafter === null ? null : resolveModelId(selection.drafter);
  if (drafterRef?.kind === 'webllm')
    throw new InvalidArgumentError(`${drafterRef.name} is a target; it cannot be the drafter`);
  if (drafterRef && drafterRef.id === targetRef.id)
    throw new InvalidArgumentError(`the drafter cannot be the target itself (${targetRef.id})`);

  // 1. What the models are, and their vocabularies, before any weights.
  onProgress({ stage: 'tokenizer', text: `Reading ${targetRef.name}'s tokenizer…` });
  const [target, build] =
    targetRef.kind === 'webllm' ? await webllmFacts(targetRef, deps) : [await folderFacts(targetRef, deps), undefined];
  const tokenizer = await loadTokenizer(tokenizerSource(target, deps));
  const drafter = drafterRef ? await folderFacts(drafterRef, deps) : null;
  if (drafter) await checkVocabularies(target, tokenizer, drafter, deps);

  // 2. The engines: target, then drafter (a failed drafter frees the loaded target).
  onProgress({ stage: 'target', text: `Loading ${targetRef.name}…` });
  const targetModel = await loadModel(target, tokenizer.vocabId, deps, build?.modelId, onProgress);
  let drafterModel: LoadedModel | null = null;
  if (drafter) {
    onProgress({ stage: 'drafter', text: `Loading ${drafter.ref.name}…` });
    try {
      drafterModel = await loadModel(drafter, tokenizer.vocabId, deps, undefined, onProgress);
    } catch (error) {
      await disposeEngines(targetModel.model).catch(() => {});
      throw error;
    }
  }
  const info: PairInfo = {
    id: 'pair',
    selection: { ...selection },
    target: describe(target, targetModel),
    drafter: drafter && drafterModel ? describe(drafter, drafterModel) : null,
    loadMs: now() - started,
    ...(build ? { webllmBuild: build } : {}),
  };
  onProgress({ stage: 'ready', text: 'Ready.', progress: 1 });
  const eosTokenIds = target.config?.eosTokenIds.length
    ? target.config.eosTokenIds
    : eosOf(target.rawConfig, tokenizer);
  return {
    target: targetModel.model,
    drafter: drafterModel?.model ?? null,
    tokenizer,
    eosTokenIds,
    info,
    dispose: () => disposeEngines(targetModel.model, drafterModel?.model ?? null),
  };
}

async function webllmFacts(
  ref: Extract<ModelRef, { kind: 'webllm' }>,
  deps: PairLoaderDeps,
): Promise<[Facts, WebLlmBuildChoice]> {
  const { gpu } = deps;
  if (!gpu.available) {
    throw new WebGpuUnavailableError(`${ref.name} runs on web-llm, which needs WebGPU: ${gpu.reason}`);
  }
  const { choice } = chooseWebLlmBuild(ref.entry, gpu);
  // The MLC config's model_config has the layer count and width; only for PairInfo, so optional.
  let rawConfig: Record<string, unknown> = {};
  try {
    const mlc = (await readJsonFile(mlcFolder(ref.entry, deps), 'mlc-chat-config.json')) as {
      model_config?: Record<string, unknown>;
    };
    rawConfig = mlc.model_config ?? {};
  } catch {
    // web-llm reports a missing config itself when it loads.
  }
  return [{ ref, format: 'mlc', vocabSize: ref.entry.vocabSize, rawConfig }, choice];
}

async function folderFacts(ref: ModelRef, deps: PairLoaderDeps): Promise<Facts> {
  const modelId = (ref as Extract<ModelRef, { kind: 'folder' }>).modelId;
  const source = deps.source(modelId);
  const format = await folderFormat(source, modelId);
  if (format === 'safetensors') {
    const config = await readLlamaConfig(source);
    return { ref, format, vocabSize: config.vocabSize, config };
  }
  const raw = (await readJsonFile(source, 'config.json')) as Record<string, unknown> | null;
  const vocabSize = raw?.vocab_size;
  if (typeof vocabSize !== 'number' || !Number.isSafeInteger(vocabSize) || vocabSize <= 0) {
    throw new ModelConfigError(
      `config.json in ${source.description}: "vocab_size" must be a positive integer, got ${JSON.stringify(vocabSize)}`,
    );
  }
  return { ref, format, vocabSize, rawConfig: raw ?? {} };
}

/** Safetensors when the folder has them (as the model manager lists it), else ONNX. */
async function folderFormat(source: FolderSource, modelId: string): Promise<FolderFormat> {
  if ((await source.has('model.safetensors')) || (await source.has('model.safetensors.index.json')))
    return 'safetensors';
  if (await source.has('onnx/model.onnx')) return 'onnx';
  if (!(await source.has('config.json'))) {
    // Not even a config: the model is simply not there (not downloaded, deleted, or offline).
    await source.readFile('config.json'); // throws the source's ModelFileMissingError, with its words
  }
  throw new ModelFileMissingError(
    `model "${modelId}" has neither model.safetensors nor onnx/model.onnx in ${source.description}`,
  );
}

function tokenizerSource(target: Facts, deps: PairLoaderDeps): ModelSource {
  if (target.ref.kind === 'folder') return deps.source(target.ref.modelId);
  return mlcFolder(target.ref.entry, deps);
}

/** The MLC folder of the build this GPU gets: web-llm's caches in the worker, else /models/<id>/resolve/main/. */
function mlcFolder(entry: WebLlmTargetEntry, deps: PairLoaderDeps): ModelSource {
  const { build } = chooseWebLlmBuild(entry, deps.gpu);
  if (deps.webllmFolder) return deps.webllmFolder(build);
  // An MLC folder keeps its files under resolve/main/ (web-llm's layout); tokenizer.json is among them.
  const folder = deps.source(build.modelId);
  return {
    description: `${folder.description}resolve/main/`,
    readFile: (name) => folder.readFile(`resolve/main/${name}`),
  };
}

/**
 * Sizes first (the config's vocab_size is the engines' output width), then, when the drafter has a
 * tokenizer.json of its own, the vocabulary's identity: same size with other tokens is no match.
 */
async function checkVocabularies(
  target: Facts,
  tokenizer: TextTokenizer,
  drafter: Facts,
  deps: PairLoaderDeps,
): Promise<void> {
  const t = target.ref.name;
  const d = drafter.ref.name;
  if (drafter.vocabSize !== target.vocabSize) {
    throw new VocabularyMismatchError(
      `the drafter ${d} has a ${drafter.vocabSize}-token vocabulary but the target ${t} has ${target.vocabSize}: ` +
        "token ids would not mean the same thing. Pick a drafter trained with the target's tokenizer.",
    );
  }
  if (drafter.ref.kind !== 'folder') return;
  const source = deps.source(drafter.ref.modelId);
  if (!(await source.has('tokenizer.json'))) return;
  const own = await loadTokenizer(source);
  if (own.vocabId !== tokenizer.vocabId) {
    throw new VocabularyMismatchError(
      `the drafter ${d}'s tokenizer (${own.vocabId}) differs from the target ${t}'s (${tokenizer.vocabId}) although both ` +
        "have the same size. Pick a drafter trained with the target's tokenizer.",
    );
  }
}

interface LoadedModel {
  model: CausalLM;
  engine: EngineName;
  reason: string;
}

async function loadModel(
  facts: Facts,
  vocabId: string,
  deps: PairLoaderDeps,
  webllmModelId: string | undefined,
  onProgress: PairProgressListener,
): Promise<LoadedModel> {
  const { ref } = facts;
  try {
    if (ref.kind === 'webllm') {
      const { build, choice } = chooseWebLlmBuild(ref.entry, deps.gpu);
      const loaded = await deps.engines.webllm({
        modelUrl: build.modelPath,
        modelLib: build.modelLib,
        modelId: webllmModelId ?? build.modelId,
        computeDtype: build.computeDtype,
        requiredFeatures: build.requiredFeatures,
        contextWindowSize: ref.entry.contextWindowSize,
        vocabId,
        onProgress: (report) => onProgress({ stage: 'target', text: report.text, progress: report.progress }),
      });
      return { model: loaded.target, engine: 'webllm', reason: `web-llm, ${choice.reason}` };
    }
    const maxSequenceLength = Math.min(PAIR_MAX_SEQUENCE, facts.config?.maxPositionEmbeddings ?? PAIR_MAX_SEQUENCE);
    if (facts.format === 'safetensors') {
      const { engine, reason } = chooseSafetensorsEngine(deps.gpu);
      const source = deps.source(ref.modelId);
      const load = engine === 'llama-webgpu' ? deps.engines.llamaWebGpu : deps.engines.llamaCpu;
      const options =
        engine === 'llama-webgpu'
          ? { vocabId, maxSequenceLength, maxDraft: MAX_DRAFT_LENGTH }
          : { vocabId, maxSequenceLength };
      return { model: await load(source, options), engine, reason };
    }
    const { engine, reason } = chooseOnnxEngine(deps.gpu, deps.runtime);
    const device = engine === 'transformers-webgpu' ? 'webgpu' : engine === 'transformers-wasm' ? 'wasm' : 'cpu';
    const model = await deps.engines.transformers({
      folder: deps.onnxFolder(ref.modelId),
      device,
      vocabId,
      maxSequenceLength,
    });
    return { model, engine, reason };
  } catch (error) {
    throw typedLoadError(error, ref.name);
  }
}

/**
 * Engine failures as the errors the UI explains: Tandem's typed errors pass unchanged; a WebGPU
 * out-of-memory becomes GpuOutOfMemoryError, a failed fetch ModelFileMissingError; anything else
 * keeps its class and gains the model's name.
 */
export function typedLoadError(error: unknown, modelName: string): Error {
  if (error instanceof TandemError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'GPUOutOfMemoryError' || /out of memory/i.test(message)) {
    return new GpuOutOfMemoryError(`loading ${modelName} ran out of GPU memory: ${message}`, { cause: error });
  }
  if (/failed to fetch|networkerror|load failed/i.test(message)) {
    return new ModelFileMissingError(`could not fetch a file of ${modelName}: ${message}`, { cause: error });
  }
  if (error instanceof Error) {
    error.message = `loading ${modelName} failed: ${message}`;
    return error;
  }
  return new Error(`loading ${modelName} failed: ${message}`);
}

function describe(facts: Facts, loaded: LoadedModel): PairModelInfo {
  const config = facts.config;
  const raw = facts.rawConfig ?? {};
  const int = (key: string): number => (typeof raw[key] === 'number' ? (raw[key] as number) : 0);
  return {
    id: facts.ref.id,
    name: facts.ref.name,
    format: facts.format,
    engine: loaded.engine,
    engineReason: loaded.reason,
    layers: config?.numLayers ?? int('num_hidden_layers'),
    hiddenSize: config?.hiddenSize ?? int('hidden_size'),
    vocabSize: loaded.model.vocabSize,
  };
}

function eosOf(raw: Record<string, unknown> | undefined, tokenizer: TextTokenizer): number[] {
  const eos = raw?.eos_token_id;
  if (typeof eos === 'number') return [eos];
  if (Array.isArray(eos) && eos.every((e) => typeof e === 'number')) return eos as number[];
  return [tokenizer.eosId];
}
