import { benchTrain } from '../../scripts/bench/train-page.ts';
import * as attention from './training-attention-cases.ts';
import * as curves from './training-curve-cases.ts';
import * as errors from './training-error-cases.ts';
import * as kernels from './training-kernel-cases.ts';
import * as learning from './training-learning-cases.ts';
import * as optimizer from './training-optimizer-cases.ts';
import * as save from './training-save-cases.ts';
import * as step from './training-step-cases.ts';

/**
 * The training test harness: page-side functions that the Playwright specs (e2e/training-*.spec.ts)
 * and `npm run bench:train` call with page.evaluate.
 */
const trainingHarness = {
  ...kernels,
  ...attention,
  ...optimizer,
  ...step,
  ...curves,
  ...errors,
  ...learning,
  ...save,
  benchTrain,
};
export type TrainingHarness = typeof trainingHarness;
(window as unknown as { trainingHarness: TrainingHarness }).trainingHarness = trainingHarness;
document.getElementById('status')!.textContent = 'ready';
