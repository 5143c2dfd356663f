import type { KitCheck, KitContext } from './check.ts';
import { OutOfTime, SectionClock, type Deadline } from './deadline.ts';
import type { GpuSetup } from './gpu-setup.ts';
import type { KitReport, Section } from './report.ts';

/**
 * Runs the checks in order, each on its own clock, and saves the report after each one. A check
 * that runs out of time is 'partial' and keeps its data; one that throws is 'error' with the
 * message; the next check runs either way.
 */
export async function runChecks(
  checks: readonly KitCheck<unknown>[],
  setup: { gpu: GpuSetup; quick: boolean; deadline: Deadline; report: KitReport; log: (line: string) => void },
  save: () => Promise<void>,
): Promise<void> {
  for (const check of checks) {
    const section = setup.report.sections[check.key] as Section<unknown>;
    if (setup.deadline.remainingMs() <= 0 && !check.instant) {
      section.summary = 'not run: the global deadline had passed';
      continue;
    }
    const clock = check.instant
      ? new SectionClock(check.key, Date.now() + INSTANT_MS)
      : setup.deadline.section(check.key, check.share);
    const ctx: KitContext = { gpu: setup.gpu, quick: setup.quick, clock, report: setup.report, log: setup.log };
    setup.log(`— ${check.title}`);
    markRunning(section);
    try {
      await check.run(ctx, section);
    } catch (error) {
      if (error instanceof OutOfTime) {
        section.status = 'partial';
        section.summary =
          `stopped at its time budget after ${clock.elapsedS().toFixed(0)} s; what it measured before is kept. ${section.summary === RUNNING ? '' : section.summary}`.trim();
        setup.report.kit.partial = true;
      } else {
        section.status = 'error';
        section.error =
          error instanceof Error
            ? `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`
            : String(error);
        section.summary = error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
    }
    section.elapsedS = Number(clock.elapsedS().toFixed(2));
    setup.log(`  ${section.status}: ${section.summary}`);
    await save();
  }
}

/** The clock of an instant check: it should need none of it. */
const INSTANT_MS = 5_000;

/** The summary a section shows while it runs (and keeps if the process is killed mid-section). */
export const RUNNING = 'running (the run ended before this section finished)';

function markRunning(section: Section<unknown>): void {
  section.status = 'partial';
  section.summary = RUNNING;
}
