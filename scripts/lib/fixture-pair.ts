import { loadLlamaCpu, type LlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import { nodeFolderSource } from './node-folder-source.ts';
import { translationPrompt } from '../../src/models/prompt.ts';
import { loadTokenizer, type TextTokenizer } from '../../src/models/tokenizer.ts';
import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../fixtures/paths.ts';
import { testPrompts } from '../../src/models/testing/test-prompts.ts';

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
  /** The test prompt's id, e.g. "de-03". */
  id: string;
  tokens: number[];
}

/** Tandem's test prompts (the first `perLanguage` of each language, or all), in the paper's prompt, tokenized. */
export function testPromptTokens(tokenizer: TextTokenizer, perLanguage?: number): EncodedPrompt[] {
  return testPrompts(perLanguage).map((prompt) => ({
    id: prompt.id,
    tokens: tokenizer.encode(translationPrompt(prompt.text, prompt.from, prompt.to)),
  }));
}
