import { readCheckpoint } from '../../src/llama/checkpoint.ts';
import { readLlamaConfig, type LlamaConfig } from '../../src/llama/config.ts';
import { createLlamaCpu, type LlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import { loadLlamaWeights, type LlamaWeights } from '../../src/llama/weights.ts';
import {
  createLlamaWebGpu,
  type LlamaWebGpu,
  type LlamaWebGpuOptions,
} from '../../src/engines/llama-webgpu/llama-webgpu.ts';
import { urlFolderSource } from '../../src/models/model-source.ts';
import { seededRng } from '../../src/speculative/rng.ts';

/** The fixture models as the browser reads them (public/models/… over fetch), loaded once per page. */

export interface LoadedModel {
  config: LlamaConfig;
  weights: LlamaWeights;
}

const cache = new Map<string, Promise<LoadedModel>>();

export function fixture(name: 'tiny-drafter' | 'tiny-target'): Promise<LoadedModel> {
  let loaded = cache.get(name);
  if (!loaded) {
    loaded = (async () => {
      const source = urlFolderSource(`/models/${name}/`);
      const config = await readLlamaConfig(source);
      return { config, weights: loadLlamaWeights(await readCheckpoint(source), config) };
    })();
    cache.set(name, loaded);
  }
  return loaded;
}

export const MAX_SEQ = 256;

export async function cpuEngine(name: 'tiny-drafter' | 'tiny-target'): Promise<LlamaCpu> {
  const { config, weights } = await fixture(name);
  return createLlamaCpu(config, weights, { maxSequenceLength: MAX_SEQ });
}

export async function gpuEngine(options: LlamaWebGpuOptions = {}): Promise<LlamaWebGpu> {
  const { config, weights } = await fixture('tiny-drafter');
  return createLlamaWebGpu(config, weights, { maxSequenceLength: MAX_SEQ, ...options });
}

/** Deterministic prompt token ids. */
export function promptTokens(length: number, seed: number, vocab = 32000): number[] {
  const rng = seededRng(seed);
  return Array.from({ length }, () => Math.floor(rng() * vocab));
}

export interface RowDiff {
  /** max |gpu − cpu| over the rows. */
  maxAbs: number;
  /** max |cpu| over the rows: the scale the difference is relative to. */
  scale: number;
  /** Rows whose argmax differs. */
  argmaxMismatches: number;
}

export function compareRows(gpu: Float32Array[], cpu: Float32Array[]): RowDiff {
  if (gpu.length !== cpu.length) throw new Error(`${gpu.length} GPU rows vs ${cpu.length} CPU rows`);
  let maxAbs = 0;
  let scale = 0;
  let argmaxMismatches = 0;
  gpu.forEach((row, r) => {
    if (row.length !== cpu[r].length) throw new Error(`row ${r}: length ${row.length} vs ${cpu[r].length}`);
    for (let i = 0; i < row.length; i++) {
      const d = Math.abs(row[i] - cpu[r][i]);
      if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
      scale = Math.max(scale, Math.abs(cpu[r][i]));
    }
    if (argmaxOf(row) !== argmaxOf(cpu[r])) argmaxMismatches++;
  });
  return { maxAbs, scale, argmaxMismatches };
}

function argmaxOf(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}
