import type { DemoInfo } from '../protocol.ts';

/** What the worker reports after loading the demo pair, for tests' fake workers. */
export const DEMO_INFO: DemoInfo = {
  id: 'demo',
  target: { layers: 4, hiddenSize: 64, vocabSize: 32000 },
  drafter: { layers: 1, hiddenSize: 64, vocabSize: 32000 },
  engine: 'llama-cpu',
  loadMs: 1,
};
