import { TandemError } from '../../errors.ts';

/** A trace file Tandem cannot replay: not JSON, not a trace, or not one that adds up. The message says where. */
export class TraceFileError extends TandemError {}

/** A trace file that ends early (a cut-off download or copy): the JSON stops before it closes. */
export class TraceTruncatedError extends TraceFileError {}

/** A trace written by a newer Tandem, in a format version this one does not read. */
export class TraceVersionError extends TraceFileError {}
