import { formatSize } from '../format.ts';
import { ModelFileMissingError } from '../errors.ts';
import { pickBuild, WEBLLM_TARGETS, type WebLlmBuild } from '../models/registry/webllm-targets.ts';
import { errorChain } from './error-info.ts';
import type { GpuLimits } from '../protocol/protocol.ts';
import type { WorkerRecoveryState } from './environment-notice-slice.ts';
import type { DemoState, ErrorInfo, GpuState } from './types.ts';

/**
 * What is wrong with (or worth knowing about) this browser, GPU or network, each in plain words
 * with what to do about it. Pure: EnvironmentNotice renders the list, tests check it directly.
 */

export type EnvironmentIssueKind =
  | 'no-webgpu'
  | 'no-adapter'
  | 'no-shader-f16'
  | 'gpu-limits'
  | 'gpu-out-of-memory'
  | 'model-offline'
  | 'worker-restarting'
  | 'worker-restarted'
  | 'worker-gave-up';

export interface EnvironmentIssue {
  kind: EnvironmentIssueKind;
  /** Unique per occurrence (a second worker restart is a new notice). */
  key: string;
  /** 'error': something cannot work; 'warning': works, differently; 'info': done for you. */
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  /** What the user can do; absent when nothing is needed. */
  action?: string;
  /** Technical detail for the curious (the thrown message), shown small. */
  detail?: string;
}

export interface EnvironmentInput {
  gpu: GpuState;
  demo: DemoState;
  /** A real pair's load failure (model not downloaded, out of GPU memory…), when there was one. */
  pairError?: ErrorInfo | null;
  runError: ErrorInfo | null;
  workerRecovery: WorkerRecoveryState;
  /** navigator.onLine: a model file that failed to load while offline was simply never downloaded. */
  online: boolean;
  /**
   * Whether the user chose a web-llm target (Vicuna-7B): only then is its build (and the larger
   * one a GPU without shader-f16 needs) worth a word. Nobody is warned about a download they never asked for.
   */
  webllmTargetChosen?: boolean;
}

/**
 * The smallest per-buffer limits @mlc-ai/web-llm 0.2.86 starts with (detectGPUDevice: it asks for
 * 1 GiB and falls back to these; below them it refuses to start). WebGPU does not tell how much
 * memory a GPU has in all, so these limits are what can be checked before downloading gigabytes.
 */
export const WEBLLM_MIN_LIMITS: Pick<GpuLimits, 'maxBufferSize' | 'maxStorageBufferBindingSize'> = {
  maxBufferSize: 256 * 2 ** 20,
  maxStorageBufferBindingSize: 128 * 2 ** 20,
};

const TARGET = WEBLLM_TARGETS[0];
const DEMO_STILL_RUNS = 'The demo (tiny random models) still runs here, on the CPU.';

export function environmentIssues(input: EnvironmentInput): EnvironmentIssue[] {
  return [
    ...recoveryIssues(input.workerRecovery),
    ...gpuIssues(input.gpu, input.webllmTargetChosen ?? false),
    ...loadIssues(input),
  ];
}

function gpuIssues(gpu: GpuState, webllmTargetChosen: boolean): EnvironmentIssue[] {
  if (gpu.phase !== 'done') return [];
  const { report } = gpu;
  if (!report.available) {
    if (report.code === 'no-webgpu') {
      return [
        {
          kind: 'no-webgpu',
          key: 'no-webgpu',
          severity: 'error',
          title: 'This browser has no WebGPU',
          message:
            'Tandem runs its translation model on your GPU through WebGPU, which this browser does not offer. ' +
            DEMO_STILL_RUNS,
          action: 'Open Tandem in a recent Chrome or Edge (version 113 or later) on a desktop computer.',
        },
      ];
    }
    return [
      {
        kind: 'no-adapter',
        key: 'no-adapter',
        severity: 'error',
        title: 'WebGPU found no usable GPU',
        message: `The browser has WebGPU but offered no graphics adapter to use. ${DEMO_STILL_RUNS}`,
        action:
          'Turn on hardware acceleration in the browser settings, update your graphics driver, and check ' +
          'chrome://gpu for "WebGPU: Hardware accelerated". Then reload this page.',
        ...(report.detail !== undefined && { detail: report.detail }),
      },
    ];
  }
  const features = new Set(report.features);
  const build = pickBuild(TARGET, features);
  const issues: EnvironmentIssue[] = [];
  if (!report.hasShaderF16 && webllmTargetChosen) {
    issues.push({
      kind: 'no-shader-f16',
      key: 'no-shader-f16',
      severity: 'warning',
      title: 'No 16-bit float shaders',
      message:
        `Your GPU lacks 16-bit float shaders; Tandem will use the larger 32-bit build of ${TARGET.name} ` +
        `(${build.quantization}, about ${formatSize(build.weightsBytesApprox)} to download and ` +
        `${vram(build)} of GPU memory instead of ` +
        `${vram(TARGET.builds[0])}).`,
      action: 'Nothing to do; a GPU and browser with shader-f16 would be faster and need less memory.',
    });
  }
  const short = limitShortfall(report.limits);
  if (short) {
    issues.push({
      kind: 'gpu-limits',
      key: 'gpu-limits',
      severity: 'error',
      title: 'Not enough GPU memory for the translation model',
      message:
        `Your GPU allows at most ${formatSize(report.limits[short])} per buffer (${short}); ${TARGET.name} ` +
        `(${build.quantization}) needs ${formatSize(WEBLLM_MIN_LIMITS[short])} buffers and about ` +
        `${vram(build)} of GPU memory in all. ${DEMO_STILL_RUNS}`,
      action: memoryAction(build),
    });
  }
  return issues;
}

function limitShortfall(limits: GpuLimits): keyof typeof WEBLLM_MIN_LIMITS | null {
  for (const key of ['maxBufferSize', 'maxStorageBufferBindingSize'] as const) {
    if (limits[key] < WEBLLM_MIN_LIMITS[key]) return key;
  }
  return null;
}

/** Errors of loading a model or of a run that say something about the machine, not the model. */
function loadIssues(input: EnvironmentInput): EnvironmentIssue[] {
  const demoError = input.demo.phase === 'failed' ? input.demo.error : null;
  const errors = [demoError, input.pairError ?? null, input.runError].filter((e): e is ErrorInfo => e !== null);
  const issues: EnvironmentIssue[] = [];
  for (const error of errors) {
    if (isMissingFile(error) && !input.online && !issues.some((i) => i.kind === 'model-offline')) {
      issues.push({
        kind: 'model-offline',
        key: 'model-offline',
        severity: 'error',
        title: 'This model is not downloaded and you are offline',
        message: 'Its files are not stored in this browser yet, and without a network they cannot be fetched.',
        action: 'Connect to the network and pick the model again; once it has loaded, it works offline too.',
        detail: error.message,
      });
    }
    if (isOutOfMemory(error) && !issues.some((i) => i.kind === 'gpu-out-of-memory')) {
      const build = buildFor(input.gpu);
      issues.push({
        kind: 'gpu-out-of-memory',
        key: 'gpu-out-of-memory',
        severity: 'error',
        title: 'The GPU ran out of memory',
        message: `The model did not fit in your GPU's free memory (${TARGET.name} ${build.quantization} needs about ${vram(build)}).`,
        action: memoryAction(build),
        detail: error.message,
      });
    }
  }
  return issues;
}

/**
 * A model file that could not be read: a ModelFileMissingError, itself or anywhere in the cause
 * chain (the tokenizer loader wraps it in a TokenizerError; causes cross the worker boundary in
 * src/protocol/error-transfer.ts and the store keeps them in ErrorInfo.cause). Matched by the class's
 * name, which the build keeps (vite.config.ts), never by the words of a message.
 */
function isMissingFile(error: ErrorInfo): boolean {
  return errorChain(error).some((e) => e.name === ModelFileMissingError.name);
}

/** GpuOutOfMemoryError, WebGPU's own GPUOutOfMemoryError, or an engine's "out of memory" limit error. */
function isOutOfMemory(error: ErrorInfo): boolean {
  if (error.name === 'GpuOutOfMemoryError' || error.name === 'GPUOutOfMemoryError') return true;
  return ['DeviceLimitError', 'MlcGpuError'].includes(error.name) && /out of memory/i.test(error.message);
}

function recoveryIssues(recovery: WorkerRecoveryState): EnvironmentIssue[] {
  if (recovery.phase === 'none') return [];
  const base = { title: 'The translation worker stopped', detail: `${recovery.cause.name}: ${recovery.cause.message}` };
  switch (recovery.phase) {
    case 'restarting':
      return [
        {
          ...base,
          kind: 'worker-restarting',
          key: `worker-${recovery.restarts}`,
          severity: 'warning',
          message: 'The translation worker stopped; restarting it…',
        },
      ];
    case 'restarted':
      return [
        {
          ...base,
          kind: 'worker-restarted',
          key: `worker-${recovery.restarts}`,
          severity: 'info',
          message: 'The translation worker stopped; restarted it. A translation that was running was lost.',
          action: 'Press Translate to run it again.',
        },
      ];
    case 'gave-up':
      return [
        {
          ...base,
          kind: 'worker-gave-up',
          key: 'worker-gave-up',
          severity: 'error',
          title: 'The translation worker keeps stopping',
          message: `The translation worker stopped ${recovery.restarts + 1} times in a minute, so Tandem stopped restarting it.`,
          action: 'Reload the page. If it happens again, close other tabs that use the GPU.',
        },
      ];
  }
}

/** The target build this GPU would get; the larger f32 one when the GPU is not known. */
function buildFor(gpu: GpuState): WebLlmBuild {
  if (gpu.phase === 'done' && gpu.report.available) return pickBuild(TARGET, new Set(gpu.report.features));
  return TARGET.builds[TARGET.builds.length - 1];
}

function memoryAction(build: WebLlmBuild): string {
  return `Close other tabs and programs that use the GPU and reload, or use a computer whose GPU has at least ${vram(build)} of memory.`;
}

/** web-llm names the figure vram_required_MB: megabytes. */
function vram(build: WebLlmBuild): string {
  return formatSize(build.vramRequiredMB * 1e6);
}
