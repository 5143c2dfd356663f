import type { CheckPartial } from './page.ts';

/** What a timed-out check still says: how far it got and what it measured. */
export function timeoutMessage(timeoutMs: number, partial: CheckPartial | null): string {
  const lines = [`the check did not finish within ${Math.round(timeoutMs / 60_000)} min (--timeout).`];
  if (!partial) return lines[0]!;
  if (partial.webllm) lines.push(`web-llm: ${partial.webllm}`);
  lines.push(`It was at: ${partial.lastStep}.`);
  lines.push(partial.measured.length > 0 ? 'Measured before the timeout:' : 'Nothing was measured yet.');
  lines.push(...partial.measured);
  return lines.join('\n');
}
