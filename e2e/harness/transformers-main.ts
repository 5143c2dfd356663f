import { benchDrafterTransformers, type TransformersBenchOptions } from '../../scripts/bench/drafter-transformers.ts';
import * as cases from './transformers-cases.ts';

/**
 * The transformers.js harness page (transformers.html), beside the llama-webgpu one: functions that
 * e2e/transformers-webgpu.spec.ts calls with page.evaluate.
 */
const harness = {
  ...cases,
  benchDrafterTransformers: (options: TransformersBenchOptions = {}) =>
    benchDrafterTransformers({ wasmBase: cases.WASM_BASE, ...options }),
};
export type TransformersHarness = typeof harness;
(window as unknown as { transformersHarness: TransformersHarness }).transformersHarness = harness;
document.getElementById('status')!.textContent = 'ready';
