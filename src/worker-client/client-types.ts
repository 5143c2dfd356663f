import type { TandemWorkerApi } from '../protocol/protocol.ts';

/** The page's side of the RPC: the worker's API, plus a way to stop the worker. */
export interface TandemClient extends TandemWorkerApi {
  dispose(): void;
}

/** One worker's client; `crashed` rejects (with WorkerCrashedError) when that worker dies. */
export interface WorkerConnection extends TandemClient {
  readonly crashed: Promise<never>;
}

/** What the client needs of a Worker (tests pass a fake over a MessageChannel). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>;
