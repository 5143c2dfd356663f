import { TandemError } from '../errors.ts';

/** The worker failed to load or died; calls in flight and later calls reject with this. */
export class WorkerCrashedError extends TandemError {}
