import { describe, expect, it } from 'vitest';
import type { TranslateStep } from '../../protocol/protocol.ts';
import { sampleTrace } from './testing/sample-trace.ts';
import { TraceFileError, TraceTruncatedError, TraceVersionError } from './trace-errors.ts';
import { serializeTrace, traceFileName, type Trace } from './trace-format.ts';
import { parseTrace } from './trace-parse.ts';

/** The sample trace's JSON with one change made to it (Object.assign writes values a Trace cannot hold). */
function edited(change: (json: Trace) => void): string {
  const json = sampleTrace();
  change(json);
  return JSON.stringify(json);
}

/** The step event at events[index] of a trace. */
function stepAt(json: Trace, index: number): TranslateStep {
  const { event } = json.events[index];
  if (event.type !== 'step') throw new Error(`events[${index}] is not a step`);
  return event;
}

function parseError(text: string): Error {
  try {
    parseTrace(text);
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected parseTrace to throw');
}

describe('parseTrace', () => {
  it('reads back what serializeTrace wrote', () => {
    const trace = sampleTrace();
    expect(parseTrace(serializeTrace(trace))).toEqual(trace);
    expect(traceFileName(trace)).toBe('tandem-trace-2025-01-31T12-00-00.json');
  });

  it('drops keys it does not know', () => {
    const text = edited((json) => {
      Object.assign(json, { extra: 'x' });
      Object.assign(stepAt(json, 0), { future: 1 });
    });
    expect(parseTrace(text)).toEqual(sampleTrace());
  });

  it('says a file cut short is truncated, wherever it was cut', () => {
    const text = serializeTrace(sampleTrace());
    for (let end = 1; end < text.trimEnd().length; end += 37) {
      const error = parseError(text.slice(0, end));
      expect(error, `cut at ${end}`).toBeInstanceOf(TraceTruncatedError);
      expect(error.message).toMatch(/ends before its JSON closes .* it was cut short/);
    }
    expect(parseError('')).toBeInstanceOf(TraceTruncatedError);
  });

  it('tells text that is not JSON from JSON that is not a trace', () => {
    const notJson = parseError('hello');
    expect(notJson).toBeInstanceOf(TraceFileError);
    expect(notJson).not.toBeInstanceOf(TraceTruncatedError);
    expect(notJson.message).toMatch(/^the file is not JSON/);
    expect(parseError('{"a": 1}x').message).toMatch(/^the file is not JSON/);
    expect(parseError('[1, 2]').message).toBe(
      'this is JSON but not a Tandem trace: it has no "format": "tandem-trace"',
    );
    expect(parseError('{"format": "chrome-trace"}').message).toBe(
      'this is not a Tandem trace: its format is "chrome-trace"',
    );
  });

  it('refuses a newer format version by name', () => {
    const error = parseError(edited((json) => Object.assign(json, { version: 2 })));
    expect(error).toBeInstanceOf(TraceVersionError);
    expect(error.message).toBe('the trace is format version 2, newer than this Tandem reads (1): update Tandem');
  });

  it('names the field of the wrong type and where it is', () => {
    const source = parseError(edited((json) => Object.assign(stepAt(json, 1).emitted[0], { source: 'guessed' })));
    expect(source).toBeInstanceOf(TraceFileError);
    expect(source.message).toMatch(/^the trace is malformed at events\[1\]\.event\.emitted\[0\]\.source: .*"guessed"/);
    const missing = parseError(edited((json) => Reflect.deleteProperty(json, 'models')));
    expect(missing.message).toMatch(/^the trace is malformed at models: /);
    const negative = parseError(edited((json) => void (json.events[2].atMs = -5)));
    expect(negative.message).toMatch(/^the trace is malformed at events\[2\]\.atMs: /);
    const kind = parseError(edited((json) => Object.assign(stepAt(json, 0), { type: 'bogus' })));
    expect(kind.message).toMatch(/^the trace is malformed at events\[0\]\.event\.type: /);
  });

  it('refuses events that do not add up, with the event’s index', () => {
    const cases: [(json: Trace) => void, RegExp][] = [
      [(json) => json.events.pop(), /stop at events\[4\] without the run's "done" event: the recording was cut short/],
      [
        (json) => json.events.splice(1, 1),
        /events\[1\] is target pass 2 of the speculative lane where pass 1 comes next/,
      ],
      [(json) => void (json.events[2].atMs = 1), /events\[2\] is at 1 ms, before the event ahead of it \(20 ms\)/],
      [(json) => stepAt(json, 1).emitted.pop(), /events\[1\]'s running totals \(2 passes, 4 tokens\) disagree/],
      [
        (json) => json.events.push(json.events[json.events.length - 1]),
        /events\[5\] is the run's "done" but 1 event follows it/,
      ],
      [
        (json) => void (stepAt(json, 1).lane = 'autoregressive'),
        /from the autoregressive lane, which a speculative run has not/,
      ],
      [
        (json) => stepAt(json, 3).rejected.push({ id: 1, text: 'x' }, { id: 2, text: 'y' }, { id: 3, text: 'z' }),
        /rejects 6 drafts of the 4/,
      ],
    ];
    for (const [change, message] of cases) {
      const error = parseError(edited(change));
      expect(error).toBeInstanceOf(TraceFileError);
      expect(error.message).toMatch(/^the trace does not add up: /);
      expect(error.message).toMatch(message);
    }
  });

  it('types what it returns as a Trace', () => {
    const trace: Trace = parseTrace(serializeTrace(sampleTrace([[0, 0]])));
    expect(trace.events.map(({ event }) => event.type)).toEqual(['step', 'lane-done', 'done']);
  });
});
