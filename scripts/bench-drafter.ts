/**
 * npm run bench:drafter — per drafted token: llama-webgpu draft(k) in one queue submission vs the
 * naive k single-token appends with a readback each vs llama-cpu, on the tiny fixture and on a
 * drafter of the paper's 68M shape, in headless Chromium (system Chromium, WebGPU). The page side
 * is scripts/bench/drafter-page.ts; the harness page serves it. The last two lines are
 * `queue submissions per draft: N` (k = 5) and `draft(k) vs naive: X.XXx` (68M shape).
 * Options: --k N, --reps N, --context N.
 */
import { parseArgs } from 'node:util';
import { printDrafterBench, runDrafterBench } from './bench/drafter-run.ts';

const { values } = parseArgs({
  options: {
    k: { type: 'string', default: '5' },
    reps: { type: 'string', default: '3' },
    context: { type: 'string', default: '32' },
  },
});
const bench = await runDrafterBench({
  k: Number(values.k),
  reps: Number(values.reps),
  context: Number(values.context),
});
printDrafterBench(bench);
