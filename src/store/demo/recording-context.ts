import type { ModelSummary, TranslateRequest } from '../../protocol/protocol.ts';
import type { GpuState, TandemState } from '../types.ts';
import type { TraceModel } from './trace-format.ts';
import type { RecordingContext } from './trace-recorder.ts';

/** What a trace says ran the run: the models the store knows are loaded, and the GPU the worker found. */
export function recordingContext(state: TandemState, request: TranslateRequest, at: Date): RecordingContext {
  return { request, models: modelsOf(state, request), adapter: describeAdapter(state.gpu), recordedAt: at };
}

function modelsOf(state: TandemState, request: TranslateRequest): RecordingContext['models'] {
  const drafting = request.mode !== 'autoregressive';
  if (!request.pair && state.demo.phase === 'ready') {
    const { info } = state.demo;
    return {
      target: { name: `demo target (${shape(info.target)})`, engine: info.engine },
      drafter: drafting
        ? { name: `demo drafter (${shape(info.drafter)})`, engine: info.drafterEngine ?? info.engine }
        : null,
    };
  }
  if (state.pair.phase === 'ready') {
    const { target, drafter } = state.pair.info;
    return {
      target: { name: target.name, engine: target.engine },
      drafter: drafting && drafter ? { name: drafter.name, engine: drafter.engine } : null,
    };
  }
  // The pair was still loading when the run was asked for: its ids are all that is known.
  const named = (id: string | null | undefined): TraceModel | null => (id ? { name: id, engine: null } : null);
  return {
    target: named(request.pair?.target) ?? { name: 'demo target', engine: null },
    drafter: drafting ? named(request.pair ? request.pair.drafter : 'demo drafter') : null,
  };
}

function shape(model: ModelSummary): string {
  return `${model.layers} layers, hidden ${model.hiddenSize}, vocabulary ${model.vocabSize}`;
}

/** e.g. "SwiftShader Device (Subzero); google swiftshader; fallback adapter; no shader-f16". */
export function describeAdapter(gpu: GpuState): string {
  if (gpu.phase === 'probing') return 'unknown (the GPU check had not finished)';
  if (gpu.phase === 'failed') return `unknown (the GPU check failed: ${gpu.error.message})`;
  const { report } = gpu;
  if (!report.available) return `no WebGPU adapter (${report.reason})`;
  const maker = [report.vendor, report.architecture].filter(Boolean).join(' ');
  return [
    report.adapterName,
    ...(maker && !report.adapterName.includes(maker) ? [maker] : []),
    ...(report.isFallbackAdapter ? ['fallback adapter'] : []),
    report.hasShaderF16 ? 'shader-f16' : 'no shader-f16',
  ].join('; ');
}
