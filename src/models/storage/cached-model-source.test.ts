import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../../errors.ts';
import { cachedModelSource } from './cached-model-source.ts';
import { fakeEnvironment } from './fakes.test-support.ts';
import { MODEL_CACHE_NAME, modelFileUrl } from './model-cache.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

async function putCached(env: ReturnType<typeof fakeEnvironment>, id: string, file: string, body: Uint8Array) {
  const cache = await env.caches.open(MODEL_CACHE_NAME);
  await cache.put(modelFileUrl(env.origin, id, file), new Response(body as Uint8Array<ArrayBuffer>));
}

describe('cachedModelSource', () => {
  it('reads a cached file from the model cache without fetching it', async () => {
    const env = fakeEnvironment({ 'http://app.test/models/m/config.json': bytes(9, 9) });
    await putCached(env, 'm', 'config.json', bytes(1, 2, 3));
    const fetched: string[] = [];
    const fetch = env.fetch;
    env.fetch = (url, init) => (fetched.push(url), fetch(url, init));
    const source = cachedModelSource(env, 'm');
    expect(await source.readFile('config.json')).toEqual(bytes(1, 2, 3));
    expect(await source.has('config.json')).toBe(true);
    expect(fetched).toEqual([]);
  });

  it('keys nested files (onnx/model.onnx, resolve/main/…) by the same URL the model manager stores', async () => {
    const env = fakeEnvironment();
    await putCached(env, 'vicuna-7b-v1.3-q4f16_1-MLC', 'resolve/main/tokenizer.json', bytes(7));
    await putCached(env, 'u', 'onnx/model.onnx', bytes(8));
    expect(await cachedModelSource(env, 'vicuna-7b-v1.3-q4f16_1-MLC').readFile('resolve/main/tokenizer.json')).toEqual(
      bytes(7),
    );
    expect(await cachedModelSource(env, 'u').readFile('onnx/model.onnx')).toEqual(bytes(8));
  });

  it('falls back to the same-origin URL when the file is not cached', async () => {
    const env = fakeEnvironment({ 'http://app.test/models/tiny-target/tokenizer.json': bytes(4, 5) });
    const source = cachedModelSource(env, 'tiny-target');
    expect(await source.readFile('tokenizer.json')).toEqual(bytes(4, 5));
    expect(await source.has('tokenizer.json')).toBe(true);
    expect(await source.has('model.safetensors')).toBe(false);
  });

  it('names the model and the file when it is in neither place', async () => {
    const env = fakeEnvironment();
    const error = await cachedModelSource(env, 'user-model')
      .readFile('model.safetensors')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileMissingError);
    expect((error as Error).message).toBe(
      'model.safetensors of model "user-model" is not in this browser\'s model storage, and the app does not serve it either (HTTP 404)',
    );
  });

  it("does not take a single-page app server's index.html fallback for the file", async () => {
    const env = fakeEnvironment();
    env.fetch = async () =>
      new Response('<!doctype html><title>Tandem</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    const source = cachedModelSource(env, 'imported');
    await expect(source.readFile('config.json')).rejects.toThrow(
      'config.json of model "imported" is not in this browser\'s model storage, and the app does not serve it either (it answered with its HTML page)',
    );
    expect(await source.has('onnx/model.onnx')).toBe(false);
  });

  it('says the model is not downloaded when the browser is offline', async () => {
    const env = fakeEnvironment({ 'http://app.test/models/m/config.json': bytes(1) }, { online: false });
    const error = await cachedModelSource(env, 'm')
      .readFile('config.json')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileMissingError);
    expect((error as Error).message).toMatch(
      /^config\.json of model "m" is not downloaded and you are offline: .*could not fetch it: Failed to fetch/,
    );
    expect(await cachedModelSource(env, 'm').has('config.json')).toBe(false);
  });

  it('still fetches when Cache Storage cannot be opened (storage blocked)', async () => {
    const env = fakeEnvironment({ 'http://app.test/models/m/config.json': bytes(3) });
    env.caches = { open: () => Promise.reject(new DOMException('denied', 'SecurityError')) };
    expect(await cachedModelSource(env, 'm').readFile('config.json')).toEqual(bytes(3));
  });
});
