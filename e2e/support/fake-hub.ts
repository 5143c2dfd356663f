import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sentencePieceModelFor } from '../../scripts/fixtures/sentencepiece-model.ts';

/**
 * A fake Hugging Face Hub on 127.0.0.1 for the e2e tests: two origins, as on the real Hub.
 *  - the Hub (one port): `/api/models/<repo>/tree/<rev>` lists a repository (sha256 in `lfs` for
 *    binaries, the git blob sha1 in `oid` for the rest), and `/<repo>/resolve/<rev>/<file>`
 *    answers 302 to the CDN;
 *  - the CDN (another port): the bytes, with one Range honoured (206 + Content-Range).
 * Both send CORS headers like the Hub's (Access-Control-Allow-Origin *, Content-Range,
 * Content-Length and ETag exposed). The repositories are the fixture folders of public/models.
 * Tests can make the CDN drop a connection, corrupt a byte, go slow, drop CORS or send HTML.
 */

export interface Logged {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  range: string | null;
}

type Repo = Record<string, Uint8Array>;

const BINARY = /\.(safetensors|model|bin|onnx)$/;
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag, Accept-Ranges',
};

function folder(dir: string, names: string[]): Repo {
  return Object.fromEntries(names.map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]));
}

/** The repositories: the drafter as its real repository ships it (tokenizer.model, no tokenizer.json). */
export function fixtureRepos(): Record<string, Repo> {
  const drafter = 'public/models/tiny-drafter';
  const target = 'public/models/tiny-target';
  return {
    'double7/vicuna-68m': {
      ...folder(drafter, ['config.json', 'generation_config.json', 'model.safetensors']),
      'tokenizer.model': sentencePieceModelFor(readFileSync(join(drafter, 'tokenizer.json'))),
    },
    'tandem-fixtures/tiny-target': folder(target, [
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
    ]),
  };
}

function listing(repo: Repo): unknown[] {
  return Object.entries(repo).map(([path, bytes]) => {
    const gitSha1 = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
    if (!BINARY.test(path)) return { type: 'file', oid: gitSha1, size: bytes.byteLength, path };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return {
      type: 'file',
      oid: gitSha1,
      size: bytes.byteLength,
      path,
      lfs: { oid: sha256, size: bytes.byteLength, pointerSize: 134 },
    };
  });
}

/** What the CDN does to one file (by "<repo>/<file>"). */
export interface FileTrouble {
  /** Drop the connection after this many bytes on the next `times` full (non-Range) GETs. */
  dropAfter?: { bytes: number; times: number };
  /** Flip this byte of what is sent (the listing keeps the true hash). */
  corruptAt?: number;
  /** Send at most this many bytes per 50 ms. */
  bytesPer50ms?: number;
}

export interface FakeHub {
  base: string;
  cdn: string;
  log: Logged[];
  trouble(file: string, how: FileTrouble): void;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startFakeHub(repos: Record<string, Repo> = fixtureRepos()): Promise<FakeHub> {
  const log: Logged[] = [];
  const troubles = new Map<string, FileTrouble>();
  const record = (server: Logged['server'], req: IncomingMessage) =>
    log.push({ server, method: req.method ?? '', path: req.url ?? '', range: req.headers.range ?? null });
  let cdnOrigin = '';
  const hub = createServer((req, res) => {
    record('hub', req);
    const url = new URL(req.url ?? '/', 'http://x');
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (tree && repos[tree[1]!]) {
      const body = JSON.stringify(listing(repos[tree[1]!]!));
      res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' }).end(body);
    } else if (resolve && repos[resolve[1]!]?.[decodeURIComponent(resolve[3]!)]) {
      res.writeHead(302, { ...CORS, Location: `${cdnOrigin}/${resolve[1]}/${resolve[2]}/${resolve[3]}` }).end();
    } else {
      res.writeHead(404, { ...CORS, 'Content-Type': 'text/plain' }).end('Entry not found');
    }
  });
  const cdn = createServer((req, res) => {
    record('cdn', req);
    const match = /^\/([^/]+\/[^/]+)\/[^/]+\/(.+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const repo = match ? repos[match[1]!] : undefined;
    const name = match ? decodeURIComponent(match[2]!) : '';
    const bytes = repo?.[name];
    if (!bytes) return void res.writeHead(404, CORS).end();
    serveBytes(req, res, bytes, troubles.get(`${match![1]}/${name}`) ?? {});
  });
  const hubPort = await listen(hub);
  cdnOrigin = `http://127.0.0.1:${await listen(cdn)}`;
  return {
    base: `http://127.0.0.1:${hubPort}`,
    cdn: cdnOrigin,
    log,
    trouble: (file, how) => troubles.set(file, how),
    close: async () => {
      for (const server of [hub, cdn]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

/** The bytes of a file, honouring one Range, with whatever trouble the test asked for. */
function serveBytes(req: IncomingMessage, res: ServerResponse, file: Uint8Array, trouble: FileTrouble): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range?.[2] ? Number(range[2]) + 1 : file.byteLength;
  const etag = `"${createHash('sha1').update(file).digest('hex')}"`;
  const headers: Record<string, string | number> = {
    ...CORS,
    'Content-Type': 'application/octet-stream',
    'Content-Length': end - start,
    'Accept-Ranges': 'bytes',
    ETag: etag,
  };
  if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${file.byteLength}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') return void res.end();
  let body = file.subarray(start, end);
  if (trouble.corruptAt !== undefined && trouble.corruptAt >= start && trouble.corruptAt < end) {
    body = body.slice();
    body[trouble.corruptAt - start]! ^= 0xff;
  }
  const drop = !range && trouble.dropAfter && trouble.dropAfter.times > 0 ? trouble.dropAfter : null;
  if (drop) {
    drop.times -= 1;
    res.write(body.subarray(0, drop.bytes), () => setTimeout(() => res.destroy(), 50));
    return;
  }
  if (!trouble.bytesPer50ms) return void res.end(body);
  const step = trouble.bytesPer50ms;
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(body.subarray(at, at + step));
    at += step;
    if (at >= body.byteLength) {
      clearInterval(timer);
      res.end();
    }
  }, 50);
  res.on('close', () => clearInterval(timer));
}

/** A port nothing listens on (opened, then closed). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface FolderServer {
  url: string;
  log: Logged[];
  close(): Promise<void>;
}

/**
 * A plain static server for "Add a model by URL": `files` at /<name>, each with the Content-Type
 * given (else application/octet-stream), with or without CORS headers, one Range honoured.
 * `failAfterFirst` names a file whose first GET sends that many bytes and then the connection
 * dies, and every later request for it dies at once (the network went away).
 */
export async function startFolderServer(
  files: Repo,
  options: { cors: boolean; types?: Record<string, string>; failAfterFirst?: { file: string; bytes: number } },
): Promise<FolderServer> {
  const log: Logged[] = [];
  let failed = false;
  const server = createServer((req, res) => {
    log.push({ server: 'cdn', method: req.method ?? '', path: req.url ?? '', range: req.headers.range ?? null });
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const bytes = files[name];
    const cors = options.cors ? CORS : {};
    if (!bytes) return void res.writeHead(404, cors).end();
    const broken = options.failAfterFirst?.file === name && req.method === 'GET';
    if (broken && failed) return void req.socket.destroy();
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const type = options.types?.[name] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = {
      ...cors,
      'Content-Type': type,
      'Content-Length': bytes.byteLength - start,
    };
    if (range) headers['Content-Range'] = `bytes ${start}-${bytes.byteLength - 1}/${bytes.byteLength}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    if (broken) {
      failed = true;
      res.write(bytes.subarray(start, start + options.failAfterFirst!.bytes), () =>
        setTimeout(() => res.destroy(), 50),
      );
      return;
    }
    res.end(bytes.subarray(start));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The tiny-target fixture folder's files as "Add a model by URL" downloads them (safetensors layout). */
export function targetFolderFiles(): Repo {
  return fixtureRepos()['tandem-fixtures/tiny-target']!;
}
