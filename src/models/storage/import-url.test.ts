import { describe, expect, it } from 'vitest';
import { DownloadCancelledError, ModelDownloadHttpError, ModelUrlError } from './errors.ts';
import { DownloadInterruptedError, ModelFileShapeError, ServerUnreachableError } from '../hub/errors.ts';
import { fakeHub, gitBlobSha1 } from '../hub/fakes.test-support.ts';
import { fakeEnvironment, shapedBytes } from './fakes.test-support.ts';
import { importFromUrl, modelFolderFiles, parseModelFolderUrl } from './import-url.ts';
import { cachedSize, listCached } from './model-cache.ts';
import type { DownloadProgress } from './progress.ts';
import { loadUserModels, saveUserModels, USER_MODELS_KEY } from './user-models.ts';

const ORIGIN = 'http://app.test';
const HOST = 'https://models.example';

/** A served folder: every file of `names` under `${HOST}/${folder}/`, `size` bytes each. */
function folderFiles(folder: string, names: string[], size = 1500): Record<string, Uint8Array> {
  return Object.fromEntries(names.map((name) => [`${HOST}/${folder}/${name}`, shapedBytes(name, size)]));
}

const SAFETENSORS = [
  'config.json',
  'model.safetensors',
  'tokenizer.json',
  'tokenizer_config.json',
  'generation_config.json',
];

describe('parseModelFolderUrl', () => {
  it('accepts a folder URL, adding the final slash, and names the model after the folder', () => {
    expect(parseModelFolderUrl(' https://models.example/org/My Drafter ', ORIGIN)).toEqual({
      url: 'https://models.example/org/My%20Drafter/',
      id: 'my-drafter',
      name: 'My Drafter',
    });
    expect(parseModelFolderUrl('/models/tiny-drafter/', ORIGIN)).toEqual({
      url: 'http://app.test/models/tiny-drafter/',
      id: 'tiny-drafter',
      name: 'tiny-drafter',
    });
  });

  it('turns Hugging Face repository pages into their file URLs', () => {
    expect(parseModelFolderUrl('https://huggingface.co/double7/vicuna-68m', ORIGIN)).toMatchObject({
      url: 'https://huggingface.co/double7/vicuna-68m/resolve/main/',
      id: 'vicuna-68m',
    });
    expect(parseModelFolderUrl('https://huggingface.co/o/r/tree/v2/sub', ORIGIN).url).toBe(
      'https://huggingface.co/o/r/resolve/v2/sub/',
    );
    expect(parseModelFolderUrl('https://huggingface.co/o/r/resolve/main/', ORIGIN).name).toBe('r');
  });

  it('refuses what is not a URL, not http(s), or not a folder, saying which', () => {
    const error = (input: string) => {
      try {
        parseModelFolderUrl(input, ORIGIN);
      } catch (e) {
        expect(e).toBeInstanceOf(ModelUrlError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${input}`);
    };
    expect(error('')).toMatch(/Give the address of a model folder/);
    expect(error('not a url')).toBe(
      "“not a url” is not a valid URL: give the folder's full address, starting with https://.",
    );
    expect(error('ftp://host/models/x/')).toMatch(/is not a web address \(ftp\)/);
    expect(error('https://host/models/x/config.json')).toMatch(
      /is the address of a file \(config\.json\), not of a folder/,
    );
    expect(error('https://huggingface.co/o/r/blob/main/model.safetensors')).toMatch(/file \(model\.safetensors\)/);
    expect(error('https://host/models/x/?download=1')).toMatch(/has a query/);
    expect(error('https://user:pw@host/x/')).toMatch(/user name or password/);
  });
});

describe('modelFolderFiles', () => {
  it('lists what an import requires for each format, generation_config.json optional', () => {
    const files = modelFolderFiles('https://h/m/', 'onnx');
    expect(files.map((f) => [f.name, f.optional])).toEqual([
      ['onnx/model.onnx', false],
      ['config.json', false],
      ['tokenizer.json', false],
      ['tokenizer_config.json', false],
      ['generation_config.json', true],
    ]);
    expect(files[0]!.url).toBe('https://h/m/onnx/model.onnx');
    expect(modelFolderFiles('https://h/m/', 'safetensors')[0]!.name).toBe('model.safetensors');
  });
});

describe('importFromUrl', () => {
  it('downloads the folder into /models/<id>/ with progress to 100 %', async () => {
    const env = fakeEnvironment(folderFiles('org/drafter', SAFETENSORS));
    const reports: DownloadProgress[] = [];
    const folder = parseModelFolderUrl(`${HOST}/org/drafter`, env.origin);
    const result = await importFromUrl(env, folder, 'safetensors', (p) => reports.push(p));
    expect(result).toEqual({
      id: 'drafter',
      name: 'drafter',
      url: `${HOST}/org/drafter/`,
      format: 'safetensors',
      bytes: 7500,
      files: ['model.safetensors', 'config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json'],
    });
    expect(await listCached(env)).toEqual([{ id: 'drafter', bytes: 7500, files: 5 }]);
    expect(reports[0]).toMatchObject({ bytes: 0, totalBytes: 7500 });
    expect(reports.at(-1)).toMatchObject({ bytes: 7500, percent: 100 });
    const keys = [...env.storage.caches.get('tandem-models')!.entries.keys()];
    expect(keys).toContain('http://app.test/models/drafter/model.safetensors');
  });

  it('does without a missing generation_config.json', async () => {
    const env = fakeEnvironment(folderFiles('m', SAFETENSORS.slice(0, 4)));
    const result = await importFromUrl(env, parseModelFolderUrl(`${HOST}/m/`, env.origin), 'safetensors');
    expect(result.files).toEqual(['model.safetensors', 'config.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(result.bytes).toBe(6000);
  });

  it('names a required file the server does not have (404), and leaves nothing behind', async () => {
    const env = fakeEnvironment(
      folderFiles('m', ['config.json', 'model.safetensors', 'tokenizer.json', 'generation_config.json']),
    );
    const folder = parseModelFolderUrl(`${HOST}/m/`, env.origin);
    const error = await importFromUrl(env, folder, 'safetensors').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDownloadHttpError);
    expect((error as Error).message).toBe(
      `Downloading tokenizer_config.json from ${HOST}/m/ failed: the server answered HTTP 404 Not Found.`,
    );
    expect(await listCached(env)).toEqual([]);
    // The wrong format: the folder has model.safetensors, not onnx/model.onnx.
    await expect(importFromUrl(env, folder, 'onnx')).rejects.toThrow(
      `Downloading onnx/model.onnx from ${HOST}/m/ failed: the server answered HTTP 404`,
    );
  });

  it('refuses a folder whose JSON files are web pages', async () => {
    const env = fakeEnvironment();
    env.fetch = async () =>
      new Response('<!doctype html><title>App</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    const error = await importFromUrl(env, parseModelFolderUrl('/some/page/', env.origin), 'safetensors').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelUrlError);
    expect((error as Error).message).toMatch(
      /does not look like a model folder: the server answered config\.json with a web page/,
    );
    expect(await listCached(env)).toEqual([]);
  });

  it('stops on abort and removes what it wrote', async () => {
    const env = fakeEnvironment(folderFiles('m', SAFETENSORS));
    const controller = new AbortController();
    const onProgress = (p: DownloadProgress) => {
      if (p.bytes >= 2000) controller.abort();
    };
    await expect(
      importFromUrl(env, parseModelFolderUrl(`${HOST}/m/`, env.origin), 'safetensors', onProgress, controller.signal),
    ).rejects.toThrow(DownloadCancelledError);
    expect(await cachedSize(env, 'm')).toBe(0);
  });
});

describe('importFromUrl on a real network (defect 6 of issue 13)', () => {
  const names = SAFETENSORS.slice(0, 4);
  const files = folderFiles('m', names);
  const folder = (env: { origin: string }) => parseModelFolderUrl(`${HOST}/m/`, env.origin);
  const weightsUrl = `${HOST}/m/model.safetensors`;

  it('resumes a dropped connection with a Range request and adds the model', async () => {
    const hub = fakeHub(files);
    hub.misbehave(weightsUrl, { dropAfter: { bytes: 1000, times: 1 } });
    const result = await importFromUrl(hub.env, folder(hub.env), 'safetensors');
    expect(result.bytes).toBe(6000);
    expect(hub.requests.filter((r) => r.url === weightsUrl).map((r) => r.range)).toEqual([null, null, 'bytes=1000-']);
  });

  it('says the connection dropped, and how far it got, when resuming keeps failing', async () => {
    const hub = fakeHub(files);
    hub.misbehave(weightsUrl, { dropAfter: { bytes: 1000, times: 99 }, ignoreRange: true });
    const error = await importFromUrl(hub.env, folder(hub.env), 'safetensors').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect((error as Error).message).toMatch(
      /^The connection to https:\/\/models\.example dropped while downloading model\.safetensors from https:\/\/models\.example\/m\/ \(/,
    );
    expect(await listCached(hub.env)).toEqual([]);
  });

  it('tells a server without CORS from a dead port, before any byte is stored', async () => {
    const cors = fakeHub(files);
    cors.misbehave(`${HOST}/m/model.safetensors`, { noCors: true });
    await expect(importFromUrl(cors.env, folder(cors.env), 'safetensors')).rejects.toThrow(
      /^https:\/\/models\.example answered, but without CORS headers \(Access-Control-Allow-Origin\)/,
    );
    const dead = fakeHub(files);
    dead.misbehave(`${HOST}/m/model.safetensors`, { dead: true });
    await expect(importFromUrl(dead.env, folder(dead.env), 'safetensors')).rejects.toThrow(ServerUnreachableError);
    expect(await listCached(dead.env)).toEqual([]);
  });

  it('refuses weights that are a web page, even sent as text/plain', async () => {
    const page = new TextEncoder().encode('<!DOCTYPE html><html><body>Sign in</body></html>');
    const hub = fakeHub({ ...files, [weightsUrl]: page });
    const error = await importFromUrl(hub.env, folder(hub.env), 'safetensors').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileShapeError);
    expect((error as Error).message).toMatch(
      /^model\.safetensors from https:\/\/models\.example\/m\/ is not a safetensors file: it is a web page/,
    );
    expect(await listCached(hub.env)).toEqual([]);
  });

  it('checks a folder on the Hub against its listing: a corrupted byte is refused', async () => {
    const base = 'https://hub.test';
    const listing = names.map((name) => ({
      type: 'file',
      path: name,
      size: 1500,
      oid: gitBlobSha1(files[`${HOST}/m/${name}`]!).hex,
    }));
    const served = Object.fromEntries(
      names.map((name) => [`${base}/o/m/resolve/main/${name}`, files[`${HOST}/m/${name}`]!]),
    );
    const corrupt = served[`${base}/o/m/resolve/main/config.json`]!.slice();
    corrupt[20] = 0x79;
    const hub = fakeHub({
      ...served,
      [`${base}/o/m/resolve/main/config.json`]: corrupt,
      [`${base}/api/models/o/m/tree/main?recursive=true`]: new TextEncoder().encode(JSON.stringify(listing)),
    });
    const hubFolder = parseModelFolderUrl(`${base}/o/m/resolve/main/`, hub.env.origin);
    await expect(importFromUrl({ ...hub.env, hubBase: base }, hubFolder, 'safetensors')).rejects.toThrow(
      /^config\.json from https:\/\/hub\.test\/o\/m\/resolve\/main\/ is corrupt: its git blob sha1 is/,
    );
    expect(await listCached(hub.env)).toEqual([]);
  });
});

describe('user models with a source URL', () => {
  it('keep the URL, and entries saved before it existed still load', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    };
    items.set(
      USER_MODELS_KEY,
      JSON.stringify([
        { id: 'old', folder: 'Old', format: 'onnx', bytes: 3 },
        { id: 'bad', folder: 'B', format: 'onnx', bytes: 1, sourceUrl: 5 },
      ]),
    );
    expect(loadUserModels(storage)).toEqual([{ id: 'old', folder: 'Old', format: 'onnx', bytes: 3 }]);
    saveUserModels(
      [
        ...loadUserModels(storage),
        { id: 'new', folder: 'New', format: 'safetensors', bytes: 9, sourceUrl: 'https://h/new/' },
      ],
      storage,
    );
    expect(loadUserModels(storage).map((m) => m.sourceUrl)).toEqual([undefined, 'https://h/new/']);
  });
});
