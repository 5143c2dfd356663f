import { AutoConfig, AutoModelForCausalLM, env, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { InvalidArgumentError, ModelConfigError, ModelFileMissingError } from '../../errors.ts';
import type { CausalLM, LogitsWanted } from '../../speculative/causal-lm.ts';
import { TransformersDeviceError } from './errors.ts';
import { cropCache, disposeCache, type KvCache } from './kv-cache.ts';
import { configureOfflineRuntime, type OfflineRuntimeOptions } from './runtime.ts';
import { checkSignature, type SessionSignature } from './signature.ts';
import { assertFeedable, assertTruncateLength } from '../cache-checks.ts';

/**
 * A CausalLM over an ONNX decoder run by @huggingface/transformers (onnxruntime underneath):
 * every call is one `model.forward` with the fed tokens, explicit position ids and the cache of
 * the previous calls; the present.* outputs become the next cache. Logits come back for every fed
 * position (the graph has no num_logits_to_keep), so 'all' costs no extra pass.
 */

export type TransformersDevice = 'webgpu' | 'wasm' | 'cpu';

export interface TransformersLMOptions {
  /**
   * The model folder (config.json, onnx/model.onnx, …): a directory in Node, a same-origin path
   * such as '/models/tiny-drafter' in the page. Absolute http(s) URLs are refused (offline).
   */
  folder: string;
  /** Default: 'cpu' in Node; in the page 'webgpu' when an adapter exists, else 'wasm'. */
  device?: TransformersDevice;
  /** Identity of the vocabulary; see CausalLM.vocabId. */
  vocabId?: string;
  /** Cache capacity in positions; defaults to config.json's max_position_embeddings. */
  maxSequenceLength?: number;
  runtime?: OfflineRuntimeOptions;
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

export class TransformersLM implements CausalLM {
  readonly vocabSize: number;
  readonly vocabId?: string;
  readonly device: TransformersDevice;
  readonly maxSequenceLength: number;
  private readonly model: PreTrainedModel;
  private past: KvCache | undefined; // undefined: empty, transformers.js builds zero-length inputs
  private cached = 0;

  constructor(
    model: PreTrainedModel,
    device: TransformersDevice,
    vocabSize: number,
    maxSequenceLength: number,
    vocabId?: string,
  ) {
    this.model = model;
    this.device = device;
    this.vocabSize = vocabSize;
    this.maxSequenceLength = maxSequenceLength;
    if (vocabId !== undefined) this.vocabId = vocabId;
  }

  get length(): number {
    return this.cached;
  }

  async append(tokens: readonly number[], wanted: LogitsWanted = 'last'): Promise<Float32Array[]> {
    if (tokens.length === 0) return [];
    this.checkTokens(tokens);
    const fed = tokens.length;
    const total = this.cached + fed;
    const outputs = (await this.model.forward({
      input_ids: new Tensor('int64', BigInt64Array.from(tokens, BigInt), [1, fed]),
      attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
      position_ids: new Tensor(
        'int64',
        BigInt64Array.from(tokens, (_, i) => BigInt(this.cached + i)),
        [1, fed],
      ),
      past_key_values: this.past ?? null,
    })) as Record<string, Tensor>;

    const next: KvCache = {};
    for (const [name, tensor] of Object.entries(outputs)) {
      if (name.startsWith('present.')) next[name.replace('present.', 'past_key_values.')] = tensor;
    }
    disposeCache(this.past); // the inputs of this call; the outputs are new tensors
    this.past = next;
    this.cached = total;
    return logitRows(outputs.logits, fed, this.vocabSize, wanted);
  }

  /** Crops every cache tensor to `length` positions (see kv-cache.ts); a no-op when nothing is cut. */
  truncate(length: number): void {
    assertTruncateLength(length, this.cached);
    if (length === this.cached) return;
    if (length === 0) {
      this.reset();
      return;
    }
    const old = this.past as KvCache;
    this.past = cropCache(old, length, ortGpuDevice());
    disposeCache(old);
    this.cached = length;
  }

  reset(): void {
    disposeCache(this.past);
    this.past = undefined;
    this.cached = 0;
  }

  async dispose(): Promise<void> {
    this.reset();
    await this.model.dispose();
  }

  private checkTokens(tokens: readonly number[]): void {
    assertFeedable(tokens, tokens.length, {
      cached: this.cached,
      capacity: this.maxSequenceLength,
      vocabSize: this.vocabSize,
    });
  }
}

function logitRows(logits: Tensor | undefined, fed: number, vocab: number, wanted: LogitsWanted): Float32Array[] {
  if (wanted === 'none') return [];
  const data = logits?.data;
  if (!(data instanceof Float32Array) || data.length !== fed * vocab) {
    throw new TransformersDeviceError(
      `logits came back as [${logits?.dims.join(', ')}], expected [1, ${fed}, ${vocab}] float32`,
    );
  }
  const row = (i: number): Float32Array => data.slice(i * vocab, (i + 1) * vocab);
  return wanted === 'all' ? Array.from({ length: fed }, (_, i) => row(i)) : [row(fed - 1)];
}

/** ORT's own GPUDevice, set by onnxruntime-web once a webgpu session exists. */
function ortGpuDevice(): GPUDevice | undefined {
  return (env.backends.onnx.webgpu as { device?: GPUDevice } | undefined)?.device;
}

/** Loads config.json and onnx/model.onnx from `options.folder` and checks the graph's signature. */
export async function loadTransformersLM(options: TransformersLMOptions): Promise<TransformersLM> {
  configureOfflineRuntime(options.runtime);
  const { folder } = options;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(folder)) {
    // transformers.js would treat it as a remote model; Tandem never fetches models from a host.
    throw new InvalidArgumentError(`model folder ${folder} is a URL: give a local directory or a same-origin path`);
  }
  const device = options.device ?? (await defaultDevice());
  checkDevice(device);
  const config = await loadFile(folder, 'config.json', () =>
    AutoConfig.from_pretrained(folder, { local_files_only: true }),
  );
  const raw = config as unknown as Record<string, unknown>;
  const numLayers = positiveInteger(raw, 'num_hidden_layers', folder);
  const vocabSize = positiveInteger(raw, 'vocab_size', folder);
  const model = await loadFile(folder, 'onnx/model.onnx', () =>
    AutoModelForCausalLM.from_pretrained(folder, { config, device, dtype: 'fp32', local_files_only: true }),
  );
  try {
    checkSignature(model.sessions.model as SessionSignature, numLayers, folder);
  } catch (error) {
    await model.dispose();
    throw error;
  }
  const maxSeq = options.maxSequenceLength ?? (raw.max_position_embeddings as number | undefined) ?? 2048;
  return new TransformersLM(model, device, vocabSize, maxSeq, options.vocabId);
}

async function defaultDevice(): Promise<TransformersDevice> {
  if (isNode) return 'cpu';
  const adapter = await globalThis.navigator?.gpu?.requestAdapter();
  return adapter ? 'webgpu' : 'wasm';
}

function checkDevice(device: TransformersDevice): void {
  const allowed: TransformersDevice[] = isNode ? ['cpu'] : ['webgpu', 'wasm'];
  if (!allowed.includes(device)) {
    throw new TransformersDeviceError(
      `device '${device}' is not available ${isNode ? 'in Node' : 'in the browser'} (use ${allowed.join(' or ')})`,
    );
  }
}

/** Runs a transformers.js load and turns its "file not found" into ModelFileMissingError naming the file. */
async function loadFile<T>(folder: string, file: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as Error)?.name === 'ModelFileNotFoundError') {
      throw new ModelFileMissingError(`${file} not found in ${folder}`, { cause: error });
    }
    throw error;
  }
}

function positiveInteger(config: Record<string, unknown>, key: string, folder: string): number {
  const value = config[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ModelConfigError(
      `config.json in ${folder}: "${key}" must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
