import { loadLlamaCpu } from '../../../src/engines/llama-cpu/llama-cpu.ts';
import { loadLlamaWebGpu } from '../../../src/engines/llama-webgpu/llama-webgpu.ts';
import { urlFolderSource } from '../../../src/models/model-source.ts';
import { vicunaPrompt } from '../../../src/models/prompt.ts';
import { loadTokenizer } from '../../../src/models/tokenizer.ts';
import type { CausalLM } from '../../../src/speculative/causal-lm.ts';
import type { PerfModels } from './runner.ts';
import type { EngineInfo, PerfConfig } from './types.ts';

/**
 * Loads the target and the drafters a perf run names, inside the perf Worker. Drafters that share
 * a folder share one engine (the fixture drafter stands in for every language).
 */

export interface LoadedPerfModels extends PerfModels {
  /** Read again after the runs: llama-webgpu grows its readback staging buffer on first use. */
  engines(): EngineInfo[];
  selfCheck?: string;
  dispose(): Promise<void>;
}

/** KV room for the prompt: Spec-Bench translation prompts in the paper's template stay far below it. */
const PROMPT_ROOM = 1024;
/** LLaMA's </s>; web-llm's tokenizer surface does not expose it, and every target here is LLaMA. */
const LLAMA_EOS = 2;

export async function loadPerfModels(config: PerfConfig, log: (line: string) => void): Promise<LoadedPerfModels> {
  // The loop may draft past the last emitted token before it stops: a little slack.
  const capacity = PROMPT_ROOM + config.maxNewTokens + 32;
  const target =
    config.target.kind === 'fixture'
      ? await loadFixtureTarget(config.target.url, capacity)
      : await loadWebLlm(config, log);
  log(`target loaded: ${target.info.name} on ${target.info.engine}`);
  const byUrl = new Map<string, { lm: CausalLM; info: EngineInfo; names: string[] }>();
  const drafters = new Map<string, CausalLM>();
  for (const spec of config.drafters) {
    let loaded = byUrl.get(spec.url);
    if (!loaded) {
      loaded = { ...(await loadDrafter(spec.url, config.drafterEngine, capacity)), names: [] };
      byUrl.set(spec.url, loaded);
      log(`drafter loaded: ${spec.url} on ${config.drafterEngine}`);
    }
    loaded.names.push(spec.name);
    loaded.info.name = `${loaded.names.join(', ')} (${spec.url})`;
    drafters.set(spec.name, loaded.lm);
  }
  const all = [{ lm: target.lm, info: target.info }, ...byUrl.values()];
  return {
    target: target.lm,
    drafters,
    encode: target.encode,
    eosTokenIds: target.eos,
    nearTieEpsilon: target.nearTieEpsilon,
    engines: () => all.map(({ lm, info }) => ({ ...info, gpuBufferBytes: gpuBytesOf(lm) ?? info.gpuBufferBytes })),
    ...(target.selfCheck ? { selfCheck: target.selfCheck } : {}),
    async dispose() {
      for (const d of byUrl.values()) await d.lm.dispose?.();
      await target.lm.dispose?.();
    },
  };
}

/** GPU bytes where the engine can say; llama-webgpu exposes `gpuBufferBytes`. */
export function gpuBytesOf(lm: CausalLM): number | null {
  const bytes = (lm as { gpuBufferBytes?: unknown }).gpuBufferBytes;
  return typeof bytes === 'number' ? bytes : null;
}

interface LoadedTarget {
  lm: CausalLM;
  info: EngineInfo;
  encode(turn: string): number[];
  eos: number[];
  nearTieEpsilon: number | null;
  selfCheck?: string;
}

async function loadFixtureTarget(url: string, capacity: number): Promise<LoadedTarget> {
  const source = urlFolderSource(url);
  const tokenizer = await loadTokenizer(source);
  const lm = await loadLlamaCpu(source, { vocabId: tokenizer.vocabId, maxSequenceLength: capacity });
  return {
    lm,
    info: {
      role: 'target',
      name: url,
      engine: 'llama-cpu',
      gpuBufferBytes: null,
      note: 'CPU reference engine: no GPU buffers',
    },
    encode: (turn) => tokenizer.encode(vicunaPrompt(turn)),
    eos: [tokenizer.eosId],
    // llama-cpu computes the same logits for one row or many: any flip is a real bug, never noise.
    nearTieEpsilon: null,
  };
}

async function loadWebLlm(config: PerfConfig, log: (line: string) => void): Promise<LoadedTarget> {
  if (config.target.kind !== 'webllm') throw new Error('not a web-llm target');
  // Imported here only: the fixture path never pulls web-llm's runtime into the Worker.
  const webllm = await import('../../../src/engines/webllm/index.ts');
  const { modelUrl, modelLib } = config.target;
  const loaded = await webllm.loadWebLlmTarget({
    modelUrl,
    modelLib,
    onProgress: (report) => log(`[${(report.progress * 100).toFixed(0)}%] ${report.text}`),
  });
  const report = loaded.selfCheck!;
  const dtype = /q4f32|q0f32/.test(modelUrl + modelLib) ? 'f32' : 'f16';
  if (!report.speculation) {
    throw new Error(`the target's self-check turned speculation off (${report.verdict}): ${report.message}`);
  }
  const { tokenizer } = loaded;
  const bos = 1; // LLaMA's <s>; web-llm's tokenizer.encode adds none
  return {
    lm: loaded.target,
    info: {
      role: 'target',
      name: loaded.modelId,
      engine: 'web-llm (MLC)',
      gpuBufferBytes: null,
      note: 'web-llm does not report its buffer bytes',
    },
    encode: (turn) => [bos, ...tokenizer.encode(vicunaPrompt(turn))],
    eos: [LLAMA_EOS],
    nearTieEpsilon: webllm.DEFAULT_THRESHOLDS[dtype].epsilon,
    selfCheck: webllm.formatSelfCheckReport(report, {
      modelUrl: loaded.modelUrl,
      modelLib,
      // The runtime actually loaded (its library folder), not the version Tandem pins.
      webllmVersion: `runtime for libraries under ${loaded.runtime.modelLibURLPrefix}${loaded.runtime.modelVersion}/`,
    }),
  };
}

async function loadDrafter(
  url: string,
  engine: PerfConfig['drafterEngine'],
  capacity: number,
): Promise<{ lm: CausalLM; info: EngineInfo }> {
  const source = urlFolderSource(url);
  const tokenizer = await loadTokenizer(source);
  const options = { vocabId: tokenizer.vocabId, maxSequenceLength: capacity };
  const lm = engine === 'llama-webgpu' ? await loadLlamaWebGpu(source, options) : await loadLlamaCpu(source, options);
  const info: EngineInfo = { role: 'drafter', name: url, engine, gpuBufferBytes: gpuBytesOf(lm) };
  if (engine === 'llama-cpu') info.note = 'CPU reference engine: no GPU buffers';
  return { lm, info };
}
