import { gpuTrainer, overfitSettings, stepBatch, stepConfig, stepWeights } from './training-models.ts';

/**
 * A dedicated Worker running the WebGPU trainer, as the app's worker will: its own GPUDevice from
 * the worker's navigator.gpu, a few steps on the test batch, the losses posted back.
 */
self.onmessage = async (event: MessageEvent<{ steps: number }>) => {
  try {
    const config = stepConfig(false);
    const trainer = await gpuTrainer(config, stepWeights(config), overfitSettings(event.data.steps));
    const losses: number[] = [];
    for (let i = 0; i < event.data.steps; i++) losses.push((await trainer.step(stepBatch(config))).loss);
    trainer.dispose();
    const inWorker = typeof (globalThis as { window?: unknown }).window === 'undefined';
    self.postMessage({ ok: true, losses, inWorker });
  } catch (error) {
    self.postMessage({ ok: false, name: (error as Error).name, message: (error as Error).message });
  }
};
