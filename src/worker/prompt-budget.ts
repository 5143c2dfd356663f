import { InvalidArgumentError } from '../errors.ts';
import { translationPrompt } from '../models/prompt.ts';
import { fitSegments } from '../models/segment-fit.ts';
import { segmentText, type SourceSegment } from '../models/segment.ts';
import { DEMO_MAX_NEW_TOKENS, type TranslateRequest } from '../protocol/protocol.ts';
import type { LoadedPair } from './loaded-pair.ts';

/**
 * Each segment's prompt and its output budget share the model's context (the KV cache):
 * prompt + maxNewTokens ≤ context, always. The source is split into sentences, and a sentence
 * that does not fit is split further (src/models/segment-fit.ts), measured with the pair's own
 * tokenizer, before anything runs.
 */

/** The context when no engine states one: the paper's 2 048 (LLaMA's). */
export const DEFAULT_CONTEXT_LENGTH = 2048;
/** Spare positions: the tokens at the join of template and text, and a last draft's overshoot. */
const SAFETY_TOKENS = 8;
/**
 * The longest text one prompt carries, whatever the context allows: a long sentence is 40–60
 * tokens, the drafters were distilled on single sentences, and the prefill's cost grows with the
 * prompt's square; a text past this is split at its clauses like any over-long sentence.
 */
export const MAX_SEGMENT_TOKENS = 256;
/** Less room than this for the source text is no translation: the output budget is too large. */
const MIN_SOURCE_TOKENS = 16;

export interface PromptBudget {
  /** Positions both models' caches hold. */
  contextLength: number;
  maxNewTokens: number;
  /** Tokens of the prompt template around the source text. */
  templateTokens: number;
  /** Most tokens one segment's text may take. */
  maxSourceTokens: number;
}

export function contextLength(pair: LoadedPair): number {
  const known = [pair.target.maxSequenceLength, pair.drafter?.maxSequenceLength].filter(
    (n): n is number => n !== undefined,
  );
  return known.length > 0 ? Math.min(...known) : DEFAULT_CONTEXT_LENGTH;
}

/** What a request may put in each prompt; an output budget that leaves no room is refused up front. */
export function promptBudget(pair: LoadedPair, request: TranslateRequest): PromptBudget {
  const context = contextLength(pair);
  const maxNewTokens = request.maxNewTokens ?? DEMO_MAX_NEW_TOKENS;
  const templateTokens =
    pair.tokenizer.encode(translationPrompt('x', request.from, request.to)).length - countTokens(pair, 'x');
  const room = context - templateTokens - SAFETY_TOKENS;
  if (room - maxNewTokens < MIN_SOURCE_TOKENS) {
    throw new InvalidArgumentError(
      `maxNewTokens ${maxNewTokens} leaves no room for the text in this model's context of ${context} tokens: ` +
        `use at most ${room - MIN_SOURCE_TOKENS}`,
    );
  }
  const maxSourceTokens = Math.min(MAX_SEGMENT_TOKENS, room - maxNewTokens);
  return { contextLength: context, maxNewTokens, templateTokens, maxSourceTokens };
}

/** The request's text as segments whose prompts each fit with the output budget. */
export function segmentsThatFit(pair: LoadedPair, request: TranslateRequest, budget: PromptBudget): SourceSegment[] {
  return fitSegments(segmentText(request.text, request.from), {
    countTokens: (text) => countTokens(pair, text),
    maxTokens: budget.maxSourceTokens,
    language: request.from,
  });
}

function countTokens(pair: LoadedPair, text: string): number {
  return pair.tokenizer.encode(text, { addBos: false }).length;
}
