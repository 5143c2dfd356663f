import { greedyDraftFromFixture } from './worker-draft.ts';

/**
 * A dedicated Worker hosting llama-webgpu, as the app's worker will: it gets its own GPUDevice
 * from the worker's navigator.gpu and answers one message with a greedy draft.
 */
self.onmessage = async (event: MessageEvent<{ prefix: number[]; k: number }>) => {
  try {
    self.postMessage({ ok: true, result: await greedyDraftFromFixture(event.data.prefix, event.data.k) });
  } catch (error) {
    self.postMessage({ ok: false, name: (error as Error).name, message: (error as Error).message });
  }
};
