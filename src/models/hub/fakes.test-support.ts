import { createHash } from 'node:crypto';
import { FakeCacheStorage } from '../storage/fakes.test-support.ts';
import type { HubEnvironment } from './hub-environment.ts';
import type { FileDigest } from './listing.ts';

/** What the fake server does to one URL's next answers. */
export interface Misbehaviour {
  /** Drop the connection after this many body bytes, on the next `times` requests. */
  dropAfter?: { bytes: number; times: number };
  /** Answer with this status the next `times` requests. */
  status?: { code: number; times: number };
  /** Ignore Range headers (answer 200 with the whole file). */
  ignoreRange?: boolean;
  /** Refuse cross-origin reads (fetch rejects; a no-cors fetch resolves). */
  noCors?: boolean;
  /** Nobody listens (every fetch rejects, no-cors too). */
  dead?: boolean;
}

export interface FakeHub {
  env: HubEnvironment & { storage: FakeCacheStorage; online: boolean };
  requests: { url: string; range: string | null; mode?: string }[];
  misbehave(url: string, how: Misbehaviour): void;
  sleeps: number[];
}

/** A server over `files` (url → bytes) that honours one Range header, in chunks of 1000 bytes. */
export function fakeHub(files: Record<string, Uint8Array>, options: { quota?: number; usage?: number } = {}): FakeHub {
  const storage = new FakeCacheStorage();
  const requests: FakeHub['requests'] = [];
  const rules = new Map<string, Misbehaviour>();
  const sleeps: number[] = [];
  let clock = 0;
  const env: FakeHub['env'] = {
    storage,
    online: true,
    caches: storage,
    origin: 'http://app.test',
    isOnline: () => env.online,
    now: () => (clock += 100),
    sleep: async (ms) => void sleeps.push(ms),
    storageEstimate: async () => ({ usage: options.usage ?? 0, quota: options.quota ?? 1e12 }),
    fetch: async (url, init) => {
      const range = new Headers(init?.headers).get('range');
      requests.push({ url, range, ...(init?.mode ? { mode: init.mode } : {}) });
      init?.signal?.throwIfAborted();
      const rule = rules.get(url) ?? {};
      if (!env.online || rule.dead) throw new TypeError('Failed to fetch');
      if (rule.noCors) {
        if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
        throw new TypeError('Failed to fetch');
      }
      if (rule.status && rule.status.times > 0) {
        rule.status.times -= 1;
        return new Response('busy', { status: rule.status.code });
      }
      const body = files[url];
      if (!body) return new Response(init?.method === 'HEAD' ? null : 'no', { status: 404, statusText: 'Not Found' });
      if (init?.method === 'HEAD')
        return new Response(null, { status: 200, headers: { 'content-length': String(body.byteLength) } });
      const from = range && !rule.ignoreRange ? Number(/^bytes=(\d+)-$/.exec(range)![1]) : 0;
      const drop = rule.dropAfter && rule.dropAfter.times > 0 ? rule.dropAfter : null;
      if (drop) drop.times -= 1;
      const headers: Record<string, string> = { 'content-length': String(body.byteLength - from) };
      if (from > 0) headers['content-range'] = `bytes ${from}-${body.byteLength - 1}/${body.byteLength}`;
      return new Response(chunked(body.subarray(from), drop?.bytes ?? null, init?.signal ?? undefined), {
        status: from > 0 ? 206 : 200,
        headers,
      });
    },
  };
  return { env, requests, misbehave: (url, how) => rules.set(url, how), sleeps };
}

function chunked(bytes: Uint8Array, dropAfter: number | null, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (signal?.aborted) return controller.error(new DOMException('aborted', 'AbortError'));
      if (dropAfter !== null && at >= dropAfter) return controller.error(new TypeError('network error'));
      if (at >= bytes.byteLength) return controller.close();
      const end = Math.min(at + 1000, bytes.byteLength, dropAfter ?? Infinity);
      controller.enqueue(bytes.slice(at, end));
      at = end;
    },
  });
}

export function sha256(bytes: Uint8Array): FileDigest {
  return { kind: 'sha256', hex: createHash('sha256').update(bytes).digest('hex') };
}

export function gitBlobSha1(bytes: Uint8Array): FileDigest {
  const hash = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes);
  return { kind: 'git-blob-sha1', hex: hash.digest('hex') };
}

export function bytesOf(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}
