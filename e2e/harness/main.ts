import { benchDrafter } from '../../scripts/bench/drafter-page.ts';
import * as errors from './error-cases.ts';
import * as parity from './parity-cases.ts';

/**
 * The llama-webgpu test harness: page-side functions that Playwright specs (e2e/llama-webgpu*.spec.ts)
 * and `npm run bench:drafter` call with page.evaluate.
 */
async function gpuInfo() {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  return {
    features: [...adapter.features].sort(),
    shaderF16: adapter.features.has('shader-f16'),
    info: {
      vendor: adapter.info.vendor,
      architecture: adapter.info.architecture,
      description: adapter.info.description,
    },
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

const harness = { gpuInfo, ...parity, ...errors, benchDrafter };
export type Harness = typeof harness;
(window as unknown as { harness: Harness }).harness = harness;
document.getElementById('status')!.textContent = 'ready';
