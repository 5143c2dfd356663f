import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adapterCheck } from './adapter-check.ts';
import { parseArgs, UsageError, type KitArgs } from './args.ts';
import type { KitCheck } from './check.ts';
import { Deadline } from './deadline.ts';
import { draftingCheck } from './drafting-check.ts';
import { describeAdapter, openGpu, releaseGpu, type GpuSetup } from './gpu-setup.ts';
import { renderReport } from './markdown.ts';
import { parityCheck } from './parity-check.ts';
import { exitCodeOf, newSection, SECTION_KEYS, type KitReport, type Section, type SectionKey } from './report.ts';
import { RUNNING, runChecks } from './runner.ts';
import { speedupCheck } from './speedup-check.ts';
import { targetCheck } from './target-check.ts';
import { trainingCheck } from './training-check.ts';

/**
 * The kit's entry point (bundled into tandem-gpu-checks.mjs; run.sh starts it): opens the GPU,
 * runs the checks against one global deadline, and writes report.json and report.md into --out
 * after every section. A watchdog writes what there is and exits if a step hangs past the deadline.
 */

const CHECKS = [
  adapterCheck,
  parityCheck,
  draftingCheck,
  targetCheck,
  speedupCheck,
  trainingCheck,
] as unknown as KitCheck<unknown>[];
/** Past the deadline, how long a hung step may go on before the watchdog gives up on it. */
const WATCHDOG_GRACE_MS = 20_000;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const deadline = new Deadline(args.deadlineS * 1000);
  await mkdir(args.out, { recursive: true });
  const report = await newReport(args);
  const save = async (): Promise<void> => {
    report.kit.elapsedS = Number(deadline.elapsedS().toFixed(1));
    await writeFile(join(args.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(args.out, 'report.md'), renderReport(report, CHECKS));
  };
  // Not unref'd: a GPU promise that never settles must end in a partial report, not a silent exit.
  const watchdog = setTimeout(() => void giveUp(report, save), deadline.remainingMs() + WATCHDOG_GRACE_MS);
  const log = (line: string): void => console.log(`[${deadline.elapsedS().toFixed(1).padStart(6)} s] ${line}`);
  try {
    log(`Tandem GPU check kit${args.quick ? ' (quick)' : ''}: deadline ${args.deadlineS} s, reports in ${args.out}`);
    let gpu: GpuSetup;
    try {
      gpu = await openGpu(args.dawnOptions);
    } catch (error) {
      const adapter = report.sections.adapter;
      adapter.status = 'error';
      adapter.summary = `no GPU: ${(error as Error).message}`;
      for (const key of SECTION_KEYS.slice(1)) report.sections[key].summary = 'not run: no WebGPU adapter';
      await save();
      log(adapter.summary);
      return 3;
    }
    log(`adapter: ${describeAdapter(gpu.adapter)}; features: ${[...gpu.adapter.features].sort().join(', ')}`);
    await runChecks(CHECKS, { gpu, quick: args.quick, deadline, report, log }, save);
    await save();
    const code = exitCodeOf(report);
    log(
      `done in ${deadline.elapsedS().toFixed(0)} s: ${code === 0 ? 'all checks passed or measured' : code === 1 ? 'a check FAILED or threw' : 'partial (time ran out)'}; see ${join(args.out, 'report.md')}`,
    );
    return code;
  } finally {
    clearTimeout(watchdog);
    releaseGpu();
  }
}

async function newReport(args: KitArgs): Promise<KitReport> {
  const sections = Object.fromEntries(CHECKS.map((c) => [c.key, newSection(c.key, c.title, c.emptyData())])) as Record<
    SectionKey,
    Section
  >;
  return {
    kit: {
      build: args.kitInfo ? (JSON.parse(await readFile(args.kitInfo, 'utf8')) as Record<string, unknown>) : null,
      quick: args.quick,
      deadlineS: args.deadlineS,
      startedAt: new Date().toISOString(),
      elapsedS: 0,
      partial: false,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      vulkan: {
        loader: process.env.TANDEM_KIT_VULKAN_LOADER_USED ?? null,
        driverFiles: process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES ?? null,
      },
    },
    sections,
  };
}

/** The deadline passed and a step still hangs: save what there is, mark the running section, and exit. */
async function giveUp(report: KitReport, save: () => Promise<void>): Promise<void> {
  report.kit.partial = true;
  for (const section of Object.values(report.sections)) {
    if (section.summary === RUNNING) section.summary = 'killed by the watchdog: a step hung past the global deadline';
  }
  console.error('watchdog: a step hung past the global deadline; writing the partial report and exiting');
  await save().catch((error: Error) => console.error(`could not write the report: ${error.message}`));
  process.exit(2);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof UsageError ? `usage: ${error.message}` : (error.stack ?? String(error)));
    process.exit(error instanceof UsageError ? 64 : 3);
  },
);
