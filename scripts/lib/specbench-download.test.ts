import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError } from './download-verified.ts';
import { fetchSpecBench, type RemoteFile, SPECBENCH_FILES } from './specbench-download.ts';

// A fake repository on 127.0.0.1 serving the Spec-Bench-shaped sample; each test says how it misbehaves.
const SAMPLE = new URL('../fixtures/specbench-sample/', import.meta.url);
const BODIES = new Map(
  ['deen', 'jaen'].map((set) => [`/repo/eval/${set}/question.jsonl`, readFileSync(new URL(`${set}.jsonl`, SAMPLE))]),
);
const FILES: RemoteFile[] = [...BODIES].map(([path, body]) => ({
  name: `${path.split('/')[3]}.jsonl`,
  path: path.slice('/repo/'.length),
  size: body.length,
  sha256: createHash('sha256').update(body).digest('hex'),
}));

type Misbehaviour = 'none' | 'extra-byte' | 'flipped-byte' | 'not-found' | 'cut-off';
let misbehave: (path: string) => Misbehaviour = () => 'none';
const requests: string[] = [];
let server: Server;
let baseUrl: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(path);
    const body = BODIES.get(path);
    const how = misbehave(path);
    if (!body || how === 'not-found') return void response.writeHead(404).end('not found');
    if (how === 'extra-byte') return void response.end(Buffer.concat([body, Buffer.from('\n')]));
    if (how === 'flipped-byte') return void response.end(Buffer.concat([body.subarray(0, -2), Buffer.from('X\n')]));
    if (how === 'cut-off') {
      // Promise the whole length, send half, drop the connection.
      response.writeHead(200, { 'content-length': body.length });
      return void response.write(body.subarray(0, body.length >> 1), () => response.destroy());
    }
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo/`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-specbench-dl-'));
  misbehave = () => 'none';
  requests.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const run = () => fetchSpecBench({ dir, baseUrl, files: FILES });

describe('fetchSpecBench', () => {
  it('downloads every file, checked, and a second run only re-checks them', async () => {
    await run();
    expect((await readdir(dir)).sort()).toEqual(['deen.jsonl', 'jaen.jsonl']);
    expect(await readFile(join(dir, 'jaen.jsonl'))).toEqual(BODIES.get('/repo/eval/jaen/question.jsonl'));
    expect(requests).toHaveLength(2);
    await run();
    expect(requests).toHaveLength(2);
  });

  it.each([
    ['extra-byte', /more than the expected \d+ bytes/],
    ['flipped-byte', /sha256 [0-9a-f]{64} is not the expected/],
    ['not-found', /HTTP 404/],
    ['cut-off', /jaen\/question\.jsonl: /],
  ] as const)('refuses a file that comes %s and leaves nothing half-written', async (how, message) => {
    misbehave = (path) => (path.includes('jaen') ? how : 'none');
    const attempt = run();
    await expect(attempt).rejects.toThrow(DownloadError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toThrow(/1 of 2 files failed/);
    // The good file is kept; of the bad one, neither the file nor its part file is left.
    expect(await readdir(dir)).toEqual(['deen.jsonl']);
  });

  it('replaces a file with the wrong bytes only once the new one checks out', async () => {
    await writeFile(join(dir, 'deen.jsonl'), 'stale');
    misbehave = () => 'flipped-byte';
    await expect(run()).rejects.toThrow(/2 of 2 files failed/);
    expect(await readFile(join(dir, 'deen.jsonl'), 'utf8')).toBe('stale');
    misbehave = () => 'none';
    await run();
    expect(await readFile(join(dir, 'deen.jsonl'))).toEqual(BODIES.get('/repo/eval/deen/question.jsonl'));
  });

  it('says why when nothing answers', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((done) => probe.close(() => done()));
    const dead = `http://127.0.0.1:${port}/repo/`;
    await expect(fetchSpecBench({ dir, baseUrl: dead, files: FILES })).rejects.toThrow(/ECONNREFUSED/);
    expect(await readdir(dir)).toEqual([]);
    // A folder it made itself and left empty is removed (it would hide ../shared/data/specbench).
    const fresh = join(dir, 'data', 'specbench');
    await expect(fetchSpecBench({ dir: fresh, baseUrl: dead, files: FILES })).rejects.toThrow(DownloadError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('the Spec-Bench manifest', () => {
  it('names the five translation sets and the licence, each with a size and a sha256', () => {
    expect(SPECBENCH_FILES.map((f) => f.name)).toEqual([
      'deen.jsonl',
      'fren.jsonl',
      'ruen.jsonl',
      'jaen.jsonl',
      'zhen.jsonl',
      'LICENSE',
    ]);
    for (const file of SPECBENCH_FILES) {
      expect(file.sha256, file.name).toMatch(/^[0-9a-f]{64}$/);
      expect(file.size, file.name).toBeGreaterThan(1000);
    }
  });
});
