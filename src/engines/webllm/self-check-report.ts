import type { Comparison, SelfCheckReport } from './self-check.ts';

/** Plain-text rendering of the self-check, printed by `npm run check:target` and shown in the app's log. */

export interface ReportContext {
  modelUrl?: string;
  modelLib?: string;
  /** GPU adapter in words (vendor, architecture, description). */
  gpu?: string;
  webllmVersion?: string;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : String(x));

/** One comparison's lines: the summary, then any unusable rows and each argmax flip. */
export function comparisonLines(c: Comparison): string[] {
  const lines = [
    `  ${c.name.padEnd(18)} rows ${c.rows}  max |Δlogit| ${fmt(c.maxAbsDiff).padEnd(8)} argmax agree ${c.argmaxAgreements}/${c.rows}`,
  ];
  if (c.invalid) lines.push(`    unusable: ${c.invalid}`);
  for (const d of c.disagreements) {
    const kind = d.nearTie ? 'near-tie (noise)' : 'DISAGREEMENT';
    lines.push(
      `    position ${d.position}: token ${d.referenceToken} vs ${d.candidateToken}, top-2 gap ${fmt(d.gap)} → ${kind}`,
    );
  }
  return lines;
}

export function formatSelfCheckReport(report: SelfCheckReport, context: ReportContext = {}): string {
  const lines = ['Tandem target self-check (batch_verify vs decode vs popn)'];
  if (context.modelUrl) lines.push(`  model      ${context.modelUrl}`);
  if (context.modelLib) lines.push(`  model lib  ${context.modelLib}`);
  if (context.gpu) lines.push(`  GPU        ${context.gpu}`);
  if (context.webllmVersion) lines.push(`  web-llm    ${context.webllmVersion}`);
  lines.push(`  binding    ${report.binding.ok ? 'ok' : 'TOO SMALL'}: ${report.binding.message}`);
  lines.push(`  thresholds tolerance ${report.thresholds.tolerance}, near-tie ε ${report.thresholds.epsilon}`);
  lines.push('', 'Comparisons (reference first):');
  for (const c of report.comparisons) lines.push(...comparisonLines(c));
  const { verifyMs, decodeMs, tail } = report.timing;
  if (verifyMs > 0 && decodeMs > 0) {
    lines.push(
      '',
      `Timing: one batch_verify of ${tail} tokens ${verifyMs.toFixed(1)} ms, ${tail} decodes ${decodeMs.toFixed(1)} ms (${(decodeMs / verifyMs).toFixed(2)}x)`,
    );
  }
  lines.push(
    '',
    `Verdict: ${report.verdict} — speculation ${report.speculation ? 'ON' : 'OFF'}, prompt via ${report.prefill ? 'prefill' : 'decode'}`,
  );
  lines.push(report.message);
  return lines.join('\n');
}
