import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PerfConfig, PerfRunResult } from './page/types.ts';
import { parsePolicySpec, policyLabel } from './page/policies.ts';
import { renderMatrix, renderReport, speedupTable } from './report-md.ts';
import { histogramSvg, speedupSvg } from './report-svg.ts';
import { acceptedHistogram, matrixOf, summarize, type Summary } from './summary.ts';

/** Writes samples.json, table.md, speedup.svg, histogram.svg (and matrix.md) under `dir`. */

export interface PerfOutputs {
  files: string[];
  summary: Summary;
  /** The speedup table, for the terminal. */
  table: string;
}

export function defaultOutDir(now = new Date()): string {
  return join('perf-results', now.toISOString().replace(/[:.]/g, '-'));
}

export async function writePerfOutputs(
  dir: string,
  config: PerfConfig,
  result: PerfRunResult,
  fixtures: boolean,
): Promise<PerfOutputs> {
  await mkdir(dir, { recursive: true });
  const summary = summarize(result.samples);
  const target =
    config.target.kind === 'fixture'
      ? `${config.target.url} (fixture)`
      : `${config.target.modelUrl} with ${config.target.modelLib}`;
  const settings = [
    config.temperature === 0 ? 'greedy' : 'T=1',
    'batch 1',
    `max ${config.maxNewTokens} new tokens`,
    `policies ${config.policies.join(', ')}`,
    `drafters on ${config.drafterEngine}`,
    `${result.warmupSamples} warm-up sample per pair excluded`,
  ].join(', ');
  const context = {
    adapter: result.adapter,
    fallbackAdapter: result.fallbackAdapter,
    target,
    engines: result.engines,
    settings,
    fixtures,
  };
  const files: Record<string, string> = {
    'samples.json': `${JSON.stringify({ config, fixtures, ...result, summary }, null, 2)}\n`,
    'table.md':
      renderReport(context, summary) +
      (result.selfCheck ? `\n## Target self-check\n\n\`\`\`\n${result.selfCheck}\n\`\`\`\n` : ''),
    'speedup.svg': speedupSvg(summary.rows),
    'histogram.svg': histogramSvg(acceptedHistogram(result.samples)),
  };
  if (config.matrix)
    files['matrix.md'] = renderMatrix(matrixOf(result.samples, policyLabel(parsePolicySpec(config.policies[0]))));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { files: Object.keys(files).map((n) => join(dir, n)), summary, table: speedupTable(summary.rows) };
}
