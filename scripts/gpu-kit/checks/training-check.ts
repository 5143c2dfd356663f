import type { KitCheck, KitContext } from './check.ts';

/**
 * Section 6: the drafter's training step on this GPU. The training engine (issue #15, src/training/)
 * is not in this build. To fill the section when it lands, set `trainingHook.step` to a function that
 * builds a 68M-shaped drafter, runs a few AdamW steps on random tokens, checks them against the CPU
 * reference, and returns what it measured; the check then runs it on the kit's GPU and clock.
 */

export interface TrainingStepResult {
  /** What was checked or measured, in words, for the summary. */
  summary: string;
  /** True when the check had a pass/fail rule and it held. */
  passed?: boolean;
  /** Anything else for report.json. */
  data: Record<string, unknown>;
}

/** The hook: `step` is unset in this build. */
export const trainingHook: { step?: (ctx: KitContext) => Promise<TrainingStepResult> } = {};

export const trainingCheck: KitCheck<Record<string, unknown>> = {
  key: 'training',
  title: '6. Training step',
  share: 0.1,
  // Without the hook it only says so, even past the deadline; with it, it runs on the GPU on its own clock.
  get instant() {
    return trainingHook.step === undefined;
  },
  emptyData: () => ({}),

  async run(ctx, section) {
    const step = trainingHook.step;
    if (!step) {
      section.status = 'not-in-this-build';
      section.summary =
        'training: not in this build (the WebGPU training engine of issue #15, src/training/, is not part of it yet)';
      section.notes.push(
        'hook: scripts/gpu-kit/checks/training-check.ts exports `trainingHook`; set its `step` and the section runs',
      );
      return;
    }
    const result = await step(ctx);
    section.data = result.data;
    section.summary = result.summary;
    section.status = result.passed === undefined ? 'measured' : result.passed ? 'passed' : 'failed';
  },

  markdown: ({ data }) => (Object.keys(data).length === 0 ? [] : ['```json', JSON.stringify(data, null, 2), '```', '']),
};
