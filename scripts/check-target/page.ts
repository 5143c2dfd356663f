import { formatSelfCheckReport, loadWebLlmTarget, PINNED_WEBLLM_VERSION } from '../../src/engines/webllm/index.ts';
import type { SelfCheckReport } from '../../src/engines/webllm/index.ts';

/**
 * The page scripts/check-target.ts opens: loads ?model=…&lib=… with web-llm on this browser's GPU,
 * runs the self-check, and leaves the outcome in window.__tandemCheck for the script to read.
 */

export type CheckOutcome =
  | { ok: true; report: SelfCheckReport; text: string; gpu: string; fallbackAdapter: boolean }
  | { ok: false; error: { name: string; message: string } };

declare global {
  interface Window {
    __tandemCheck?: CheckOutcome;
  }
}

const log = (line: string): void => {
  console.log(line); // the script forwards console lines as progress
  document.getElementById('log')!.textContent += `${line}\n`;
};

async function describeGpu(): Promise<{ gpu: string; fallbackAdapter: boolean }> {
  if (!navigator.gpu)
    throw Object.assign(new Error('this browser exposes no WebGPU (navigator.gpu is missing)'), {
      name: 'WebGpuUnavailable',
    });
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw Object.assign(new Error('requestAdapter() returned null: no usable GPU'), { name: 'WebGpuUnavailable' });
  const info = adapter.info;
  const gpu = [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
  // isFallbackAdapter is in the spec's GPUAdapterInfo; SwiftShader reports it.
  const fallbackAdapter = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { gpu, fallbackAdapter };
}

async function main(): Promise<CheckOutcome> {
  const params = new URLSearchParams(location.search);
  const modelUrl = params.get('model') ?? '';
  const modelLib = params.get('lib') ?? '';
  const dtype = params.get('dtype');
  const { gpu, fallbackAdapter } = await describeGpu();
  log(`GPU: ${gpu}${fallbackAdapter ? ' (software fallback adapter)' : ''}`);
  const loaded = await loadWebLlmTarget({
    modelUrl,
    modelLib,
    ...(dtype === 'f16' || dtype === 'f32' ? { computeDtype: dtype } : {}),
    onProgress: (report) => log(`[${(report.progress * 100).toFixed(0)}%] ${report.text}`),
  });
  const report = loaded.selfCheck!;
  const text = formatSelfCheckReport(report, {
    modelUrl: loaded.modelUrl,
    modelLib,
    gpu,
    webllmVersion: PINNED_WEBLLM_VERSION,
  });
  log(text);
  await loaded.target.dispose();
  return { ok: true, report, text, gpu, fallbackAdapter };
}

main().then(
  (outcome) => (window.__tandemCheck = outcome),
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    log(`${e.name}: ${e.message}`);
    window.__tandemCheck = { ok: false, error: { name: e.name, message: e.message } };
  },
);
