/**
 * Errors that cross the worker boundary keep their `name` (and class, where the page knows it).
 *
 * Comlink sends a thrown value through its "throw" transfer handler; its default turns every
 * Error into a plain `Error`. This replaces that handler on both sides: the worker serializes
 * `{name, message, stack, cause}`; the page rebuilds an instance of the Tandem error class with
 * that name (src/errors.ts or registered), else an `Error` whose `name` is set.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import * as tandemErrors from '../errors.ts';

/** An Error as it crosses the boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  cause?: WireError;
  /** Other own primitive fields (e.g. a `code`). */
  fields?: Record<string, string | number | boolean | null>;
}

/** What comlink's "throw" handler serializes: an Error, or any other thrown value as is. */
type SerializedThrow = { isError: true; value: WireError } | { isError: false; value: unknown };

/** Comlink hands the handler `{value, [throwMarker]}`; only `value` is ours. */
type ThrownValue = { value: unknown };

type ErrorClass = new (message: string) => Error;

const MAX_CAUSE_DEPTH = 4;
const OWN_KEYS = new Set(['name', 'message', 'stack', 'cause']);
const errorClasses = new Map<string, ErrorClass>();

for (const ctor of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]) {
  errorClasses.set(ctor.name, ctor);
}
for (const value of Object.values(tandemErrors)) registerIfErrorClass(value);

/** Lets a module outside src/errors.ts make its errors arrive as their own class. */
export function registerErrorClass(ctor: ErrorClass, name: string = ctor.name): void {
  errorClasses.set(name, ctor);
}

export function serializeError(error: Error, depth = 0): WireError {
  const wire: WireError = { name: error.name, message: error.message };
  if (error.stack !== undefined) wire.stack = error.stack;
  if (error.cause instanceof Error && depth < MAX_CAUSE_DEPTH) {
    wire.cause = serializeError(error.cause, depth + 1);
  }
  const fields = primitiveFields(error);
  if (fields) wire.fields = fields;
  return wire;
}

/** Rebuilds an Error from its wire form: the registered class for `name`, else `Error`. */
export function reviveError(wire: WireError): Error {
  const Ctor = errorClasses.get(wire.name) ?? Error;
  const error = new Ctor(wire.message);
  error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  if (wire.cause) error.cause = reviveError(wire.cause);
  if (wire.fields) Object.assign(error, wire.fields);
  return error;
}

type ErrorTransferHandler = TransferHandler<ThrownValue, SerializedThrow>;

const errorTransferHandler = (base: TransferHandler<unknown, unknown>): ErrorTransferHandler => ({
  canHandle: (value): value is ThrownValue => base.canHandle(value),
  serialize({ value }) {
    const serialized: SerializedThrow =
      value instanceof Error ? { isError: true, value: serializeError(value) } : { isError: false, value };
    return [serialized, []];
  },
  deserialize(serialized) {
    throw serialized.isError ? reviveError(serialized.value) : serialized.value;
  },
});

let installed = false;

/** Replaces comlink's "throw" handler. Call once in the worker and once in the page. */
export function installErrorTransfer(): void {
  if (installed) return;
  const base = transferHandlers.get('throw');
  if (!base) throw new Error('comlink has no "throw" transfer handler to replace');
  transferHandlers.set('throw', errorTransferHandler(base) as TransferHandler<unknown, unknown>);
  installed = true;
}

function registerIfErrorClass(value: unknown): void {
  if (typeof value === 'function' && value.prototype instanceof Error) {
    registerErrorClass(value as ErrorClass);
  }
}

function primitiveFields(error: Error): WireError['fields'] | undefined {
  let fields: NonNullable<WireError['fields']> | undefined;
  for (const [key, value] of Object.entries(error)) {
    if (OWN_KEYS.has(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      fields ??= {};
      fields[key] = value as string | number | boolean | null;
    }
  }
  return fields;
}
