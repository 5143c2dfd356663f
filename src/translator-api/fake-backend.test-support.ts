import type { GenerationStats } from '../speculative/events.ts';
import type {
  DecodeMode,
  TranslateDone,
  TranslateEvent,
  TranslateListener,
  TranslateRequest,
} from '../protocol/protocol.ts';
import type { Availability, TandemModelId, TranslatorBackend } from './backend.ts';

const STATS = {} as GenerationStats; // the API never reads stats; it passes events through

/** Worker-shaped events for a run that emits `pieces` (one step each) on one lane. */
export function laneEvents(lane: DecodeMode, pieces: readonly string[], tail = ''): TranslateEvent[] {
  const steps: TranslateEvent[] = pieces.map((text, step) => ({
    type: 'step',
    lane,
    step,
    segment: 0,
    paragraph: 0,
    draftLength: lane === 'speculative' ? 3 : 0,
    emitted: [{ id: 100 + step, text, source: 'target' }],
    rejected: [],
    stats: STATS,
  }));
  const text = pieces.join('') + tail;
  return [...steps, { type: 'lane-done', lane, finishReason: 'eos', stats: STATS, tail, text }];
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A backend that plays scripted events with a delay between them and records what it was asked.
 * Download progress is played from `downloadSteps` (fractions), `stepMs` apart.
 */
export class FakeBackend implements TranslatorBackend {
  state: Availability = 'downloadable';
  models: TandemModelId[] = [];
  inputQuota = 1000;
  stepMs = 5;
  downloadSteps = [0.25, 0.5, 0.75, 1];
  downloadMs = 60; // above the spec's 50 ms between progress events, so each step is seen
  pieces = ['Hello', ' wor', 'ld', '.'];
  tail = '';
  requests: TranslateRequest[] = [];
  downloadSignals: AbortSignal[] = [];
  translateSignals: AbortSignal[] = [];
  initialized = 0;
  failInitialize: Error | null = null;
  failTranslate: Error | null = null;
  /** Thrown after every step was streamed, before the run ends: a late failure. */
  failLate: Error | null = null;

  async availability(model: TandemModelId) {
    this.models.push(model);
    return this.state;
  }

  async download(_model: TandemModelId, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void> {
    this.downloadSignals.push(signal);
    this.state = 'downloading';
    for (const fraction of this.downloadSteps) {
      await sleep(this.downloadMs);
      if (signal.aborted) {
        this.state = 'downloadable';
        throw signal.reason;
      }
      onProgress(fraction);
    }
    this.state = 'available';
  }

  async initialize(_model: TandemModelId): Promise<void> {
    if (this.failInitialize) throw this.failInitialize;
    this.initialized += 1;
  }

  async measureInputUsage(input: string): Promise<number> {
    return input.length;
  }

  async translate(request: TranslateRequest, onEvent: TranslateListener, signal: AbortSignal): Promise<TranslateDone> {
    this.requests.push(request);
    this.translateSignals.push(signal);
    if (this.failTranslate) throw this.failTranslate;
    const lanes: DecodeMode[] = request.mode === 'race' ? ['autoregressive', 'speculative'] : [request.mode];
    let last: TranslateEvent | undefined;
    for (const lane of lanes) {
      for (const event of laneEvents(lane, this.pieces, this.tail)) {
        await sleep(this.stepMs);
        signal.throwIfAborted();
        if (event.type === 'lane-done' && this.failLate) throw this.failLate;
        onEvent(event);
        last = event;
      }
    }
    const laneDone = last as Extract<TranslateEvent, { type: 'lane-done' }>;
    const done: TranslateDone = {
      type: 'done',
      finishReason: 'eos',
      stats: STATS,
      tail: laneDone.tail,
      text: laneDone.text,
      segments: 1,
    };
    onEvent(done);
    return done;
  }
}

/** Reads a stream to the end, returning its chunks. */
export async function readAll(stream: ReadableStream<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<string>) chunks.push(chunk);
  return chunks;
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a value');
}
