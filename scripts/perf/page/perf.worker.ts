import { loadPerfModels } from './engines.ts';
import { runPerfPairs } from './runner.ts';
import type { PerfRunResult, WorkerReply, WorkerRequest } from './types.ts';

/**
 * The perf Worker: hosts the engines and runs the loop, as the app's worker does, so the timings
 * include what a real translation pays (a worker's own GPUDevice, no main-thread contention).
 */

const reply = (message: WorkerReply): void => self.postMessage(message);
const log = (line: string): void => reply({ kind: 'progress', line });

async function adapterInfo(): Promise<{ adapter: string; fallbackAdapter: boolean }> {
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { adapter: 'no WebGPU adapter', fallbackAdapter: false };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const words = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ');
  return { adapter: words || 'unknown adapter', fallbackAdapter: info.isFallbackAdapter === true };
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { config } = event.data;
  try {
    const adapter = await adapterInfo();
    log(`adapter: ${adapter.adapter}${adapter.fallbackAdapter ? ' (software fallback)' : ''}`);
    const models = await loadPerfModels(config, log);
    try {
      const samples = await runPerfPairs(config, models, log, (sample) => reply({ kind: 'sample', sample }));
      const result: PerfRunResult = {
        ...adapter,
        userAgent: navigator.userAgent,
        engines: models.engines(),
        nearTieEpsilon: models.nearTieEpsilon,
        samples,
        warmupSamples: 1,
        ...(models.selfCheck ? { selfCheck: models.selfCheck } : {}),
      };
      reply({ kind: 'done', result });
    } finally {
      await models.dispose();
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ kind: 'error', error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } });
  }
};
