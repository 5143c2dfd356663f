import { parseArgs } from 'node:util';
import { baselineWorktree, measureBuilds, type BuildToMeasure, type LongTaskRow } from './bench/longtasks-run.ts';
import { fixed, printTable } from './bench/table.ts';

const { values } = parseArgs({
  options: {
    lengths: { type: 'string', default: '256,512,1024' },
    reps: { type: 'string', default: '1' },
    throttle: { type: 'string', default: '1' },
    baseline: { type: 'string' },
  },
});
const lengths = values.lengths.split(',').map(Number);
if (lengths.some((n) => !Number.isInteger(n) || n < 1 || n > 3072))
  throw new RangeError(`--lengths: integers from 1 to 3072, got ${values.lengths}`);
const throttle = Number(values.throttle);
if (!(throttle >= 1)) throw new RangeError(`--throttle: a number ≥ 1, got ${values.throttle}`);
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`--reps: an integer ≥ 1, got ${values.reps}`);

const builds: BuildToMeasure[] = [{ label: 'this checkout', root: process.cwd() }];
const baseline = values.baseline ? baselineWorktree(values.baseline) : null;
if (baseline) builds.unshift(baseline.build);
let rows: LongTaskRow[];
try {
  rows = await measureBuilds(builds, { lengths, reps, throttle });
} finally {
  baseline?.remove();
}

const perThousand = (row: LongTaskRow): number => (row.tokens > 0 ? (row.longTaskMs / row.tokens) * 1000 : 0);
printTable(
  [
    'build',
    'max tokens',
    'emitted',
    'run s',
    'tokens/s',
    'long tasks',
    'long-task ms',
    'max task ms',
    'ms per 1k tokens',
  ],
  rows.map((row) => [
    row.build,
    String(row.length),
    String(row.tokens),
    fixed(row.runSeconds, 1),
    fixed(row.tokens / row.runSeconds, 1),
    String(row.longTasks),
    fixed(row.longTaskMs, 0),
    fixed(row.maxTaskMs, 0),
    fixed(perThousand(row), 0),
  ]),
);
if (baseline) {
  const total = (label: string) => {
    const mine = rows.filter((r) => r.build === label);
    const tokens = mine.reduce((sum, r) => sum + r.tokens, 0);
    return tokens > 0 ? (mine.reduce((sum, r) => sum + r.longTaskMs, 0) / tokens) * 1000 : 0;
  };
  const [before, after] = [total(builds[0].label), total(builds[1].label)];
  console.log(
    `long-task ms per 1k tokens, all lengths: ${fixed(before, 0)} (baseline) vs ${fixed(after, 0)} (this checkout)`,
  );
}
