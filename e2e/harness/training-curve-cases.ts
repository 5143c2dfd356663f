import { CpuDrafterTrainer } from '../../src/training/reference/cpu-trainer.ts';
import type { DrafterTrainer, TrainingBatch } from '../../src/training/types.ts';
import { restoreWebGpuTrainer } from '../../src/training/webgpu/webgpu-trainer.ts';
import { TUNINGS } from './training-gpu.ts';
import { gpuTrainer, overfitSettings, stepBatch, stepConfig, stepWeights } from './training-models.ts';

/**
 * Loss curves: the WebGPU trainer and the CPU reference overfitting the same small batch with the
 * same settings, step by step; and a run resumed from a checkpoint against the uninterrupted one.
 */

export interface Curves {
  gpu: number[];
  cpu: number[];
  /** ln(vocab): the loss of a model that spreads its bets evenly. */
  uniformLoss: number;
  /** Wall-clock ms per step (informational: SwiftShader here). */
  gpuMsPerStep: number;
  cpuMsPerStep: number;
}

async function run(trainer: DrafterTrainer, batch: TrainingBatch, steps: number): Promise<[number[], number]> {
  const losses: number[] = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) losses.push((await trainer.step(batch)).loss);
  return [losses, (performance.now() - start) / steps];
}

export async function lossCurves(steps: number, tuningName: string): Promise<Curves> {
  const config = stepConfig(false);
  const weights = stepWeights(config);
  const batch = stepBatch(config);
  const settings = overfitSettings(steps);
  const gpu = await gpuTrainer(config, weights, settings, tuningName);
  try {
    const [gpuLosses, gpuMsPerStep] = await run(gpu, batch, steps);
    const [cpuLosses, cpuMsPerStep] = await run(CpuDrafterTrainer.create(config, weights, { settings }), batch, steps);
    return { gpu: gpuLosses, cpu: cpuLosses, uniformLoss: Math.log(config.vocabSize), gpuMsPerStep, cpuMsPerStep };
  } finally {
    gpu.dispose();
  }
}

export interface Resumed {
  /** Losses of steps head+1 … head+tail, uninterrupted. */
  straight: number[];
  /** The same steps on a WebGPU trainer restored from a structuredClone of the checkpoint. */
  resumedGpu: number[];
  /** The same steps on the CPU reference restored from the GPU's checkpoint. */
  resumedCpu: number[];
  rngStates: { saved: number; restored: number };
  step: number;
}

export async function checkpointResume(head: number, tail: number, tied: boolean): Promise<Resumed> {
  const config = stepConfig(tied);
  const batch = stepBatch(config);
  const settings = overfitSettings(head + tail);
  const first = await gpuTrainer(config, stepWeights(config), settings, Object.keys(TUNINGS)[0], { seed: 5 });
  let saved: Awaited<ReturnType<typeof first.checkpoint>>;
  let straight: number[];
  try {
    await run(first, batch, head);
    first.rng.next(); // the data order moved on: the checkpoint must carry it
    // structuredClone: what IndexedDB does to a checkpoint.
    saved = structuredClone(await first.checkpoint());
    [straight] = await run(first, batch, tail);
  } finally {
    first.dispose();
  }
  const restored = await restoreWebGpuTrainer(saved, {
    maxBatchSize: 3,
    maxSeqLen: 23,
    tuning: TUNINGS[Object.keys(TUNINGS)[0]],
  });
  try {
    const rngStates = { saved: saved.rngState, restored: restored.rng.state };
    const step = restored.stepCount;
    const [resumedGpu] = await run(restored, batch, tail);
    const [resumedCpu] = await run(CpuDrafterTrainer.restore(saved), batch, tail);
    return { straight, resumedGpu, resumedCpu, rngStates, step };
  } finally {
    restored.dispose();
  }
}

export interface WorkerRun {
  inWorker: boolean;
  worker: number[];
  cpu: number[];
}

/** The same steps in a dedicated Worker (WebGPU) and on the CPU reference in the page. */
export async function trainInWorker(steps: number): Promise<WorkerRun> {
  const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
  try {
    const reply = await new Promise<{ ok: boolean; losses?: number[]; inWorker?: boolean; message?: string }>(
      (resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
        worker.postMessage({ steps });
      },
    );
    if (!reply.ok) throw new Error(`worker failed: ${reply.message}`);
    const config = stepConfig(false);
    const settings = overfitSettings(steps);
    const [cpu] = await run(
      CpuDrafterTrainer.create(config, stepWeights(config), { settings }),
      stepBatch(config),
      steps,
    );
    return { inWorker: reply.inWorker ?? false, worker: reply.losses ?? [], cpu };
  } finally {
    worker.terminate();
  }
}
