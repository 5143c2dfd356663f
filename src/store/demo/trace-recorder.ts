import { zeroStats } from '../../speculative/stats.ts';
import type { TranslateDone, TranslateEvent, TranslateRequest } from '../../protocol/protocol.ts';
import type { DraftPolicyConfig } from '../../speculative/draft-policy.ts';
import {
  TRACE_FORMAT,
  TRACE_NOTICE,
  TRACE_VERSION,
  type TimedEvent,
  type Trace,
  type TraceModel,
} from './trace-format.ts';

/** What ran the run: set when it starts. */
export interface RecordingContext {
  request: TranslateRequest;
  models: { target: TraceModel; drafter: TraceModel | null };
  adapter: string;
  recordedAt: Date;
}

/** Collects one live run's events with their times, and makes the trace of them. */
export class TraceRecorder {
  readonly events: TimedEvent[] = [];

  constructor(
    private readonly context: RecordingContext,
    private readonly startedAt: number,
  ) {}

  /** Records an event received at `now` (same clock as startedAt); returns it timed. */
  push(event: TranslateEvent, now: number): TimedEvent {
    const timed = { atMs: Math.max(0, now - this.startedAt), event };
    this.events.push(timed);
    return timed;
  }

  get finished(): boolean {
    return this.events.at(-1)?.event.type === 'done';
  }

  /**
   * The trace. A run stopped by the user gets no 'done' from the worker (nothing reaches the page
   * after its abort): its trace ends with one made here, finish reason 'aborted', so a replay
   * ends where the run did.
   */
  trace(stoppedAt: number): Trace {
    const events = this.finished ? [...this.events] : [...this.events, this.stoppedDone(stoppedAt)];
    const { request, models, adapter, recordedAt } = this.context;
    return {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      notice: TRACE_NOTICE,
      recordedAt: recordedAt.toISOString(),
      models,
      adapter,
      run: {
        mode: request.mode,
        from: request.from,
        to: request.to,
        sourceText: request.text,
        maxNewTokens: request.maxNewTokens ?? null,
        draftPolicy: describePolicy(request.draftPolicy),
        temperature: request.sampling?.temperature ?? 0,
        topP: request.sampling?.topP ?? 1,
      },
      events,
    };
  }

  /** The main lane's totals so far, as the overlay shows them (zero for a race stopped in its first lane). */
  private stoppedDone(now: number): TimedEvent {
    const main = this.context.request.mode === 'autoregressive' ? 'autoregressive' : 'speculative';
    let stats = zeroStats();
    let text = '';
    let segments = 0;
    for (const { event } of this.events) {
      if (event.type !== 'step' || event.lane !== main) continue;
      stats = event.stats;
      segments = event.segment + 1;
      for (const token of event.emitted) text += (token.before ?? '') + token.text;
    }
    const done: TranslateDone = { type: 'done', finishReason: 'aborted', stats, tail: '', text, segments };
    const last = this.events.at(-1)?.atMs ?? 0;
    return { atMs: Math.max(last, now - this.startedAt), event: done };
  }
}

function describePolicy(policy: DraftPolicyConfig | undefined): string | null {
  if (!policy) return null;
  return policy.kind === 'fixed' ? `fixed γ=${policy.draftLength}` : policy.kind;
}
