import { describe, expect, it } from 'vitest';
import { downloadModel } from './download.ts';
import { DownloadCancelledError, ModelDownloadHttpError, ModelOfflineError, StorageQuotaError } from './errors.ts';
import { fakeEnvironment, type FakeCache } from './fakes.test-support.ts';
import { cachedSize, listCached } from './model-cache.ts';
import type { DownloadProgress } from './progress.ts';

const files = { '/src/a.bin': new Uint8Array(2500).fill(1), '/src/b.json': new Uint8Array(500).fill(2) };
const list = [
  { name: 'a.bin', url: '/src/a.bin' },
  { name: 'sub/b.json', url: '/src/b.json' },
];

describe('downloadModel', () => {
  it('streams every file into the cache under /models/<id>/ and reports progress to 100 %', async () => {
    const env = fakeEnvironment(files);
    const reports: DownloadProgress[] = [];
    expect(await downloadModel(env, 'm1', list, (p) => reports.push(p))).toBe(3000);
    expect(await cachedSize(env, 'm1')).toBe(3000);
    expect(await listCached(env)).toEqual([{ id: 'm1', bytes: 3000, files: 2 }]);
    expect(reports[0]).toMatchObject({ bytes: 0, totalBytes: 3000, percent: 0 });
    // one report per 1000-byte chunk (a: 3, b: 1) between the first and the final one
    expect(reports.map((r) => r.bytes)).toEqual([0, 1000, 2000, 2500, 3000, 3000]);
    expect(reports.at(-1)).toMatchObject({ bytes: 3000, percent: 100, secondsLeft: 0 });
    expect(reports[2]!.bytesPerSecond).toBeGreaterThan(0);
    const cache = env.storage.caches.get('tandem-models')!;
    expect([...cache.entries.keys()]).toEqual([
      'http://app.test/models/m1/a.bin',
      'http://app.test/models/m1/sub/b.json',
    ]);
  });

  it('reports progress at most every 100 ms, and always the final 100 %', async () => {
    const env = fakeEnvironment(files);
    env.now = () => 0; // every chunk arrives at once
    const reports: DownloadProgress[] = [];
    await downloadModel(env, 'm1', list, (p) => reports.push(p));
    expect(reports.map((r) => r.bytes)).toEqual([0, 3000]);
    expect(reports.at(-1)).toMatchObject({ percent: 100 });
  });

  it('names the file and the status on an HTTP error, and leaves nothing cached', async () => {
    const env = fakeEnvironment(files);
    const bad = [...list, { name: 'c.bin', url: '/src/missing' }];
    await expect(downloadModel(env, 'm1', bad)).rejects.toThrow(ModelDownloadHttpError);
    await expect(downloadModel(env, 'm1', bad)).rejects.toThrow(
      'Downloading m1/c.bin failed: the server answered HTTP 404 Not Found.',
    );
    expect(await cachedSize(env, 'm1')).toBe(0);
  });

  it('says the model is not downloaded and the browser is offline', async () => {
    const env = fakeEnvironment(files, { online: false });
    const error = await downloadModel(env, 'm1', list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOfflineError);
    expect((error as Error).message).toBe(
      'm1 is not downloaded and you are offline. Connect to the internet and try again.',
    );
  });

  it('maps QuotaExceededError to a plain message and removes the partial files', async () => {
    const env = fakeEnvironment(files);
    const cache = (await env.caches.open('tandem-models')) as unknown as FakeCache;
    cache.failPutWith = new DOMException('quota', 'QuotaExceededError');
    const error = await downloadModel(env, 'm1', list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect((error as Error).message).toMatch(/not enough storage space for m1/);
    expect(cache.entries.size).toBe(0);
  });

  it('stops on abort with a cancelled error and removes what it wrote', async () => {
    const env = fakeEnvironment(files);
    const controller = new AbortController();
    const onProgress = (p: DownloadProgress) => {
      if (p.bytes >= 1000) controller.abort();
    };
    await expect(downloadModel(env, 'm1', list, onProgress, controller.signal)).rejects.toThrow(DownloadCancelledError);
    expect(await cachedSize(env, 'm1')).toBe(0);
  });
});
