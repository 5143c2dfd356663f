import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import type { CausalLM } from '../../speculative/causal-lm.ts';
import { defaultEngineLoaders } from '../engines.ts';
import type { EngineLoaders, FolderSource, PairLoaderDeps } from '../pair-loader.ts';
import type { GpuReport } from '../../protocol/protocol.ts';

/**
 * The pair loader over the fixture folders on disk (public/models/<id>/), as the worker reads them
 * from the model cache. `folders` maps other model ids to directories (e.g. an MLC build's id).
 */
export function nodeFolder(dir: string): FolderSource {
  const source = nodeFolderSource(dir);
  return {
    ...source,
    has: (name) =>
      access(join(dir, name)).then(
        () => true,
        () => false,
      ),
  };
}

export const NO_GPU: GpuReport = { available: false, code: 'no-webgpu', reason: 'no WebGPU in Node' };

export interface EngineCalls {
  loads: { engine: keyof EngineLoaders; what: string }[];
  disposed: string[];
}

/**
 * The real loaders, wrapped to record each load and each dispose; `replace` swaps one loader (a GPU
 * engine that cannot run in Node is stood in by the CPU engine, and the test says so).
 */
export function recordingLoaders(replace: Partial<EngineLoaders> = {}): { engines: EngineLoaders; calls: EngineCalls } {
  const calls: EngineCalls = { loads: [], disposed: [] };
  const base = { ...defaultEngineLoaders, ...replace };
  const track = <M extends CausalLM>(model: M, what: string): M => {
    const dispose = model.dispose?.bind(model);
    return Object.assign(model, {
      dispose: async () => {
        calls.disposed.push(what);
        await dispose?.();
      },
    });
  };
  const engines: EngineLoaders = {
    llamaCpu: async (source, options) => (
      calls.loads.push({ engine: 'llamaCpu', what: source.description }),
      track(await base.llamaCpu(source, options), source.description)
    ),
    llamaWebGpu: async (source, options) => (
      calls.loads.push({ engine: 'llamaWebGpu', what: source.description }),
      track(await base.llamaWebGpu(source, options), source.description)
    ),
    transformers: async (options) => (
      calls.loads.push({ engine: 'transformers', what: options.folder }),
      track(await base.transformers(options), options.folder)
    ),
    webllm: async (options) => {
      calls.loads.push({ engine: 'webllm', what: options.modelUrl });
      const loaded = await base.webllm(options);
      return { ...loaded, target: track(loaded.target, options.modelUrl) };
    },
  };
  return { engines, calls };
}

export function nodePairDeps(
  gpu: GpuReport,
  engines: EngineLoaders,
  folders: Record<string, string> = {},
): PairLoaderDeps {
  return {
    gpu,
    runtime: 'node',
    source: (modelId) => nodeFolder(folders[modelId] ?? join(FIXTURES_DIR, modelId)),
    onnxFolder: (modelId) => folders[modelId] ?? join(FIXTURES_DIR, modelId),
    engines,
    now: (() => {
      let t = 0;
      return () => (t += 5);
    })(),
  };
}
