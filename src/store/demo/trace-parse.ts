import * as v from 'valibot';
import { checkTraceConsistency } from './trace-consistency.ts';
import { TraceFileError, TraceTruncatedError, TraceVersionError } from './trace-errors.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './trace-format.ts';
import { traceSchema } from './trace-schema.ts';

/**
 * A trace file's text as a Trace, or a typed error that says what is wrong and where:
 * TraceTruncatedError (the JSON stops early), TraceVersionError (a newer format), TraceFileError
 * (not JSON, not a trace, a field of the wrong type, events that do not add up).
 */
export function parseTrace(text: string): Trace {
  const json = parseJson(text);
  checkFormat(json);
  const result = v.safeParse(traceSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issuePath(issue);
    throw new TraceFileError(`the trace is malformed at ${where}: ${issue.message}`);
  }
  const trace: Trace = result.output;
  checkTraceConsistency(trace);
  return trace;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new TraceTruncatedError('the file is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (endsEarly(text, message)) {
      throw new TraceTruncatedError(
        `the file ends before its JSON closes (${text.length.toLocaleString('en')} characters read): it was cut short`,
      );
    }
    throw new TraceFileError(`the file is not JSON (${message})`);
  }
}

/** JSON.parse says "end of JSON input"/"Unterminated …", or points at (or past) the end of the text. */
function endsEarly(text: string, message: string): boolean {
  if (/end of JSON input|Unterminated|end of data/i.test(message)) return true;
  const position = /at position (\d+)/.exec(message);
  return position !== null && Number(position[1]) >= text.trimEnd().length;
}

/** Not a trace at all, or one from a newer Tandem: said before the field-by-field check. */
function checkFormat(json: unknown): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('format' in json)) {
    throw new TraceFileError(`this is JSON but not a Tandem trace: it has no "format": "${TRACE_FORMAT}"`);
  }
  if (json.format !== TRACE_FORMAT) {
    throw new TraceFileError(`this is not a Tandem trace: its format is ${JSON.stringify(json.format)}`);
  }
  const version = 'version' in json ? json.version : undefined;
  if (typeof version === 'number' && version > TRACE_VERSION) {
    throw new TraceVersionError(
      `the trace is format version ${version}, newer than this Tandem reads (${TRACE_VERSION}): update Tandem`,
    );
  }
}

/** e.g. events[12].event.emitted[0].source */
function issuePath(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((item) => item.key) ?? [];
  if (keys.length === 0) return 'the top level';
  return keys
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`))
    .join('');
}
