import { comparisonLines, formatSelfCheckReport, loadWebLlmTarget } from '../../src/engines/webllm/index.ts';
import type { SelfCheckReport } from '../../src/engines/webllm/index.ts';

/**
 * The page scripts/check-target.ts opens: loads ?model=…&lib=… with web-llm on this browser's GPU,
 * runs the self-check, and leaves the outcome in window.__tandemCheck for the script to read.
 */

export type CheckOutcome =
  | { ok: true; report: SelfCheckReport; text: string; gpu: string; fallbackAdapter: boolean }
  | { ok: false; error: { name: string; message: string } };

/** What is known while the check runs: the script prints it if the check times out. */
export interface CheckPartial {
  webllm: string | null;
  lastStep: string;
  measured: string[];
}

declare global {
  interface Window {
    __tandemCheck?: CheckOutcome;
    __tandemCheckPartial?: CheckPartial;
  }
}

const partial: CheckPartial = { webllm: null, lastStep: 'starting', measured: [] };
window.__tandemCheckPartial = partial;

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
  const installed = params.get('webllm') ?? 'unknown';
  const { gpu, fallbackAdapter } = await describeGpu();
  log(`GPU: ${gpu}${fallbackAdapter ? ' (software fallback adapter)' : ''}`);
  const loaded = await loadWebLlmTarget({
    modelUrl,
    modelLib,
    ...(dtype === 'f16' || dtype === 'f32' ? { computeDtype: dtype } : {}),
    onProgress: (report) => {
      partial.lastStep = `loading: ${report.text}`;
      log(`[${(report.progress * 100).toFixed(0)}%] ${report.text}`);
    },
    onSelfCheckStage: (text) => {
      partial.lastStep = `self-check: ${text}`;
      log(`[self-check] ${text}…`);
    },
    onSelfCheckComparison: (comparison) => {
      const lines = comparisonLines(comparison);
      partial.measured.push(...lines);
      log(`[self-check] measured:\n${lines.join('\n')}`);
    },
  });
  // The runtime actually loaded, and the library folder it was built for (not the version Tandem pins).
  const webllmVersion = `${installed} (runtime for libraries under ${loaded.runtime.modelLibURLPrefix}${loaded.runtime.modelVersion}/)`;
  partial.webllm = webllmVersion;
  const report = loaded.selfCheck!;
  const text = formatSelfCheckReport(report, {
    modelUrl: loaded.modelUrl,
    modelLib,
    gpu,
    webllmVersion,
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
