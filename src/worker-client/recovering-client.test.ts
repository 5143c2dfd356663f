import { afterEach, describe, expect, it } from 'vitest';
import type {
  GpuReport,
  PairInfo,
  PairProgressListener,
  PairSelection,
  TandemWorkerApi,
  TranslateDone,
  TranslateEvent,
  TranslateRequest,
} from '../protocol/protocol.ts';
import { FakeWorker } from './fake-worker.ts';
import { MAX_RESTARTS, type RecoveryEvent } from './recovering-client.ts';
import { createTandemClient, type TandemClient } from './tandem-client.ts';
import type { HeartbeatOptions } from './heartbeat.ts';
import { WorkerCrashedError, WorkerUnresponsiveError } from './worker-errors.ts';
import { DEMO_INFO } from '../protocol/testing/demo-info.ts';

const noGpu: GpuReport = { available: false, code: 'no-adapter', reason: 'none here' };
const demoInfo = DEMO_INFO;
const request: TranslateRequest = { text: 'Hallo', from: 'de', to: 'en', mode: 'speculative' };

function pairInfo(selection: PairSelection): PairInfo {
  const model = {
    id: selection.target,
    name: 'target',
    format: 'safetensors',
    engine: 'llama-webgpu',
    engineReason: 'test',
    layers: 4,
    hiddenSize: 64,
    vocabSize: 32000,
  } as const;
  return { id: 'pair', selection, target: model, drafter: null, loadMs: 1 };
}

/** One fake worker's API: counts calls; translate hangs (a run in flight) unless told to finish. */
class FakeApi implements TandemWorkerApi {
  readonly calls: string[] = [];
  constructor(
    readonly finishRuns: boolean,
    readonly failWith?: Error,
    /** A worker stuck in a loop: it never answers the heartbeat (nor anything else). */
    readonly silent = false,
  ) {}
  async ping(): Promise<'pong'> {
    if (this.silent) return new Promise<never>(() => {});
    return 'pong';
  }
  async forge(): Promise<never> {
    throw new Error('no forge in this fake');
  }
  async probeGpu() {
    this.calls.push('probeGpu');
    return noGpu;
  }
  async status() {
    this.calls.push('status');
    return { crossOriginIsolated: false, loaded: { demo: false, pair: null } };
  }
  async loadDemo() {
    this.calls.push('loadDemo');
    return demoInfo;
  }
  readonly pairs: PairSelection[] = [];
  async loadPair(selection: PairSelection, onProgress?: PairProgressListener): Promise<PairInfo> {
    this.calls.push('loadPair');
    this.pairs.push(selection);
    await onProgress?.({ stage: 'ready', text: 'Ready.' });
    return pairInfo(selection);
  }
  async translate(_request: TranslateRequest, onEvent: (event: TranslateEvent) => void): Promise<TranslateDone> {
    this.calls.push('translate');
    if (this.failWith) throw this.failWith;
    if (!this.finishRuns || this.silent) return new Promise<never>(() => {});
    const done = {
      type: 'done',
      finishReason: 'max-tokens',
      stats: {},
      tail: '',
      text: 'ok',
    } as unknown as TranslateDone;
    await onEvent(done);
    return done;
  }
  async stop() {
    this.calls.push('stop');
  }
}

interface Harness {
  client: TandemClient;
  workers: FakeWorker[];
  apis: FakeApi[];
  events: RecoveryEvent[];
  /** Resolves with the next recovery event of this type. */
  next(type: RecoveryEvent['type']): Promise<RecoveryEvent>;
}

const clients: TandemClient[] = [];
afterEach(() => clients.splice(0).forEach((client) => client.dispose()));

/** A client whose n-th worker runs `makeApi(n)`. */
function harness(makeApi: (n: number) => FakeApi, heartbeat?: HeartbeatOptions): Harness {
  const workers: FakeWorker[] = [];
  const apis: FakeApi[] = [];
  const events: RecoveryEvent[] = [];
  const waiters: { type: RecoveryEvent['type']; resolve: (e: RecoveryEvent) => void }[] = [];
  const client = createTandemClient({
    createWorker: () => {
      const api = makeApi(apis.length);
      apis.push(api);
      const worker = new FakeWorker(api);
      workers.push(worker);
      return worker;
    },
    onRecovery: (event) => {
      events.push(event);
      const i = waiters.findIndex((w) => w.type === event.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(event);
    },
    heartbeat,
  });
  clients.push(client);
  const next = (type: RecoveryEvent['type']) =>
    new Promise<RecoveryEvent>((resolve) => waiters.push({ type, resolve }));
  return { client, workers, apis, events, next };
}

describe('the Tandem client replaces a dead worker without a page reload', () => {
  it('fails the run in flight with WorkerCrashedError, starts a new worker, re-probes, reloads the demo', async () => {
    const h = harness((n) => new FakeApi(n > 0));
    await h.client.loadDemo();
    const running = h.client.translate(request, () => {});
    await expect.poll(() => h.apis[0].calls).toContain('translate');
    const restarted = h.next('restarted');

    h.workers[0].crash('Uncaught RangeError: out of bounds');
    await expect(running).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(running).rejects.toThrow('the Tandem worker failed: Uncaught RangeError: out of bounds');
    expect(h.workers[0].terminated).toBe(true);

    const event = await restarted;
    expect(h.events.map((e) => e.type)).toEqual(['restarting', 'restarted']);
    expect(event).toMatchObject({
      type: 'restarted',
      gpu: { ok: true, value: noGpu },
      demo: { ok: true, value: demoInfo },
    });
    expect(h.apis[1].calls).toEqual(expect.arrayContaining(['probeGpu', 'status', 'loadDemo']));

    // The same client object now talks to the new worker.
    const events: TranslateEvent[] = [];
    await expect(h.client.translate(request, (e) => events.push(e))).resolves.toMatchObject({ text: 'ok' });
    expect(events.map((e) => e.type)).toEqual(['done']);
    expect(h.workers).toHaveLength(2);
  });

  it('replaces a worker that goes silent without an error event (heartbeat), failing its run in flight', async () => {
    const h = harness((n) => new FakeApi(true, undefined, n === 0), { intervalMs: 10, timeoutMs: 150 });
    const running = h.client.translate(request, () => {}); // the silent worker never answers it
    const restarted = h.next('restarted');
    await expect(running).rejects.toBeInstanceOf(WorkerUnresponsiveError);
    await expect(running).rejects.toThrow(/stopped answering \(no reply for \d+ s\)/);
    expect(h.workers[0].terminated).toBe(true);
    await restarted;
    expect(h.events[0]).toMatchObject({ type: 'restarting', cause: { name: 'WorkerUnresponsiveError' } });
    await expect(h.client.translate(request, () => {})).resolves.toMatchObject({ text: 'ok' });
    expect(h.workers).toHaveLength(2);
  });

  it('keeps a worker that answers its heartbeat, however long a run takes', async () => {
    const h = harness(() => new FakeApi(false), { intervalMs: 10, timeoutMs: 100 });
    const running = h.client.translate(request, () => {}).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 400)); // four timeouts' worth of a run in flight
    expect(h.events).toEqual([]);
    expect(h.workers).toHaveLength(1);
    expect(h.apis[0].calls.filter((c) => c === 'translate')).toHaveLength(1);
    void running;
  });

  it('restarts after a crash while idle, and a call made meanwhile waits for the new worker', async () => {
    const h = harness(() => new FakeApi(true));
    await h.client.status();
    h.workers[0].crash('boom');
    const status = h.client.status(); // during the restart
    await h.next('restarted');
    await expect(status).resolves.toMatchObject({ crossOriginIsolated: false });
    expect(h.apis[0].calls).toEqual(['status']);
    // No demo was asked for, so none is loaded in the new worker.
    expect(h.apis[1].calls).not.toContain('loadDemo');
    expect(h.events.at(-1)).toMatchObject({ type: 'restarted', demo: null, pair: null });
    expect(h.apis[1].calls).not.toContain('loadPair');
  });

  it('loads the last selected pair again in the new worker, and passes progress through', async () => {
    const h = harness(() => new FakeApi(true));
    const progress: string[] = [];
    await h.client.loadPair({ target: 'user:a', drafter: 'user:b' }, (p) => progress.push(p.stage));
    expect(progress).toEqual(['ready']);
    await h.client.loadPair({ target: 'user:c', drafter: null });
    const restarted = h.next('restarted');
    h.workers[0].crash('boom');
    const event = await restarted;
    expect(h.apis[1].pairs).toEqual([{ target: 'user:c', drafter: null }]);
    expect(event).toMatchObject({
      type: 'restarted',
      demo: null,
      pair: { ok: true, value: { selection: { target: 'user:c', drafter: null } } },
    });
  });

  it('remembers the pair a translation asked for, too', async () => {
    const h = harness(() => new FakeApi(true));
    await h.client.translate({ ...request, pair: { target: 'user:t', drafter: 'user:d' } }, () => {});
    const restarted = h.next('restarted');
    h.workers[0].crash('boom');
    await restarted;
    expect(h.apis[1].pairs).toEqual([{ target: 'user:t', drafter: 'user:d' }]);
  });

  it('treats a lost GPU device as fatal for the worker: new worker, new engines', async () => {
    const lost = Object.assign(new Error('the GPU device was lost: destroyed'), { name: 'DeviceLostError' });
    const h = harness((n) => new FakeApi(true, n === 0 ? lost : undefined));
    const restarted = h.next('restarted');
    await expect(h.client.translate(request, () => {})).rejects.toMatchObject({ name: 'DeviceLostError' });
    await restarted;
    expect(h.workers[0].terminated).toBe(true);
    await expect(h.client.translate(request, () => {})).resolves.toMatchObject({ text: 'ok' });
  });

  it('does not restart for an ordinary error', async () => {
    const h = harness(() => new FakeApi(true, new RangeError('bad request')));
    await expect(h.client.translate(request, () => {})).rejects.toThrow('bad request');
    expect(h.workers).toHaveLength(1);
    expect(h.events).toEqual([]);
  });

  it(`gives up after ${MAX_RESTARTS} restarts in a minute instead of looping`, async () => {
    const h = harness(() => new FakeApi(true));
    for (let i = 0; i < MAX_RESTARTS; i++) {
      const restarted = h.next('restarted');
      h.workers.at(-1)!.crash(`crash ${i}`);
      await restarted;
    }
    const gaveUp = h.next('gave-up');
    h.workers.at(-1)!.crash('once more');
    await expect(gaveUp).resolves.toMatchObject({ type: 'gave-up', restarts: MAX_RESTARTS });
    expect(h.workers).toHaveLength(MAX_RESTARTS + 1);
    await expect(h.client.status()).rejects.toThrow('keeps failing; reload the page');
  });
});
