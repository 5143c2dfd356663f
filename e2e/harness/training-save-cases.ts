import { createLlamaCpu, loadLlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import { createLlamaWebGpu, loadLlamaWebGpu } from '../../src/engines/llama-webgpu/llama-webgpu.ts';
import { memoryFolderSource, saveHuggingFaceFolder } from '../../src/training/save.ts';
import { compareRows, promptTokens } from './fixtures.ts';
import { gpuTrainer, overfitSettings, stepBatch, stepConfig, stepWeights } from './training-models.ts';

/**
 * Save → load: weights trained by the WebGPU trainer, saved as a Hugging Face folder, load in
 * llama-webgpu (and llama-cpu) and give the logits of the in-memory weights. Returns max |Δlogit|
 * and the logits' scale per (engine, dtype).
 */
export async function saveRoundTrip(): Promise<Record<string, { maxAbs: number; scale: number }>> {
  const config = stepConfig(false);
  const trainer = await gpuTrainer(config, stepWeights(config), overfitSettings(5));
  let trained: Awaited<ReturnType<typeof trainer.weights>>;
  try {
    for (let i = 0; i < 5; i++) await trainer.step(stepBatch(config));
    trained = await trainer.weights();
  } finally {
    trainer.dispose();
  }
  const prompt = promptTokens(17, 3, config.vocabSize);
  const options = { maxSequenceLength: 64, precision: 'f32' as const };
  const inMemoryGpu = await createLlamaWebGpu(config, trained, options);
  const expectedGpu = await inMemoryGpu.append(prompt, 'all');
  inMemoryGpu.dispose();
  const expectedCpu = await createLlamaCpu(config, trained).append(prompt, 'all');
  const out: Record<string, { maxAbs: number; scale: number }> = {};
  for (const dtype of ['F32', 'F16'] as const) {
    const source = memoryFolderSource({ ...saveHuggingFaceFolder(config, trained, { dtype }) });
    const gpu = await loadLlamaWebGpu(source, options);
    out[`llama-webgpu ${dtype}`] = compareRows(await gpu.append(prompt, 'all'), expectedGpu);
    gpu.dispose();
    const cpu = await loadLlamaCpu(source);
    out[`llama-cpu ${dtype}`] = compareRows(await cpu.append(prompt, 'all'), expectedCpu);
  }
  return out;
}
