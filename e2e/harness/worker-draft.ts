import { gpuEngine } from './fixtures.ts';

export interface WorkerDraft {
  tokens: number[];
  lengthAfter: number;
  submits: number;
  /** Whether this ran where `window` does not exist (inside a Worker). */
  inWorker: boolean;
}

/** One greedy draft(k) on a fresh llama-webgpu engine of the tiny drafter fixture. */
export async function greedyDraftFromFixture(prefix: number[], k: number): Promise<WorkerDraft> {
  const gpu = await gpuEngine();
  try {
    const draft = await gpu.draft(prefix, k, { sampling: { temperature: 0, topP: 1 } });
    return {
      tokens: draft.tokens,
      lengthAfter: gpu.length,
      submits: gpu.counters.submits,
      inWorker: typeof (globalThis as { window?: unknown }).window === 'undefined',
    };
  } finally {
    gpu.dispose();
  }
}
