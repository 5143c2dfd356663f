import { table, type KitCheck } from './check.ts';
import type { DraftingData, DraftingRow } from './drafting-data.ts';
import { ms } from './measure.ts';
import type { PassTimes, TargetData } from './target-data.ts';
import { leviathanSpeedup, PAPER_ALPHA, PAPER_GAMMA } from './speedup.ts';

/**
 * Sections 3 and 4 together: c = (one drafted token) / (one target decode pass) for each drafter
 * shape and drafting method, and the speedup Leviathan et al.'s formula predicts from it at the
 * paper's α = 0.71, γ = 5, with the verify pass costed as one decode pass (the formula's
 * assumption) and as measured (a pass of γ + 1 tokens).
 */

export interface SpeedupRow {
  drafter: string;
  method: string;
  /** The k whose per-token cost is used (γ when measured). */
  k: number;
  drafterMsPerToken: number;
  drafterGpuMsPerToken: number | null;
  targetDecodeMs: number;
  targetDecodeGpuMs: number | null;
  c: number;
  speedup: number;
  cGpu: number | null;
  speedupGpu: number | null;
  /** verify(γ + 1 tokens) / decode, wall clock. */
  verifyRatio: number | null;
  speedupWithVerify: number | null;
}

export interface SpeedupData {
  alpha: number;
  gamma: number;
  target: string;
  rows: SpeedupRow[];
}

export const speedupCheck: KitCheck<SpeedupData> = {
  key: 'speedup',
  title: '5. c and the predicted speedup (from 3 and 4)',
  share: 0.02,
  instant: true,
  emptyData: () => ({ alpha: PAPER_ALPHA, gamma: PAPER_GAMMA, target: '', rows: [] }),

  async run(ctx, section) {
    const drafting = ctx.report.sections.drafting.data as DraftingData;
    const target = ctx.report.sections.target.data as TargetData;
    const passes = usedPasses(target);
    if (drafting.drafters.length === 0 || !passes) {
      section.status = 'not-run';
      section.summary = `not computed: ${drafting.drafters.length === 0 ? 'section 3 measured no drafter' : 'section 4 has no target pass'}`;
      return;
    }
    const d = section.data;
    d.target = `${target.used === 'measured' ? 'measured' : 'ESTIMATED'} ${target.precision} target (${target.shape.split(',')[0]}) on llama-webgpu`;
    const verify = passes.verify.find((v) => v.k === PAPER_GAMMA);
    for (const drafter of drafting.drafters) {
      const row = drafter.rows.find((r) => r.k === PAPER_GAMMA) ?? drafter.rows[drafter.rows.length - 1];
      if (!row) continue;
      for (const method of ['draft(k), one submission', 'k naive appends'] as const) {
        d.rows.push(speedupRow(drafter.model, method, row, passes, verify?.timing.wallMs ?? null));
      }
    }
    section.status = 'measured';
    section.summary = d.rows
      .filter((r) => r.method.startsWith('draft'))
      .map(
        (r) =>
          `${r.drafter}: c = ${r.c.toFixed(3)} → S = ${r.speedup.toFixed(2)}x${r.speedupWithVerify === null ? '' : ` (${r.speedupWithVerify.toFixed(2)}x with the measured verify cost)`}`,
      )
      .join('; ');
    section.summary += ` — against the ${d.target}, α = ${d.alpha}, γ = ${d.gamma}`;
    if (target.used === 'estimate')
      section.notes.push('the target pass is an ESTIMATE (1 layer + 31 × the 2nd layer): see section 4');
    if (drafting.drafters.some((x) => !x.rows.some((r) => r.k === PAPER_GAMMA)))
      section.notes.push(`k = ${PAPER_GAMMA} was not measured for every drafter: the largest k measured stands in`);
  },

  markdown({ data: d }) {
    if (d.rows.length === 0) return [];
    return [
      `S = (1 − α^(γ+1)) / ((1 − α)(γ·c + v)), α = ${d.alpha}, γ = ${d.gamma}; v = 1 in Leviathan et al.'s formula, v = verify(γ+1 tokens) / decode as measured in the last column. Target: ${d.target}.`,
      '',
      ...table(
        [
          'drafter',
          'drafting',
          'k',
          'drafter ms/token',
          'target decode ms',
          'c',
          'S',
          'c (GPU time)',
          'S (GPU time)',
          'v',
          'S with measured v',
        ],
        d.rows.map((r) => [
          r.drafter,
          r.method,
          r.k,
          ms(r.drafterMsPerToken, 3),
          ms(r.targetDecodeMs),
          r.c.toFixed(3),
          `${r.speedup.toFixed(2)}x`,
          r.cGpu === null ? '—' : r.cGpu.toFixed(3),
          r.speedupGpu === null ? '—' : `${r.speedupGpu.toFixed(2)}x`,
          r.verifyRatio === null ? '—' : r.verifyRatio.toFixed(2),
          r.speedupWithVerify === null ? '—' : `${r.speedupWithVerify.toFixed(2)}x`,
        ]),
      ),
    ];
  },
};

function usedPasses(target: TargetData): PassTimes | null {
  if (target.used === 'measured') return target.runs[target.runs.length - 1]?.passes ?? null;
  return target.used === 'estimate' ? target.estimate : null;
}

export function speedupRow(
  drafter: string,
  method: string,
  row: DraftingRow,
  target: PassTimes,
  verifyMs: number | null,
): SpeedupRow {
  const timing = method.startsWith('draft') ? row.draft : row.naive;
  const perToken = timing.wallMs / row.k;
  const gpuPerToken = timing.gpuMs === null ? null : timing.gpuMs / row.k;
  const c = perToken / target.decode.wallMs;
  const cGpu = gpuPerToken === null || target.decode.gpuMs === null ? null : gpuPerToken / target.decode.gpuMs;
  const verifyRatio = verifyMs === null ? null : verifyMs / target.decode.wallMs;
  return {
    drafter,
    method,
    k: row.k,
    drafterMsPerToken: perToken,
    drafterGpuMsPerToken: gpuPerToken,
    targetDecodeMs: target.decode.wallMs,
    targetDecodeGpuMs: target.decode.gpuMs,
    c,
    speedup: leviathanSpeedup(PAPER_ALPHA, PAPER_GAMMA, c),
    cGpu,
    speedupGpu: cGpu === null ? null : leviathanSpeedup(PAPER_ALPHA, PAPER_GAMMA, cGpu),
    verifyRatio,
    speedupWithVerify: verifyRatio === null ? null : leviathanSpeedup(PAPER_ALPHA, PAPER_GAMMA, c, verifyRatio),
  };
}
