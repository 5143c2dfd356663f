import { describe, expect, it } from 'vitest';
import type {
  PairSelection,
  TranslateDone,
  TranslateListener,
  TranslateRequest,
  WorkerStatus,
} from '../protocol/protocol.ts';
import { MODEL_CACHE_NAME, modelFileUrl } from '../models/storage/model-cache.ts';
import { DEMO_ROW } from '../models/storage/catalogue.ts';
import { fakeEnvironment } from '../models/storage/fakes.test-support.ts';
import type { TandemClient } from '../worker-client/tandem-client.ts';
import { laneEvents, rejection, sleep } from './fake-backend.test-support.ts';
import { modelFiles, tandemBackend } from './tandem-backend.ts';

const FILES = DEMO_ROW.download.available ? DEMO_ROW.download.files : [];

function demoFiles(): Record<string, Uint8Array> {
  return Object.fromEntries(FILES.map((f, i) => [f.url, new Uint8Array(5000 + i)]));
}

/**
 * A worker client whose runs emit one event per `release()`, queued one at a time as the worker
 * queues them, and whose stop(runId) ends only the run with that id (running or queued).
 */
class FakeClient {
  loads = 0;
  stops: (string | undefined)[] = [];
  sent: string[] = [];
  #waiting: (() => void) | null = null;
  #credits = 0;
  #running: string | undefined;
  #stopped = new Set<string | undefined>();
  #queue: Promise<unknown> = Promise.resolve();

  release(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting) waiting();
    else this.#credits += 1;
  }

  #next(): Promise<void> {
    if (this.#credits > 0) {
      this.#credits -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => (this.#waiting = resolve));
  }

  /** What the worker reports as warm (status().loaded). */
  loaded: WorkerStatus['loaded'] = { demo: false, pair: null };
  pairLoads: PairSelection[] = [];

  async loadDemo() {
    this.loads += 1;
    return {} as never;
  }

  async loadPair(selection: PairSelection) {
    this.pairLoads.push(selection);
    return {} as never;
  }

  async status(): Promise<WorkerStatus> {
    return { crossOriginIsolated: false, loaded: this.loaded };
  }

  async stop(runId?: string): Promise<void> {
    this.stops.push(runId);
    this.#stopped.add(runId);
    if (runId === this.#running) this.release(); // ends the run at its next step, as the worker does
  }

  translate(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone> {
    const run = this.#queue.then(() => this.#run(request, onEvent));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #run(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone> {
    this.#running = request.runId;
    const stopped = () => this.#stopped.has(request.runId);
    if (!stopped()) this.sent.push(request.text);
    for (const event of laneEvents('speculative', ['a', 'b', 'c'])) {
      if (stopped()) break;
      await this.#next();
      if (stopped()) break;
      onEvent(event);
    }
    const done: TranslateDone = {
      type: 'done',
      finishReason: stopped() ? 'aborted' : 'eos',
      stats: {} as never,
      tail: '',
      text: 'abc',
      segments: 1,
    };
    onEvent(done);
    this.#running = undefined;
    return done;
  }
}

const asClient = (c: FakeClient) => c as unknown as TandemClient;
const request = (text: string): TranslateRequest => ({ text, from: 'de', to: 'en', mode: 'speculative' });

describe('tandemBackend downloads', () => {
  it('goes downloadable → downloading → available, with progress ending at 1', async () => {
    const env = fakeEnvironment(demoFiles());
    const backend = tandemBackend({ client: asClient(new FakeClient()), env });
    expect(await backend.availability('demo')).toBe('downloadable');
    const fractions: number[] = [];
    const download = backend.download('demo', (f) => fractions.push(f), new AbortController().signal);
    expect(await backend.availability('demo')).toBe('downloading');
    await download;
    expect(await backend.availability('demo')).toBe('available');
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThan(FILES.length); // per 1000-byte chunk, not per file
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
  });

  it('shares one download between two callers; the last one to abort stops it and nothing stays stored', async () => {
    const env = fakeEnvironment(demoFiles());
    let fetches = 0;
    const fetch = env.fetch;
    env.fetch = (url, init) => {
      fetches += 1;
      return fetch(url, init);
    };
    const backend = tandemBackend({ client: asClient(new FakeClient()), env });
    const a = new AbortController();
    const b = new AbortController();
    const first = backend.download('demo', () => {}, a.signal);
    const second = backend.download('demo', () => {}, b.signal);
    a.abort();
    expect(await backend.availability('demo')).toBe('downloading'); // b still waits for it
    const reason = new Error('b gave up');
    b.abort(reason);
    expect(await rejection(first)).toBeInstanceOf(DOMException);
    expect(await rejection(second)).toBe(reason);
    await sleep(20);
    expect(fetches).toBeLessThanOrEqual(FILES.length); // one download, not two
    expect(await backend.availability('demo')).toBe('downloadable');
    const stored = await (await env.caches.open('tandem-models')).keys();
    expect(stored).toHaveLength(0);
  });

  it('fetches from modelsBaseUrl when given, and fails with NetworkError when a file is missing', async () => {
    const files = Object.fromEntries(modelFiles('demo', 'https://cdn.test/m/').map((f) => [f.url, new Uint8Array(10)]));
    expect(Object.keys(files)[0]).toBe('https://cdn.test/m/tiny-target/config.json');
    const env = fakeEnvironment(files);
    const backend = tandemBackend({ client: asClient(new FakeClient()), env, modelsBaseUrl: 'https://cdn.test/m/' });
    await backend.download('demo', () => {}, new AbortController().signal);
    expect(await backend.availability('demo')).toBe('available');

    const missing = tandemBackend({ client: asClient(new FakeClient()), env: fakeEnvironment({}) });
    const error = await rejection(missing.download('demo', () => {}, new AbortController().signal));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('NetworkError');
  });
});

describe('tandemBackend availability of what the worker holds, and of pairs', () => {
  it('says "available" with nothing stored when the given worker has the demo warm (the app’s case)', async () => {
    const client = new FakeClient();
    const backend = tandemBackend({ client: asClient(client), env: fakeEnvironment() });
    expect(await backend.availability('demo')).toBe('downloadable');
    client.loaded = { demo: true, pair: null };
    expect(await backend.availability('demo')).toBe('available');
  });

  it('a pair is "unavailable" until every model of it is stored, then "available"; initialize loads it in the worker', async () => {
    const client = new FakeClient();
    const env = fakeEnvironment();
    const backend = tandemBackend({ client: asClient(client), env });
    const pair = { target: 'user:my-target', drafter: 'tandem-drafter-68m-de-en' };
    const store = async (id: string) =>
      (await env.caches.open(MODEL_CACHE_NAME)).put(modelFileUrl(env.origin, id, 'config.json'), new Response('{}'));
    expect(await backend.availability(pair)).toBe('unavailable');
    await store('my-target');
    expect(await backend.availability(pair)).toBe('unavailable'); // the drafter is still missing
    expect(await backend.availability({ target: 'user:my-target', drafter: null })).toBe('available');
    await store('tandem-drafter-68m-de-en');
    expect(await backend.availability(pair)).toBe('available');
    await backend.initialize(pair);
    expect(client.pairLoads).toEqual([pair]);
    client.loaded = { demo: false, pair: { target: 'vicuna-7b-v1.3', drafter: null } };
    expect(await backend.availability({ target: 'vicuna-7b-v1.3', drafter: null })).toBe('available'); // warm in the worker
  });
});

describe('tandemBackend runs', () => {
  it('loads the demo through the client on initialize', async () => {
    const client = new FakeClient();
    await tandemBackend({ client: asClient(client), env: fakeEnvironment() }).initialize('demo');
    expect(client.loads).toBe(1);
  });

  it('stops its own run by id at once, and leaves the next run alone', async () => {
    const client = new FakeClient();
    const backend = tandemBackend({ client: asClient(client), env: fakeEnvironment() });
    const controller = new AbortController();
    const seen: string[] = [];
    const first = backend.translate(request('one'), (e) => seen.push(e.type), controller.signal);
    const second = backend.translate(request('two'), (e) => seen.push(`2:${e.type}`), new AbortController().signal);
    await sleep(5);
    controller.abort(); // before "one" has emitted anything
    expect(await rejection(first)).toBeInstanceOf(DOMException);
    expect(client.stops).toHaveLength(1);
    expect(client.stops[0]).toMatch(/^translator-api-/);
    expect(seen).toEqual([]); // events after the abort are not passed on
    for (let i = 0; i < 4; i++) {
      client.release();
      await sleep(1);
    }
    expect((await second).finishReason).toBe('eos');
    expect(seen).toEqual(['2:step', '2:step', '2:step', '2:lane-done', '2:done']);
    expect(client.sent).toEqual(['one', 'two']);
  });

  it('stops a run aborted while it waited its turn before it decodes anything', async () => {
    const client = new FakeClient();
    const backend = tandemBackend({ client: asClient(client), env: fakeEnvironment() });
    const first = backend.translate(request('one'), () => {}, new AbortController().signal);
    const controller = new AbortController();
    const queued = rejection(backend.translate(request('queued'), () => {}, controller.signal)); // observed from the start
    await sleep(1);
    controller.abort();
    for (let i = 0; i < 4; i++) {
      client.release();
      await sleep(1);
    }
    expect((await first).finishReason).toBe('eos'); // the stop named the queued run, not this one
    expect(await queued).toBeInstanceOf(DOMException);
    expect(client.sent).toEqual(['one']);
    expect(client.stops).toHaveLength(1);
  });

  it('measures input in UTF-16 code units against the quota', async () => {
    const backend = tandemBackend({ client: asClient(new FakeClient()), env: fakeEnvironment(), inputQuota: 10 });
    expect(backend.inputQuota).toBe(10);
    expect(await backend.measureInputUsage('Grüß')).toBe(4);
  });
});
