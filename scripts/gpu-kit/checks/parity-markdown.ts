import { table } from './check.ts';
import type { ParityData } from './parity-data.ts';

export function renderParity(d: ParityData): string[] {
  return [
    `Tolerance: max |Δlogit| ≤ ${d.relativeTolerance} × max(1, max |logit|), argmax equal; draft confidences within ${d.confidenceTolerance}.`,
    `f16 path: ${d.f16Path}.`,
    '',
    ...table(
      ['model', 'shape', 'weights'],
      d.models.map((m) => [m.name, m.shape, m.weights]),
    ),
    ...table(
      ['model', 'precision', 'step', 'max |Δ|', 'max |logit|', 'relative', 'argmax ≠', 'ok'],
      d.steps.map((s) => [
        s.model,
        s.precision,
        s.step,
        s.maxAbs.toExponential(2),
        s.scale.toFixed(1),
        s.relative.toExponential(2),
        s.argmaxMismatches,
        s.passed ? 'yes' : 'NO',
      ]),
    ),
    ...table(
      [
        'model',
        'precision',
        'context',
        'k',
        'tokens equal',
        'confidence Δ',
        'after-draft relative',
        'submits',
        'readbacks',
        'ok',
      ],
      d.drafts.map((x) => [
        x.model,
        x.precision,
        x.context,
        x.k,
        x.gpuTokens.every((t, i) => t === x.cpuTokens[i]) ? 'yes' : 'NO',
        x.confidenceMaxDiff.toExponential(1),
        x.afterRelative.toExponential(1),
        x.submits,
        x.readbacks,
        x.passed ? 'yes' : 'NO',
      ]),
    ),
    ...(d.f16VsF32.length === 0
      ? []
      : [
          'The f16 path against the f32 reference (informative: what rounding the weights to f16 costs):',
          '',
          ...table(
            ['model', 'max |Δ|', 'relative', 'argmax ≠ (of 37 rows)'],
            d.f16VsF32.map((x) => [
              x.model,
              x.maxAbs.toExponential(2),
              x.relative.toExponential(2),
              x.argmaxMismatches,
            ]),
          ),
        ]),
  ];
}
