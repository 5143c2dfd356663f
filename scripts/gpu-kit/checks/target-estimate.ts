import { table } from './check.ts';
import { ms, type Timing } from './measure.ts';
import type { PassTimes, TargetData } from './target-data.ts';

/** Why web-llm itself is not measured here. */
export const WEBLLM_STATUS =
  "not run: web-llm needs a browser (it runs TVM's WebGPU runtime in a page or worker) and a compiled model library " +
  'for this GPU (Vicuna-7B q4f16_1 .wasm plus ~4 GB of weights); neither exists on a headless server. ' +
  "A LLaMA-7B-shaped model on Tandem's own llama-webgpu stands in (unquantized f16 or f32 weights, so its passes read " +
  "3.5–7x the bytes of web-llm's 4-bit ones: c against it is smaller than against web-llm).";

/** t(L) = t₁ + (L − 1)(t₂ − t₁): the cost of one more layer, scaled to the whole model. */
export function extrapolate(one: Timing, two: Timing, layers: number): Timing {
  const at = (a: number, b: number): number => a + (layers - 1) * (b - a);
  return {
    wallMs: at(one.wallMs, two.wallMs),
    gpuMs: one.gpuMs === null || two.gpuMs === null ? null : at(one.gpuMs, two.gpuMs),
  };
}

export function estimatePasses(one: PassTimes, two: PassTimes, layers: number): PassTimes {
  return {
    decode: extrapolate(one.decode, two.decode, layers),
    verify: one.verify.map((v, i) => ({ ...v, timing: extrapolate(v.timing, two.verify[i].timing, layers) })),
  };
}

export function renderTarget(d: TargetData): string[] {
  const rows: (string | number)[][] = [];
  const add = (label: string, p: PassTimes): void => {
    rows.push([label, 'decode (1 token)', ms(p.decode.wallMs), ms(p.decode.gpuMs)]);
    for (const v of p.verify)
      rows.push([label, `verify (${v.tokens} tokens, k=${v.k})`, ms(v.timing.wallMs), ms(v.timing.gpuMs)]);
  };
  for (const r of d.runs)
    add(
      `${r.layers} layer${r.layers > 1 ? 's' : ''} measured (${r.gpuBufferGB.toFixed(2)} GB, built in ${r.buildS.toFixed(1)} s)`,
      r.passes,
    );
  if (d.estimate) add('**ESTIMATE** for all layers (1 layer + (L−1) × the 2nd layer)', d.estimate);
  return [
    `web-llm: ${d.webllm}`,
    '',
    `Stand-in: ${d.label}: ${d.shape}; ${d.precision} weights; after a ${d.context}-token context; median of ${d.reps} after 1 warm-up.`,
    `Whole model: ${d.full}. Section 5 uses the ${d.used === 'measured' ? 'measured whole model' : 'estimate'}.`,
    '',
    ...table(['model', 'pass', 'wall ms', 'GPU ms'], rows),
  ];
}
