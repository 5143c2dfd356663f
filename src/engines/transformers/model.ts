import type { ModelSource } from '../../models/model-source.ts';
import { loadTokenizer, type TextTokenizer } from '../../models/tokenizer.ts';
import { loadTransformersLM, type TransformersLM, type TransformersLMOptions } from './transformers-lm.ts';

/**
 * A Hugging Face ONNX folder as the app uses it: the model on transformers.js and its
 * tokenizer.json through @huggingface/tokenizers, the library transformers.js' own AutoTokenizer
 * wraps, so the ids are the ones the model was exported with. The model's vocabId is the
 * tokenizer's, which lets the spec loop refuse a drafter/target pair with different vocabularies.
 */
export interface TransformersModel {
  lm: TransformersLM;
  tokenizer: TextTokenizer;
}

export interface TransformersModelOptions extends Omit<TransformersLMOptions, 'vocabId'> {
  /** The same folder as `folder`, read through the app's ModelSource (Node folder, URL, storage). */
  source: ModelSource;
}

/** Tokenizer first: a missing tokenizer.json fails fast (TokenizerError) before a model is loaded. */
export async function loadTransformersModel(options: TransformersModelOptions): Promise<TransformersModel> {
  const { source, ...lmOptions } = options;
  const tokenizer = await loadTokenizer(source);
  const lm = await loadTransformersLM({ ...lmOptions, vocabId: tokenizer.vocabId });
  return { lm, tokenizer };
}
