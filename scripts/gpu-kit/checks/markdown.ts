import type { KitCheck } from './check.ts';
import type { KitReport, Section } from './report.ts';

/** report.md: what ran where, then each section's status, summary, notes and tables. */
export function renderReport(report: KitReport, checks: readonly KitCheck<unknown>[]): string {
  const k = report.kit;
  const build = k.build
    ? Object.entries(k.build)
        .map(([key, value]) => `${key} ${String(value)}`)
        .join('; ')
    : 'not run from a built kit';
  const lines = [
    '# Tandem GPU check kit: report',
    '',
    `- started ${k.startedAt}, ran ${k.elapsedS.toFixed(0)} s of a ${k.deadlineS} s deadline${k.partial ? ' — **partial: some sections ran out of time**' : ''}`,
    `- mode: ${k.quick ? '**quick** (scaled-down shapes: checks the kit, measures nothing worth quoting)' : 'full (real shapes)'}`,
    `- Node ${k.node} on ${k.platform}; kit: ${build}`,
    `- Vulkan loader: ${k.vulkan.loader ?? 'unknown (not run through run.sh)'}; driver files: ${k.vulkan.driverFiles ?? "the loader's defaults"}`,
    '',
  ];
  for (const check of checks) {
    const section = report.sections[check.key] as Section<unknown>;
    lines.push(`## ${section.title} — ${section.status.toUpperCase()}`, '', section.summary, '');
    for (const note of section.notes) lines.push(`- ${note}`);
    if (section.notes.length > 0) lines.push('');
    if (section.error) lines.push('```', section.error, '```', '');
    if (section.status !== 'not-run' && section.status !== 'not-in-this-build')
      lines.push(...safeMarkdown(check, section));
  }
  return `${lines.join('\n')}\n`;
}

function safeMarkdown(check: KitCheck<unknown>, section: Section<unknown>): string[] {
  try {
    return check.markdown(section);
  } catch (error) {
    return [`(tables unavailable: ${(error as Error).message}; the data is in report.json)`, ''];
  }
}
