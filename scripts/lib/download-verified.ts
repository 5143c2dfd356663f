import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { TandemError } from '../../src/errors.ts';

/** A download failed or its bytes are not the ones expected; the message names the URL and why. */
export class DownloadError extends TandemError {}

export interface FileDigest {
  size: number;
  /** Lower-case hex. */
  sha256: string;
}

/** Size and sha256 of a file on disk; null when there is none. */
export async function digestOf(path: string): Promise<FileDigest | null> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Downloads `url` to `dest` only if its bytes have exactly the expected size and sha256. The body
 * streams into `<dest>.part-<pid>` (stopped as soon as it runs past the size) and is renamed into
 * place once checked, so `dest` is either the verified file or untouched; the part file is always
 * removed on failure.
 */
export async function downloadVerified(
  url: string,
  dest: string,
  expected: FileDigest,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<void> {
  const part = `${dest}.part-${process.pid}`;
  try {
    const response = await (options.fetch ?? fetch)(url, { redirect: 'follow', signal: options.signal });
    if (!response.ok || !response.body)
      throw new DownloadError(`${url}: HTTP ${response.status} ${response.statusText}`);
    const hash = createHash('sha256');
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > expected.size)
          return done(new DownloadError(`${url}: more than the expected ${expected.size} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    await pipeline(body, check, createWriteStream(part, { flags: 'wx' }));
    if (size !== expected.size) throw new DownloadError(`${url}: got ${size} bytes, expected ${expected.size}`);
    const sha256 = hash.digest('hex');
    if (sha256 !== expected.sha256) {
      throw new DownloadError(
        `${url}: sha256 ${sha256} is not the expected ${expected.sha256} (same size, other bytes)`,
      );
    }
    await rename(part, dest);
  } catch (error) {
    await rm(part, { force: true });
    if (error instanceof DownloadError) throw error;
    // fetch() says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a reset) is its cause.
    const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new DownloadError(`${url}: ${reason}`, { cause: error });
  }
}
