import { formatSize } from '../../src/format.ts';
import { PAIRS, type EngineInfo, type Pair } from './page/types.ts';
import { AUTOREGRESSIVE, type Matrix, type MethodRow, type Summary } from './summary.ts';

/** Markdown in the shape of the paper's Table 1: pairs as columns, methods as rows, τ with each speedup. */

export interface ReportContext {
  adapter: string;
  fallbackAdapter: boolean;
  target: string;
  engines: EngineInfo[];
  settings: string;
  fixtures: boolean;
}

const NA = '—';
/** The numbers to compare with (the paper's, in ARCHITECTURE.md), under the table of a real run. */
export const PAPER_LINE =
  '> Paper (Yi et al. 2024, Table 1; greedy, RTX 3090, language-specific drafters): de 2.42x, fr 2.05x, ru 1.74x, ja 1.71x, zh 1.52x, mean 1.89x; τ 3.03 on de→en. Generic vicuna-68m: 1.18x mean.';
const x = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : NA);
const n2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : NA);

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The main table: "speedup (τ)" per pair and the mean of the pairs. */
export function speedupTable(rows: readonly MethodRow[]): string {
  const header = row(['Method', ...PAIRS, 'mean']);
  const rule = row(['---', ...PAIRS.map(() => '---:'), '---:']);
  const body = rows.map((r) =>
    row([
      r.method,
      ...PAIRS.map((p) => {
        const c = r.cells[p];
        return c ? `${x(c.speedup)} (τ ${n2(c.tau)})` : NA;
      }),
      r.meanSpeedup === null ? NA : `${x(r.meanSpeedup)} (τ ${n2(r.meanTau!)})`,
    ]),
  );
  return [header, rule, ...body].join('\n');
}

/** α, tokens/s and the draft/verify split (mean ms per sample) per method and pair. */
export function detailTable(rows: readonly MethodRow[]): string {
  const header = row(['Method', 'pair', 'samples', 'tokens/s', 'α', 'τ', 'draft ms', 'verify ms']);
  const rule = row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']);
  const body: string[] = [];
  for (const r of rows) {
    for (const p of PAIRS) {
      const c = r.cells[p];
      if (!c) continue;
      // α means nothing where nothing is drafted.
      const alpha = r.method === AUTOREGRESSIVE ? NA : n2(c.alpha);
      body.push(
        row([r.method, p, String(c.samples), n2(c.tokensPerSecond), alpha, n2(c.tau), n2(c.draftMs), n2(c.verifyMs)]),
      );
    }
  }
  return [header, rule, ...body].join('\n');
}

export function formatBytes(bytes: number | null): string {
  return bytes === null ? 'not reported' : formatSize(bytes);
}

export function renderReport(context: ReportContext, summary: Summary): string {
  const { losslessness: l } = summary;
  const lines = [
    '# Tandem perf run',
    '',
    context.fixtures
      ? '> **Fixture run**: the tiny fixture target and drafter stand in for every language. This checks the harness; its numbers are no speed claim.'
      : '> Speedup = mean per-sample tokens/s of the method over that of autoregressive decoding of the same target on the same prompts; one warm-up sample per pair excluded.',
    '',
    `- adapter: ${context.adapter}${context.fallbackAdapter ? ' (software fallback adapter)' : ''}`,
    `- target: ${context.target}`,
    `- settings: ${context.settings}`,
    '- engines (GPU buffer bytes):',
    ...context.engines.map(
      (e) => `  - ${e.role} ${e.name} on ${e.engine}: ${formatBytes(e.gpuBufferBytes)}${e.note ? ` (${e.note})` : ''}`,
    ),
    `- losslessness: ${l.compared === 0 ? 'not compared (sampled decoding: outputs are draws, not equal strings)' : `${l.mismatches} mismatches in ${l.compared} speculative samples compared with autoregressive output${l.nearTies > 0 ? ` (${l.nearTies} near-tie flips)` : ''}`}`,
    '',
    '## Speedup over autoregressive (τ = mean tokens per target pass)',
    '',
    speedupTable(summary.rows),
    '',
    ...(context.fixtures ? [] : [PAPER_LINE, '']),
    '## Details',
    '',
    detailTable(summary.rows),
  ];
  if (l.lines.length > 0) lines.push('', '## Mismatches', '', ...l.lines.map((m) => `- ${m}`));
  return `${lines.join('\n')}\n`;
}

/** The input-domain experiment: each per-language drafter (rows) on each source language (columns). */
export function renderMatrix(matrix: Matrix): string {
  const header = row(['drafter \\ source', ...PAIRS]);
  const rule = row(['---', ...PAIRS.map(() => '---:')]);
  const body = matrix.drafters.map((d: Pair) =>
    row([
      `${d} drafter`,
      ...PAIRS.map((p) => {
        const c = matrix.cells[d]?.[p];
        return c ? `${x(c.speedup)} (τ ${n2(c.tau)})` : NA;
      }),
    ]),
  );
  return [
    `# Drafter × source language (policy ${matrix.policy})`,
    '',
    'Speedup over autoregressive decoding of the same prompts; the diagonal is each drafter on its own language.',
    '',
    header,
    rule,
    ...body,
    '',
  ].join('\n');
}
