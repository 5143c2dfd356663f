import { loadLlamaCpu, type LlamaCpu } from '../src/engines/llama-cpu/llama-cpu.ts';
import { urlFolderSource, type ModelSource } from '../src/models/model-source.ts';
import { loadTokenizer, type TextTokenizer } from '../src/models/tokenizer.ts';
import type { DemoInfo, ModelSummary } from './protocol.ts';

/** Where the demo pair's files come from; tests read the fixture folders from disk instead. */
export interface DemoSources {
  target: ModelSource;
  drafter: ModelSource;
}

/** The fixture models the build ships under public/models/ (served at /models/ by Vite). */
export function defaultDemoSources(): DemoSources {
  return { target: urlFolderSource('/models/tiny-target/'), drafter: urlFolderSource('/models/tiny-drafter/') };
}

export interface DemoPair {
  target: LlamaCpu;
  drafter: LlamaCpu;
  tokenizer: TextTokenizer;
  info: DemoInfo;
}

/** Room for the Vicuna prompt, a long-ish source text and the output; the KV cache is tiny. */
const DEMO_MAX_SEQUENCE = 2048;

export async function loadDemoPair(sources: DemoSources, now: () => number = () => performance.now()): Promise<DemoPair> {
  const started = now();
  const tokenizer = await loadTokenizer(sources.target);
  // vocabId ties both engines to the tokenizer, so the loop refuses a mismatched drafter.
  const options = { vocabId: tokenizer.vocabId, maxSequenceLength: DEMO_MAX_SEQUENCE };
  const [target, drafter] = await Promise.all([
    loadLlamaCpu(sources.target, options),
    loadLlamaCpu(sources.drafter, options),
  ]);
  const info: DemoInfo = {
    id: 'demo',
    target: summarize(target),
    drafter: summarize(drafter),
    engine: 'llama-cpu',
    loadMs: now() - started,
  };
  return { target, drafter, tokenizer, info };
}

function summarize(model: LlamaCpu): ModelSummary {
  return { layers: model.config.numLayers, hiddenSize: model.config.hiddenSize, vocabSize: model.vocabSize };
}
