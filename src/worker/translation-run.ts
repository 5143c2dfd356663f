import { EmptyPromptError, InvalidArgumentError } from '../errors.ts';
import { speedupOf } from './combine-stats.ts';
import type { LoadedPair } from './loaded-pair.ts';
import { runLane } from './lane-run.ts';
import { promptBudget, segmentsThatFit } from './prompt-budget.ts';
import { warmUpOnce } from './warm-up.ts';
import type { LaneDone, TranslateDone, TranslateListener, TranslateRequest } from '../protocol/protocol.ts';

/**
 * One translation with a loaded pair: the source split into sentences (paragraph layout kept),
 * each short enough for its prompt and output budget to fit the context, then one lane, or a race. A race runs the autoregressive lane to the end and then the
 * speculative lane, one after the other on the same warm engines: the demo target is a single CPU
 * engine, and interleaving the two would make each lane's tokens/s measure the other's work too.
 * The speedup is the ratio of the two measured tokens/s, after an untimed warm-up (warm-up.ts).
 */
export async function runTranslation(
  pair: LoadedPair,
  request: TranslateRequest,
  onEvent: TranslateListener,
  signal: AbortSignal,
): Promise<TranslateDone> {
  if (request.mode !== 'autoregressive' && !pair.drafter) {
    throw new InvalidArgumentError(
      `this pair has no drafter, so it cannot run "${request.mode}": choose a drafter, or drafter "none"`,
    );
  }
  const budget = promptBudget(pair, request);
  const segments = segmentsThatFit(pair, request, budget);
  if (segments.length === 0) throw new EmptyPromptError('there is no source text to translate');
  const lane = (mode: 'speculative' | 'autoregressive') =>
    runLane(pair, segments, request, mode, onEvent, signal, budget.contextLength);
  let done: TranslateDone;
  if (request.mode === 'race') {
    await warmUpOnce(pair);
    const autoregressive = await lane('autoregressive');
    const speculative = signal.aborted ? autoregressive : await lane('speculative');
    done = finish(speculative, segments.length);
    if (!signal.aborted) {
      done.race = {
        autoregressive: autoregressive.stats,
        speculative: speculative.stats,
        speedup: speedupOf(autoregressive.stats, speculative.stats),
      };
    }
  } else {
    done = finish(await lane(request.mode), segments.length);
  }
  onEvent(done);
  return done;
}

function finish(lane: LaneDone, segments: number): TranslateDone {
  return {
    type: 'done',
    finishReason: lane.finishReason,
    stats: lane.stats,
    tail: lane.tail,
    text: lane.text,
    segments,
  };
}
