import type { RunMode, TranslateEvent } from '../../protocol/protocol.ts';

/**
 * A recorded run: every event the worker sent, with when the page received it, and what ran it.
 * Replaying the events through the store gives the same overlay and charts as the live run, on a
 * machine with no GPU and no models. Plain JSON: a trace is also a bug report.
 */

export const TRACE_FORMAT = 'tandem-trace';
/** Bump when a reader of the old version could not replay the new one. */
export const TRACE_VERSION = 1;
/** Written into every trace and shown before export: what the file holds, and that it went nowhere. */
export const TRACE_NOTICE =
  'This trace holds the text you translated and its translation, token by token. ' +
  'Tandem wrote it in your browser; nothing was sent anywhere.';

export interface TraceModel {
  name: string;
  /** The runtime that ran it ('llama-cpu', 'webllm', …), where known. */
  engine: string | null;
}

/** What was asked for, as the settings said (for the reader; a replay does not re-run it). */
export interface TraceRun {
  mode: RunMode;
  from: string;
  to: string;
  sourceText: string;
  maxNewTokens: number | null;
  /** The draft-length policy in words ('heuristic', 'fixed γ=4', 'confidence'); null autoregressively. */
  draftPolicy: string | null;
  /** 0 = greedy. */
  temperature: number;
  topP: number;
}

/** One worker event and when the page got it, in ms after the run started. */
export interface TimedEvent {
  atMs: number;
  event: TranslateEvent;
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  notice: string;
  /** ISO 8601. */
  recordedAt: string;
  models: { target: TraceModel; drafter: TraceModel | null };
  /** The machine's GPU adapter as the worker described it (or why there was none). */
  adapter: string;
  run: TraceRun;
  /** In the order received; the last one is the run's 'done'. */
  events: TimedEvent[];
}

/** The trace as a file's text (pretty enough to read in a bug report). */
export function serializeTrace(trace: Trace): string {
  return `${JSON.stringify(trace, null, 1)}\n`;
}

/** A file name that says what and when: tandem-trace-2025-01-31T12-00-00.json. */
export function traceFileName(trace: Trace): string {
  const stamp = trace.recordedAt.replace(/\.\d+Z$/, '').replaceAll(':', '-');
  return `${TRACE_FORMAT}-${stamp}.json`;
}
