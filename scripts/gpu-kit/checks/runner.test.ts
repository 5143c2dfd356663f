import { describe, expect, it } from 'vitest';
import type { KitCheck } from './check.ts';
import { Deadline, OutOfTime } from './deadline.ts';
import type { GpuSetup } from './gpu-setup.ts';
import { newSection, type KitReport, type SectionKey } from './report.ts';
import { runChecks } from './runner.ts';

/** Fake checks through the runner: time-outs keep data, errors do not stop the run, instant checks run late. */

function fakeCheck(
  key: SectionKey,
  run: KitCheck<{ steps: number }>['run'],
  instant = false,
): KitCheck<{ steps: number }> {
  return { key, title: key, share: 0.5, instant, emptyData: () => ({ steps: 0 }), run, markdown: () => [] };
}

function reportFor(checks: KitCheck<{ steps: number }>[]): KitReport {
  const sections = Object.fromEntries(checks.map((c) => [c.key, newSection(c.key, c.title, c.emptyData())]));
  return {
    kit: {
      build: null,
      quick: true,
      deadlineS: 10,
      startedAt: '',
      elapsedS: 0,
      partial: false,
      node: '',
      platform: '',
      vulkan: { loader: null, driverFiles: null },
    },
    sections: sections as KitReport['sections'],
  };
}

describe('runChecks', () => {
  it('keeps what a timed-out check measured, reports an error and goes on, and saves after each check', async () => {
    const checks = [
      fakeCheck('parity', async (_ctx, s) => {
        s.data.steps = 2;
        throw new OutOfTime('parity');
      }),
      fakeCheck('drafting', async () => {
        throw new Error('device lost\nat somewhere');
      }),
      fakeCheck('target', async (_ctx, s) => {
        s.status = 'measured';
        s.summary = 'fine';
      }),
    ];
    const report = reportFor(checks);
    let saves = 0;
    await runChecks(
      checks as KitCheck<unknown>[],
      { gpu: {} as GpuSetup, quick: true, deadline: new Deadline(60_000), report, log: () => {} },
      async () => {
        saves++;
      },
    );
    expect(report.sections.parity).toMatchObject({ status: 'partial', data: { steps: 2 } });
    expect(report.sections.parity.summary).toMatch(/stopped at its time budget/);
    expect(report.kit.partial).toBe(true);
    expect(report.sections.drafting).toMatchObject({ status: 'error', summary: 'device lost' });
    expect(report.sections.target).toMatchObject({ status: 'measured', summary: 'fine' });
    expect(saves).toBe(3);
  });

  it('skips GPU checks once the deadline has passed, but still runs the instant ones', async () => {
    let now = 0;
    const deadline = new Deadline(1000, 0, () => now);
    now = 2000;
    const checks = [
      fakeCheck('target', async (_ctx, s) => {
        s.status = 'measured';
      }),
      fakeCheck(
        'speedup',
        async (_ctx, s) => {
          s.status = 'measured';
        },
        true,
      ),
    ];
    const report = reportFor(checks);
    await runChecks(
      checks as KitCheck<unknown>[],
      { gpu: {} as GpuSetup, quick: true, deadline, report, log: () => {} },
      async () => {},
    );
    expect(report.sections.target).toMatchObject({
      status: 'not-run',
      summary: 'not run: the global deadline had passed',
    });
    expect(report.sections.speedup.status).toBe('measured');
  });
});
