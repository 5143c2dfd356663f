import { describe, expect, it } from 'vitest';
import { DownloadCancelledError, ModelDownloadHttpError } from '../storage/errors.ts';
import { ChecksumMismatchError, CorsBlockedError, DownloadInterruptedError, ServerUnreachableError } from './errors.ts';
import { bytesOf, fakeHub, gitBlobSha1, sha256 } from './fakes.test-support.ts';
import { fetchFile, STAGING_CACHE } from './fetch-file.ts';

const URL_A = 'https://cdn.test/a.bin';
const A = bytesOf(5500);
const job = (over = {}) => ({ url: URL_A, label: 'r/a.bin', size: A.byteLength, digest: sha256(A), ...over });

async function bytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('fetchFile', () => {
  it('fetches and verifies a file, then discards its staging parts', async () => {
    const hub = fakeHub({ [URL_A]: A });
    let seen = 0;
    const file = await fetchFile(hub.env, job(), { onBytes: (n) => (seen += n) });
    expect(await bytes(file.blob)).toEqual(A);
    expect(seen).toBe(A.byteLength);
    expect(hub.requests).toEqual([{ url: URL_A, range: null }]);
    await file.discard();
    expect(hub.env.storage.caches.get(STAGING_CACHE)!.entries.size).toBe(0);
  });

  it('checks a non-LFS file by its git blob sha1', async () => {
    const hub = fakeHub({ [URL_A]: A });
    expect(await bytes((await fetchFile(hub.env, job({ digest: gitBlobSha1(A) }))).blob)).toEqual(A);
  });

  it('resumes a dropped connection with one Range header, after a back-off, and the checksum passes', async () => {
    const hub = fakeHub({ [URL_A]: A });
    hub.misbehave(URL_A, { dropAfter: { bytes: 2000, times: 2 } });
    const file = await fetchFile(hub.env, job());
    expect(await bytes(file.blob)).toEqual(A);
    expect(hub.requests.map((r) => r.range)).toEqual([null, 'bytes=2000-', 'bytes=4000-']);
    expect(hub.sleeps).toEqual([500, 500]); // progress was made each time: the back-off starts again
  });

  it('starts over when the server ignores Range', async () => {
    const hub = fakeHub({ [URL_A]: A });
    hub.misbehave(URL_A, { dropAfter: { bytes: 3000, times: 1 }, ignoreRange: true });
    let seen = 0;
    const file = await fetchFile(hub.env, job(), { onBytes: (n) => (seen += n) });
    expect(await bytes(file.blob)).toEqual(A);
    expect(seen).toBe(A.byteLength);
  });

  it('retries a busy server with a growing back-off, then names the status', async () => {
    const hub = fakeHub({ [URL_A]: A });
    hub.misbehave(URL_A, { status: { code: 503, times: 2 } });
    expect(await bytes((await fetchFile(hub.env, job())).blob)).toEqual(A);
    expect(hub.sleeps).toEqual([500, 1000]);
    hub.misbehave(URL_A, { status: { code: 503, times: 9 } });
    await expect(fetchFile(hub.env, job())).rejects.toThrow(
      new ModelDownloadHttpError(
        'Downloading r/a.bin failed: the server kept answering HTTP 503 (5 tries). Try again later.',
      ),
    );
  });

  it('refuses a corrupted byte by its checksum and keeps nothing', async () => {
    const corrupt = A.slice();
    corrupt[4321] ^= 0xff;
    const hub = fakeHub({ [URL_A]: corrupt });
    const error = await fetchFile(hub.env, job()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toMatch(/^r\/a\.bin is corrupt: its sha256 is [0-9a-f]{12}…, the Hub lists/);
    expect(hub.env.storage.caches.get(STAGING_CACHE)!.entries.size).toBe(0);
  });

  it('says the connection kept dropping, with how much came, after the tries', async () => {
    const hub = fakeHub({ [URL_A]: A });
    hub.misbehave(URL_A, { dropAfter: { bytes: 0, times: 99 } });
    await expect(fetchFile(hub.env, job())).rejects.toThrow(DownloadInterruptedError);
    await expect(fetchFile(hub.env, job(), { retries: 1 })).rejects.toThrow(
      'The connection to https://cdn.test dropped while downloading r/a.bin (0.0 MB of 0.0 MB received) and 1 tries to resume failed.',
    );
  });

  it('tells a server without CORS from one that does not answer', async () => {
    const hub = fakeHub({ [URL_A]: A });
    hub.misbehave(URL_A, { noCors: true });
    await expect(fetchFile(hub.env, job())).rejects.toThrow(CorsBlockedError);
    expect(hub.sleeps).toEqual([]); // no retries: it will not change its headers
    hub.misbehave(URL_A, { dead: true });
    await expect(fetchFile(hub.env, job())).rejects.toThrow(
      new ServerUnreachableError(
        'No server answered at https://cdn.test for r/a.bin (5 tries): check the address, and that the server is running and reachable from this network.',
      ),
    );
  });

  it('stops on cancel and keeps nothing', async () => {
    const hub = fakeHub({ [URL_A]: A });
    const controller = new AbortController();
    const file = fetchFile(hub.env, job(), { signal: controller.signal, onBytes: () => controller.abort() });
    await expect(file).rejects.toThrow(DownloadCancelledError);
    expect(hub.env.storage.caches.get(STAGING_CACHE)!.entries.size).toBe(0);
  });
});
