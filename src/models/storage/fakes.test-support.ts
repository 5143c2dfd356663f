import type { StorageEnvironment } from './environment.ts';

/**
 * A small in-memory Cache Storage: enough of open/keys/match/put/delete for the model store.
 * put() reads the whole body, as the real one does, so streaming and abort paths run for real.
 */
export class FakeCache {
  readonly entries = new Map<string, { body: Uint8Array<ArrayBuffer>; headers: Headers }>();
  failPutWith: Error | null = null;

  async put(key: RequestInfo | URL, response: Response): Promise<void> {
    const body = new Uint8Array(await response.arrayBuffer());
    if (this.failPutWith) throw this.failPutWith;
    this.entries.set(String(key instanceof Request ? key.url : key), { body, headers: response.headers });
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async match(key: RequestInfo | URL): Promise<Response | undefined> {
    const entry = this.entries.get(String(key instanceof Request ? key.url : key));
    return entry ? new Response(entry.body, { headers: entry.headers }) : undefined;
  }
  async delete(key: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(String(key instanceof Request ? key.url : key));
  }
}

export class FakeCacheStorage {
  readonly caches = new Map<string, FakeCache>();
  async open(name: string): Promise<Cache> {
    if (!this.caches.has(name)) this.caches.set(name, new FakeCache());
    return this.caches.get(name)! as unknown as Cache;
  }
  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }
}

/** An environment whose fetch serves `files` (url → bytes) from memory, in chunks of 1000 bytes. */
export function fakeEnvironment(files: Record<string, Uint8Array> = {}, options: { online?: boolean } = {}) {
  const storage = new FakeCacheStorage();
  let clock = 0;
  const env: StorageEnvironment & { storage: FakeCacheStorage; online: boolean } = {
    storage,
    online: options.online ?? true,
    caches: storage,
    origin: 'http://app.test',
    isOnline: () => env.online,
    now: () => (clock += 100),
    fetch: async (url, init) => {
      if (!env.online) throw new TypeError('Failed to fetch');
      init?.signal?.throwIfAborted();
      const body = files[url];
      if (!body) return new Response('no', { status: 404, statusText: 'Not Found' });
      return new Response(chunked(body, 1000), { headers: { 'content-length': String(body.byteLength) } });
    },
  };
  return env;
}

function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

/**
 * `size` bytes shaped like the file's name says, so the shape checks pass: a JSON object, a
 * safetensors file (a header of padding metadata), an ONNX model (first byte 0x08); else zeros.
 */
export function shapedBytes(name: string, size: number): Uint8Array<ArrayBuffer> {
  if (name.endsWith('.json') && size >= 10) return new TextEncoder().encode(`{"pad":"${'x'.repeat(size - 10)}"}`);
  const bytes = new Uint8Array(size);
  if (name.endsWith('.onnx') && size > 0) bytes[0] = 0x08;
  if (name.endsWith('.safetensors') && size >= 36) {
    const header = new TextEncoder().encode(`{"__metadata__":{"pad":"${'x'.repeat(size - 36)}"}}`);
    new DataView(bytes.buffer).setUint32(0, header.length, true);
    bytes.set(header, 8);
  }
  return bytes;
}

/** A File as `<input webkitdirectory>` gives it: webkitRelativePath "folder/sub/file", shaped bytes. */
export function pickedFile(relativePath: string, bytes: number): File {
  const file = new File([shapedBytes(relativePath, bytes)], relativePath.split('/').pop()!);
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}
