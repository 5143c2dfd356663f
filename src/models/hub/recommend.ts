import { webLlmTarget } from '../registry/webllm-targets.ts';
import { hubDrafterRow, hubWebLlmRow, type HubWebLlmRow } from './catalogue.ts';

/**
 * Which real pair suits a GPU: a pure rule over what WebGPU tells about the adapter.
 *  - q4f16_1 where the adapter has shader-f16 (half the activations' memory), else q4f32_1;
 *  - web-llm itself asks for 1 GiB storage-buffer bindings and falls back to 128 MiB, where its own
 *    warning names only the 1k-context builds as working: below 1 GiB, the 1k build;
 *  - below 128 MiB bindings or 256 MiB buffers web-llm cannot start at all;
 *  - GPU memory is not exposed by WebGPU: where a figure is known (navigator.deviceMemory below its
 *    cap of 8 GB, shared by integrated GPUs) a build must fit in it (web-llm's vram_required_MB);
 *  - a software adapter or too little memory for the 7B: TinyLlama.
 * The drafter is always vicuna-68m, the paper's generic drafter.
 */

export interface AdapterFacts {
  available: boolean;
  features: readonly string[];
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  isFallbackAdapter: boolean;
  /** Memory the GPU may use, in MB, where anything tells it; undefined when unknown. */
  memoryMB?: number;
}

export interface PairOption {
  /** Registry target id ('llama-2-7b-chat-4k') and its build's quantization. */
  targetId: string;
  quantization: 'q4f16_1' | 'q4f32_1';
  /** Catalogue rows to download: the target's weights and the drafter. */
  targetRow: HubWebLlmRow;
  drafterId: string;
  name: string;
  downloadBytes: number;
  vramMB: number;
  /** Null when it can run here; else why not. */
  blocker: string | null;
}

export interface Recommendation {
  option: PairOption | null;
  reason: string;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const DRAFTER = 'vicuna-68m';
const ORDER = ['llama-2-7b-chat-4k', 'llama-2-7b-chat-1k', 'tinyllama-1.1b-chat'];

function quantizationFor(gpu: AdapterFacts): 'q4f16_1' | 'q4f32_1' {
  return gpu.features.includes('shader-f16') ? 'q4f16_1' : 'q4f32_1';
}

/** Every one-click pair of the catalogue, with what it needs and whether this adapter can run it. */
export function pairOptions(gpu: AdapterFacts): PairOption[] {
  const drafter = hubDrafterRow(DRAFTER)!;
  return ORDER.flatMap((targetId) =>
    (['q4f16_1', 'q4f32_1'] as const).flatMap((quantization) => {
      const targetRow = hubWebLlmRow(targetId, quantization);
      const build = webLlmTarget(targetId).builds.find((b) => b.quantization === quantization);
      if (!targetRow || !build) return [];
      return [
        {
          targetId,
          quantization,
          targetRow,
          drafterId: DRAFTER,
          name: `${webLlmTarget(targetId).name} (${quantization}) + ${DRAFTER}`,
          downloadBytes: targetRow.approxBytes + drafter.approxBytes,
          vramMB: build.vramRequiredMB,
          blocker: blocker(gpu, targetId, quantization, build.vramRequiredMB),
        },
      ];
    }),
  );
}

function blocker(gpu: AdapterFacts, targetId: string, quantization: string, vramMB: number): string | null {
  if (!gpu.available) return 'needs WebGPU';
  if (gpu.maxStorageBufferBindingSize < 128 * MiB || gpu.maxBufferSize < 256 * MiB)
    return 'the GPU’s buffer limits are below what web-llm needs (128 MiB bindings, 256 MiB buffers)';
  if (quantization === 'q4f16_1' && !gpu.features.includes('shader-f16')) return 'needs shader-f16';
  if (targetId.endsWith('-4k') && gpu.maxStorageBufferBindingSize < GiB)
    return 'needs 1 GiB storage-buffer bindings (the 1k-context build runs with less)';
  if (gpu.memoryMB !== undefined && vramMB > gpu.memoryMB)
    return `needs ${(vramMB / 1024).toFixed(1)} GB of GPU memory, about ${(gpu.memoryMB / 1024).toFixed(1)} GB known`;
  return null;
}

export function recommendPair(gpu: AdapterFacts): Recommendation {
  if (!gpu.available)
    return { option: null, reason: 'This browser gives Tandem no WebGPU adapter: no real pair can run.' };
  const quantization = quantizationFor(gpu);
  const runnable = pairOptions(gpu).filter((o) => o.quantization === quantization && o.blocker === null);
  const pick = (id: string) => runnable.find((o) => o.targetId === id);
  const why = quantization === 'q4f16_1' ? 'the GPU has shader-f16' : 'the GPU has no shader-f16';
  if (gpu.isFallbackAdapter) {
    const tiny = pick('tinyllama-1.1b-chat');
    return { option: tiny ?? null, reason: `A software adapter: only the smallest pair is worth trying (${why}).` };
  }
  const option = pick('llama-2-7b-chat-4k') ?? pick('llama-2-7b-chat-1k') ?? pick('tinyllama-1.1b-chat') ?? null;
  if (!option) return { option: null, reason: 'No real pair fits this GPU’s limits or memory.' };
  const size =
    option.targetId === 'llama-2-7b-chat-4k'
      ? 'the 7B fits with a 4k context'
      : option.targetId === 'llama-2-7b-chat-1k'
        ? 'the 7B fits only with the 1k context (small buffer limits or memory)'
        : 'the 7B does not fit';
  return { option, reason: `${quantization}: ${why}; ${size}.` };
}

/** The facts the rule reads, from the worker's GPU report and navigator.deviceMemory (capped at 8 by browsers). */
export function adapterFacts(
  report:
    | {
        available: true;
        features: readonly string[];
        isFallbackAdapter: boolean;
        limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
      }
    | { available: false },
  deviceMemoryGB?: number,
): AdapterFacts {
  if (!report.available)
    return {
      available: false,
      features: [],
      maxStorageBufferBindingSize: 0,
      maxBufferSize: 0,
      isFallbackAdapter: false,
    };
  return {
    available: true,
    features: report.features,
    isFallbackAdapter: report.isFallbackAdapter,
    maxStorageBufferBindingSize: report.limits.maxStorageBufferBindingSize,
    maxBufferSize: report.limits.maxBufferSize,
    ...(deviceMemoryGB !== undefined && deviceMemoryGB < 8 ? { memoryMB: deviceMemoryGB * 1024 } : {}),
  };
}
