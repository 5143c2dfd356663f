import { expose } from 'comlink';
import type { TandemWorkerApi } from '../protocol/protocol.ts';
import type { WorkerLike } from './client-types.ts';

/**
 * A Worker stand-in for Vitest (Node): the "worker side" is an in-thread API exposed with Comlink
 * over a MessageChannel, exactly as tandem.worker.ts exposes the service. `crash()` fires the
 * `error` event a real Worker fires on an uncaught exception.
 */
export class FakeWorker extends EventTarget implements WorkerLike {
  readonly #page: MessagePort;
  readonly #inside: MessagePort;
  terminated = false;

  constructor(api: TandemWorkerApi) {
    super();
    const channel = new MessageChannel();
    this.#page = channel.port1;
    this.#inside = channel.port2;
    expose(api, this.#inside);
    this.#page.addEventListener('message', (event) => {
      if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data }));
    });
    this.#page.start();
  }

  postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    if (this.terminated) return; // like a real terminated Worker: silently dropped
    this.#page.postMessage(message, transfer as Transferable[]);
  }

  terminate(): void {
    this.terminated = true;
    this.#page.close();
    this.#inside.close();
  }

  crash(message: string): void {
    const event = Object.assign(new Event('error', { cancelable: true }), { message });
    this.dispatchEvent(event);
  }
}
