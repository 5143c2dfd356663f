import { InvalidArgumentError } from '../errors.ts';
import { translationPrompt } from '../models/prompt.ts';
import type { SourceSegment } from '../models/segment.ts';
import { createIncrementalDecoder } from '../models/tokenizer.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { generateAutoregressive } from '../speculative/autoregressive.ts';
import type { FinishReason, GenerationResult, StepEvent } from '../speculative/events.ts';
import { generateSpeculative } from '../speculative/speculative.ts';
import { combineStats, type StatsPart } from './combine-stats.ts';
import type { LoadedPair } from './loaded-pair.ts';
import { loopOptions } from './loop-options.ts';
import type { DecodeMode, LaneDone, StreamedToken, TranslateListener, TranslateRequest } from '../protocol/protocol.ts';
import { yieldingBeforeAppend } from './yielding-model.ts';

/**
 * One decoder over every segment of the source, in order: each segment is its own generation
 * under its own prompt (the paper's template), and its tokens stream as they come. Steps are
 * numbered across segments and the stats are the lane's running totals, so the page sees one run.
 */
export async function runLane(
  pair: LoadedPair,
  segments: readonly SourceSegment[],
  request: TranslateRequest,
  lane: DecodeMode,
  onEvent: TranslateListener,
  signal: AbortSignal,
  /** Positions the caches hold: every prompt plus its output budget fits (prompt-budget.ts). */
  contextLength: number,
): Promise<LaneDone> {
  const { tokenizer } = pair;
  const target = yieldingBeforeAppend(pair.target);
  const finished: StatsPart[] = [];
  const reasons: FinishReason[] = [];
  let text = '';
  let carry = ''; // layout and held-back text waiting for the next token
  let stepOffset = 0;
  for (const [index, segment] of segments.entries()) {
    if (signal.aborted) break;
    carry += segment.before;
    const decoder = createIncrementalDecoder(tokenizer);
    let rejections = 0;
    const onStep = (event: StepEvent): void => {
      if (event.rejected.length > 0) rejections += 1;
      const emitted: StreamedToken[] = event.emitted.map(({ id, source }) => ({
        id,
        source,
        text: decoder.push([id]),
      }));
      if (emitted.length > 0 && carry !== '') {
        emitted[0].before = carry;
        carry = '';
      }
      for (const token of emitted) text += (token.before ?? '') + token.text;
      onEvent({
        type: 'step',
        lane,
        step: stepOffset + event.step,
        segment: index,
        paragraph: segment.paragraph,
        draftLength: event.drafted.length,
        emitted,
        rejected: event.rejected.map((id) => ({ id, text: tokenizer.tokenText(id) })),
        stats: combineStats([...finished, { stats: event.stats, rejections }]),
      });
    };
    const result = await generate(pair, target, segment.text, request, lane, onStep, signal, contextLength);
    finished.push({ stats: result.stats, rejections });
    reasons.push(result.finishReason);
    stepOffset += result.stats.targetPasses;
    carry += decoder.flush(); // an unfinished character: shown before the next segment, or as the tail
  }
  const tail = carry.trimEnd(); // held-back text; a break for a segment that never started is dropped
  const done: LaneDone = {
    type: 'lane-done',
    lane,
    finishReason: laneReason(reasons, signal),
    stats: combineStats(finished),
    tail,
    text: text + tail,
  };
  onEvent(done);
  return done;
}

function generate(
  pair: LoadedPair,
  target: CausalLM,
  source: string,
  request: TranslateRequest,
  lane: DecodeMode,
  onStep: (event: StepEvent) => void,
  signal: AbortSignal,
  contextLength: number,
): Promise<GenerationResult> {
  const prompt = pair.tokenizer.encode(translationPrompt(source, request.from, request.to));
  const { maxNewTokens, sampling, policy } = loopOptions(request, lane);
  // The segmentation guarantees this; were it ever wrong, say so plainly rather than deep in an engine.
  if (prompt.length + maxNewTokens > contextLength) {
    throw new InvalidArgumentError(
      `a prompt of ${prompt.length} tokens plus ${maxNewTokens} new tokens exceeds the context of ${contextLength}`,
    );
  }
  const options = { maxNewTokens, sampling, eosTokenIds: [...pair.eosTokenIds], signal, onStep };
  if (!policy) return generateAutoregressive(target, prompt, options);
  if (!pair.drafter)
    throw new InvalidArgumentError('this pair has no drafter: it can only translate autoregressively (drafter "none")');
  return generateSpeculative(target, pair.drafter, prompt, { ...options, policy });
}

/** Aborted wins; else the lane hit its length limit if any segment did; else how the last ended. */
function laneReason(reasons: readonly FinishReason[], signal: AbortSignal): FinishReason {
  if (signal.aborted || reasons.includes('aborted')) return 'aborted';
  if (reasons.includes('max-tokens')) return 'max-tokens';
  return reasons.at(-1) ?? 'eos';
}
