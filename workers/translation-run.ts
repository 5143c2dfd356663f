import { translationPrompt } from '../src/models/prompt.ts';
import { createIncrementalDecoder } from '../src/models/tokenizer.ts';
import { generateAutoregressive } from '../src/spec/autoregressive.ts';
import { createDraftPolicy } from '../src/spec/draft-policy.ts';
import type { StepEvent } from '../src/spec/events.ts';
import { generateSpeculative } from '../src/spec/speculative.ts';
import type { DemoPair } from './demo-models.ts';
import { DEMO_MAX_NEW_TOKENS, type TranslateDone, type TranslateListener, type TranslateRequest } from './protocol.ts';
import { yieldingBeforeAppend } from './yielding-model.ts';

/**
 * One translation with a loaded pair: prompt → tokens → the spec loop → small text-bearing events.
 * Token text is worked out here so the page never tokenizes: each emitted token carries what it
 * adds to the decoded output, so the texts concatenated (plus the final tail) equal the output.
 */
export async function runTranslation(
  pair: DemoPair,
  request: TranslateRequest,
  onEvent: TranslateListener,
  signal: AbortSignal,
): Promise<TranslateDone> {
  const { tokenizer } = pair;
  const prompt = tokenizer.encode(translationPrompt(request.text, request.from, request.to));
  const decoder = createIncrementalDecoder(tokenizer);
  const onStep = (event: StepEvent): void => {
    // One id at a time, so each token gets its own share of the text (SentencePiece spaces and
    // multi-token characters come out right: the decoder re-decodes the whole output).
    const emitted = event.emitted.map(({ id, source }) => ({ id, source, text: decoder.push([id]) }));
    const rejected = event.rejected.map((id) => ({ id, text: tokenizer.tokenText(id) }));
    onEvent({ type: 'step', step: event.step, emitted, rejected, stats: event.stats });
  };
  const target = yieldingBeforeAppend(pair.target);
  const options = {
    maxNewTokens: request.maxNewTokens ?? DEMO_MAX_NEW_TOKENS,
    eosTokenIds: pair.target.config.eosTokenIds,
    signal,
    onStep,
  };
  const result =
    request.mode === 'speculative'
      ? await generateSpeculative(target, pair.drafter, prompt, {
          ...options,
          policy: createDraftPolicy(request.draftPolicy ?? { kind: 'heuristic' }),
        })
      : await generateAutoregressive(target, prompt, options);
  const tail = decoder.flush();
  const done: TranslateDone = { type: 'done', finishReason: result.finishReason, stats: result.stats, tail, text: decoder.text };
  onEvent(done);
  return done;
}
