import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { WEBLLM_TARGETS } from '../registry/webllm-targets.ts';
import { catalogueRows } from './catalogue.ts';
import { fakeEnvironment } from './fakes.test-support.ts';
import { deleteWebLlmModel, WEBLLM_CACHE_NAMES, webLlmCachedSize, webLlmCacheId } from './webllm-cache.ts';

const [f16, f32] = WEBLLM_TARGETS[0]!.builds;
const F16 = { modelPath: f16!.modelPath, modelLib: f16!.modelLib };
const F32 = { modelPath: f32!.modelPath, modelLib: f32!.modelLib };

/** Puts `bytes` under `url` in web-llm's cache `name`, as its ArtifactCache does (key: the absolute URL). */
async function put(env: ReturnType<typeof fakeEnvironment>, name: string, url: string, bytes: number) {
  const cache = await env.caches.open(name);
  await cache.put(url, new Response(new Uint8Array(bytes)));
}

/** Both Vicuna builds cached the way web-llm 0.2.86 caches them, plus an unrelated entry. */
async function cachedByWebLlm() {
  const env = fakeEnvironment();
  const f16Folder = `${env.origin}/models/vicuna-7b-v1.3-q4f16_1-MLC/resolve/main/`;
  const f32Folder = `${env.origin}/models/vicuna-7b-v1.3-q4f32_1-MLC/resolve/main/`;
  await put(env, 'webllm/model', `${f16Folder}tensor-cache.json`, 100);
  await put(env, 'webllm/model', `${f16Folder}params_shard_0.bin`, 5000);
  await put(env, 'webllm/model', `${f16Folder}params_shard_1.bin`, 4000);
  await put(env, 'webllm/model', `${f16Folder}tokenizer.json`, 700);
  await put(env, 'webllm/config', `${f16Folder}mlc-chat-config.json`, 50);
  await put(env, 'webllm/wasm', f16!.modelLib, 3000);
  await put(env, 'webllm/model', `${f32Folder}params_shard_0.bin`, 6000);
  await put(env, 'webllm/wasm', f32!.modelLib, 3100);
  await put(env, 'webllm/model', 'https://huggingface.co/other/model/resolve/main/params_shard_0.bin', 999);
  return env;
}

describe('web-llm cache', () => {
  it('uses the cache names web-llm 0.2.86 uses', () => {
    // The pinned library itself: if an upgrade renames its caches, this fails before the UI lies.
    const require = createRequire(import.meta.url);
    const lib = readFileSync(require.resolve('@mlc-ai/web-llm/lib/index.js'), 'utf8');
    const has = (text: string) => expect(lib.includes(text), `web-llm's lib/index.js contains ${text}`).toBe(true);
    has(
      'tvm.fetchTensorCache(packageResources.tensorCacheBaseUrl, tvm.webgpu(), Object.assign(Object.assign({}, getTensorCacheAccessOptions("webllm/model"',
    );
    has('const modelCache = createScopedArtifactCache("webllm/model", appConfig);');
    has('const configCache = libExports$2.createArtifactCache("webllm/config"');
    has('const wasmCache = libExports$2.createArtifactCache("webllm/wasm"');
    // Entries are keyed by the file's absolute URL under the model folder.
    has('const jsonUrl = new URL("tensor-cache.json", tensorCacheUrl).href;');
    has('const url = new URL("tokenizer.json", baseUrl).href;');
    has('yield this.cache.add(request);');
    expect(Object.values(WEBLLM_CACHE_NAMES)).toEqual(['webllm/model', 'webllm/config', 'webllm/wasm']);
  });

  it('sums one target’s weights, tokenizer, config and library, and nothing of another model', async () => {
    const env = await cachedByWebLlm();
    expect(await webLlmCachedSize(env, F16)).toBe(100 + 5000 + 4000 + 700 + 50 + 3000);
    expect(await webLlmCachedSize(env, F32)).toBe(6000 + 3100);
  });

  it('deletes exactly that target’s entries', async () => {
    const env = await cachedByWebLlm();
    expect(await deleteWebLlmModel(env, F16)).toBe(6);
    expect(await webLlmCachedSize(env, F16)).toBe(0);
    expect(await webLlmCachedSize(env, F32)).toBe(9100);
    expect(env.storage.caches.get('webllm/model')!.entries.size).toBe(2);
  });

  it('reads nothing, and creates no cache, when web-llm has cached nothing', async () => {
    const env = fakeEnvironment();
    expect(await webLlmCachedSize(env, F16)).toBe(0);
    expect(await deleteWebLlmModel(env, F16)).toBe(0);
    expect([...env.storage.caches.keys()]).toEqual([]);
  });

  it('gives each target row its web-llm location and cache id', () => {
    const rows = catalogueRows([]).filter((r) => r.kind === 'target' && !r.hub);
    expect(rows.map((r) => r.modelIds)).toEqual([[webLlmCacheId(f16!.modelId)], [webLlmCacheId(f32!.modelId)]]);
    expect(rows[0]!.webllm).toEqual(F16);
  });
});
