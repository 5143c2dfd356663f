/**
 * npm run bench:train — tokens/s of one training step (forward, backward, clipping, AdamW) of the
 * WebGPU trainer and of the CPU reference, side by side on the same model and batch, for the tiny
 * fixture and the paper's 68M drafter shape, plus the peak GPU buffer bytes, in headless Chromium
 * (system Chromium, WebGPU). On a machine without a GPU the adapter is SwiftShader: the figures
 * measure the code, not a GPU. The page side is scripts/bench/train-page.ts.
 * Options: --batch68m N --seq68m N --steps68m N (defaults 1 × 64, 1 step), --tiny-steps N.
 */
import { parseArgs } from 'node:util';
import { printTrainBench, runTrainBench } from './bench/train-run.ts';

const { values } = parseArgs({
  options: {
    batch68m: { type: 'string', default: '1' },
    seq68m: { type: 'string', default: '64' },
    steps68m: { type: 'string', default: '1' },
    'tiny-steps': { type: 'string', default: '5' },
  },
});
const bench = await runTrainBench({
  shapes: {
    'tiny-drafter': { batch: 4, seqLen: 64, steps: Number(values['tiny-steps']) },
    'paper-68m': { batch: Number(values.batch68m), seqLen: Number(values.seq68m), steps: Number(values.steps68m) },
  },
});
printTrainBench(bench);
