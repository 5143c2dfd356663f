import { table } from './check.ts';
import type { DraftingData } from './drafting-data.ts';
import { ms } from './measure.ts';

export function renderDrafting(d: DraftingData): string[] {
  const lines = [
    `Each figure is the median of ${d.reps} timed calls after ${d.warmUp} warm-up, on top of a ${d.context}-token context (cut back after each call).`,
    'Wall: from the call to its result on the CPU. GPU: the summed duration of the compute passes it submitted (timestamp queries).',
    '',
  ];
  for (const c of d.drafters) {
    lines.push(
      `### ${c.model}: ${c.label}`,
      '',
      `${c.shape}; ${(c.parameters / 1e6).toFixed(0)}M parameters; ${c.precision} weights.`,
      '',
    );
    lines.push(
      ...table(
        [
          'k',
          'draft(k) wall ms/token',
          'GPU ms/token',
          'naive wall ms/token',
          'GPU ms/token',
          'naive / draft',
          'submits, readbacks per draft',
          'per k naive appends',
        ],
        c.rows.map((r) => [
          r.k,
          ms(r.draft.wallMs / r.k),
          ms(r.draft.gpuMs === null ? null : r.draft.gpuMs / r.k, 3),
          ms(r.naive.wallMs / r.k),
          ms(r.naive.gpuMs === null ? null : r.naive.gpuMs / r.k, 3),
          `${(r.naive.wallMs / r.draft.wallMs).toFixed(2)}x`,
          `${r.draftSubmits}, ${r.draftReadbacks}`,
          `${r.naiveSubmits}, ${r.naiveReadbacks}`,
        ]),
      ),
    );
  }
  lines.push(`transformers.js (Node, WebGPU): ${d.transformersJs}`, '');
  return lines;
}
