import { defaultSettings } from '../../src/training/optimizer/settings.ts';
import { parameterTensors, zerosLike } from '../../src/training/optimizer/parameters.ts';
import { CpuDrafterTrainer } from '../../src/training/reference/cpu-trainer.ts';
import { lossAndGradients, referenceLoss } from '../../src/training/reference/gradients.ts';
import { relativeError } from './training-gpu.ts';
import { gpuTrainer, stepBatch, stepConfig, stepWeights } from './training-models.ts';

/** One whole training step on the GPU against the CPU reference: loss, every gradient, the update. */

export interface StepParity {
  /** evaluate() on another batch before the step, against the reference's loss. */
  evaluation: { gpu: number; cpu: number };
  loss: { gpu: number; cpu: number };
  gradNorm: { gpu: number; cpu: number };
  tokenCount: { gpu: number; cpu: number };
  /** Relative error of each tensor's gradient, by Hugging Face name. */
  gradients: Record<string, number>;
  /** Relative error of each tensor's change in one AdamW step. */
  updates: Record<string, number>;
  submits: number;
  readbacks: number;
}

export async function stepParity(tied: boolean, tuningName: string, microBatch?: number): Promise<StepParity> {
  const config = stepConfig(tied);
  const weights = stepWeights(config);
  const batch = stepBatch(config);
  // No clipping here, so the update is a plain function of the gradients being compared.
  const settings = defaultSettings(10, { learningRate: 1e-2, warmupSteps: 0, clipNorm: Number.POSITIVE_INFINITY });
  const cpuGrads = zerosLike(config);
  const cpuLoss = lossAndGradients(config, weights, batch, cpuGrads).loss;
  const cpu = CpuDrafterTrainer.create(config, weights, { settings });
  const cpuStep = await cpu.step(batch);
  const gpu = await gpuTrainer(config, weights, settings, tuningName, { microBatch });
  try {
    const heldOut = stepBatch(config, 2, 12);
    const evaluation = { gpu: (await gpu.evaluate(heldOut)).loss, cpu: referenceLoss(config, weights, heldOut).loss };
    const before = { ...gpu.counters };
    const gpuStep = await gpu.step(batch);
    const submits = gpu.counters.submits - before.submits;
    const readbacks = gpu.counters.readbacks - before.readbacks;
    const names = parameterTensors(config, weights).map((p) => p.name);
    const byName = (errors: number[]): Record<string, number> =>
      Object.fromEntries(names.map((name, i) => [name, errors[i]]));
    const gpuGrads = parameterTensors(config, await gpu.gradients());
    const grads = parameterTensors(config, cpuGrads).map((c, i) => relativeError(gpuGrads[i].data, c.data));
    const start = parameterTensors(config, weights);
    const moved = (after: Float32Array, i: number): Float64Array =>
      Float64Array.from(after, (x, j) => x - start[i].data[j]);
    const gpuAfter = parameterTensors(config, await gpu.weights());
    const updates = parameterTensors(config, await cpu.weights()).map((c, i) =>
      relativeError(moved(gpuAfter[i].data, i), moved(c.data, i)),
    );
    return {
      evaluation,
      loss: { gpu: gpuStep.loss, cpu: cpuLoss },
      gradNorm: { gpu: gpuStep.gradNorm, cpu: cpuStep.gradNorm },
      tokenCount: { gpu: gpuStep.tokenCount, cpu: cpuStep.tokenCount },
      gradients: byName(grads),
      updates: byName(updates),
      submits,
      readbacks,
    };
  } finally {
    gpu.dispose();
  }
}
