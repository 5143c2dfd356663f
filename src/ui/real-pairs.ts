import { adapterFacts, pairOptions, type PairOption, recommendPair } from '../models/hub/recommend.ts';
import { webLlmCacheId } from '../models/storage/webllm-cache.ts';
import type { GpuState } from '../store/types.ts';

/** What the pair views show, derived from the GPU report (navigator.deviceMemory as the memory hint). */
export interface RealPairsView {
  options: PairOption[];
  recommended: PairOption | null;
  reason: string;
}

export function realPairsView(gpu: GpuState): RealPairsView | null {
  if (gpu.phase !== 'done') return null;
  const memory = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  const facts = adapterFacts(gpu.report, memory);
  const { option, reason } = recommendPair(facts);
  return { options: pairOptions(facts), recommended: option, reason };
}

export function pairInstalled(option: PairOption, cachedBytes: Readonly<Record<string, number>>): boolean {
  const has = (id: string) => (cachedBytes[id] ?? 0) > 0;
  return has(webLlmCacheId(option.targetRow.id)) && has(option.drafterId);
}

export function formatGB(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
