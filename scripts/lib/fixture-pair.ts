import { loadLlamaCpu, type LlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import { nodeFolderSource } from './node-folder-source.ts';
import { translationPrompt } from '../../src/models/prompt.ts';
import { parseTranslationTurn, SPEC_BENCH_SETS, type SpecBenchSetName } from './specbench.ts';
import { loadTokenizer, type TextTokenizer } from '../../src/models/tokenizer.ts';
import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../fixtures/paths.ts';
import { loadSpecBenchSets } from './specbench-files.ts';

export interface FixturePair {
  target: LlamaCpu;
  drafter: LlamaCpu;
  tokenizer: TextTokenizer;
}

/** The tiny fixture target and drafter on the CPU reference engine, read as the app reads models. */
export async function loadFixturePair(): Promise<FixturePair> {
  const tokenizer = await loadTokenizer(nodeFolderSource(TINY_TARGET_DIR));
  const options = { vocabId: tokenizer.vocabId, maxSequenceLength: 1024 };
  const [target, drafter] = await Promise.all([
    loadLlamaCpu(nodeFolderSource(TINY_TARGET_DIR), options),
    loadLlamaCpu(nodeFolderSource(TINY_DRAFTER_DIR), options),
  ]);
  return { target, drafter, tokenizer };
}

export interface EncodedPrompt {
  id: string;
  set: SpecBenchSetName;
  tokens: number[];
}

/** The first `perSet` Spec-Bench questions of each language, in the paper's prompt, tokenized. */
export async function specBenchPrompts(tokenizer: TextTokenizer, perSet: number): Promise<EncodedPrompt[]> {
  const sets = await loadSpecBenchSets();
  const prompts: EncodedPrompt[] = [];
  for (const set of Object.keys(SPEC_BENCH_SETS) as SpecBenchSetName[]) {
    for (const question of sets[set].slice(0, perSet)) {
      const turn = parseTranslationTurn(question.turns[0]);
      if (!turn) throw new Error(`${question.questionId} is not a translation turn`);
      prompts.push({
        id: question.questionId,
        set,
        tokens: tokenizer.encode(translationPrompt(turn.source, turn.from, turn.to)),
      });
    }
  }
  return prompts;
}
