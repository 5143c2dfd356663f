import { TandemError } from '../src/errors.ts';

/** A translation is already running; the worker runs one at a time (Stop it, then try again). */
export class TranslatorBusyError extends TandemError {}
