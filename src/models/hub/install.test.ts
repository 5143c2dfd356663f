import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../llama/safetensors-write.ts';
import { StorageQuotaError } from '../storage/errors.ts';
import { HUB_CATALOGUE } from './catalogue.ts';
import { ChecksumMismatchError, HubFileMissingError, ModelLibraryMissingError } from './errors.ts';
import { bytesOf, fakeHub, gitBlobSha1, sha256 } from './fakes.test-support.ts';
import type { LockRequester } from './hub-environment.ts';
import { installPlan } from './install.ts';
import { planDrafter, planWebLlm } from './plan.ts';

const BASE = 'https://hub.test';
const [VICUNA_68M] = HUB_CATALOGUE.drafters;
const TINY_F16 = HUB_CATALOGUE.webllm.find((r) => r.id === 'tinyllama-1.1b-chat-q4f16_1')!;
const LIB = 'https://libs.test/TinyLlama-q4f16_1-webgpu.wasm';

const weights = encodeSafetensors({
  'w.weight': { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, -2, 0.5, 3, 4, 5) },
});
const config = new TextEncoder().encode('{"vocab_size": 32000}');
const spModel = Uint8Array.of(0x0a, 0x05, 0x0a, 0x03, 0x61, 0x62, 0x63);

/** A Hub repository: its files at /resolve/main/ and its listing, LFS entries for the binaries. */
function repo(name: string, files: Record<string, Uint8Array>, lfs: string[]) {
  const listing = Object.entries(files).map(([path, bytes]) =>
    lfs.includes(path)
      ? {
          type: 'file',
          oid: 'a'.repeat(40),
          size: bytes.byteLength,
          path,
          lfs: { oid: sha256(bytes).hex, size: bytes.byteLength, pointerSize: 134 },
        }
      : { type: 'file', oid: gitBlobSha1(bytes).hex, size: bytes.byteLength, path },
  );
  return {
    [`${BASE}/api/models/${name}/tree/main?recursive=true`]: new TextEncoder().encode(JSON.stringify(listing)),
    ...Object.fromEntries(
      Object.entries(files).map(([path, bytes]) => [`${BASE}/${name}/resolve/main/${path}`, bytes]),
    ),
  };
}

const drafterRepo = repo(
  'double7/vicuna-68m',
  { 'config.json': config, 'model.safetensors': weights, 'tokenizer.model': spModel },
  ['model.safetensors', 'tokenizer.model'],
);
const stored = (hub: ReturnType<typeof fakeHub>, cache: string) => [
  ...(hub.env.storage.caches.get(cache)?.entries.keys() ?? []),
];

describe('installing a catalogue drafter', () => {
  it('lists the repository, fetches and checks each file, and stores it under /models/<id>/', async () => {
    const hub = fakeHub(drafterRepo);
    const plan = await planDrafter(hub.env, BASE, VICUNA_68M!, { shaderF16: false });
    expect(plan.files.map((f) => [f.path, f.digest.kind])).toEqual([
      ['config.json', 'git-blob-sha1'],
      ['model.safetensors', 'sha256'],
      ['tokenizer.model', 'sha256'],
    ]);
    expect(await installPlan(hub.env, plan)).toBe(config.byteLength + weights.byteLength + spModel.byteLength);
    expect(stored(hub, 'tandem-models')).toEqual([
      'http://app.test/models/vicuna-68m/config.json',
      'http://app.test/models/vicuna-68m/model.safetensors',
      'http://app.test/models/vicuna-68m/tokenizer.model',
    ]);
    expect(stored(hub, 'tandem-downloads')).toEqual([]);
  });

  it('stores F32 weights as F16 on a GPU with shader-f16, after the checksum', async () => {
    const hub = fakeHub(drafterRepo);
    await installPlan(hub.env, await planDrafter(hub.env, BASE, VICUNA_68M!, { shaderF16: true }));
    const kept = hub.env.storage.caches
      .get('tandem-models')!
      .entries.get('http://app.test/models/vicuna-68m/model.safetensors')!;
    const f16 = encodeSafetensors({
      'w.weight': { dtype: 'F16', shape: [2, 3], data: Float32Array.of(1, -2, 0.5, 3, 4, 5) },
    });
    expect(kept.body).toEqual(f16);
  });

  it('refuses before any file is fetched when the quota is too small, saying what is needed and what is left', async () => {
    const hub = fakeHub(drafterRepo, { quota: 200, usage: 100 });
    const plan = await planDrafter(hub.env, BASE, VICUNA_68M!, { shaderF16: false });
    const error = await installPlan(hub.env, plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect((error as Error).message).toMatch(
      /^There is not enough storage space for vicuna-68m \(generic drafter\): it needs 220 B while downloading, and this site may use only 100 B more\./,
    );
    expect(hub.requests.map((r) => r.url)).toEqual([`${BASE}/api/models/double7/vicuna-68m/tree/main?recursive=true`]);
  });

  it('keeps nothing when a later file fails its checksum', async () => {
    const corrupt = {
      ...drafterRepo,
      [`${BASE}/double7/vicuna-68m/resolve/main/tokenizer.model`]: Uint8Array.of(
        0x0a,
        0x05,
        0x0a,
        0x03,
        0x61,
        0x62,
        0x64,
      ),
    };
    const hub = fakeHub(corrupt);
    const plan = await planDrafter(hub.env, BASE, VICUNA_68M!, { shaderF16: false });
    await expect(installPlan(hub.env, plan, { retries: 0 })).rejects.toThrow(ChecksumMismatchError);
    expect(stored(hub, 'tandem-models')).toEqual([]);
    expect(stored(hub, 'tandem-downloads')).toEqual([]);
  });

  it('names a file the repository does not have', async () => {
    const hub = fakeHub(repo('double7/vicuna-68m', { 'config.json': config, 'model.safetensors': weights }, []));
    await expect(planDrafter(hub.env, BASE, VICUNA_68M!, { shaderF16: false })).rejects.toThrow(
      new HubFileMissingError('double7/vicuna-68m@main has no tokenizer (tokenizer.json or tokenizer.model)'),
    );
  });

  it('downloads each file once when two tabs ask at the same time (Web Locks)', async () => {
    const hub = fakeHub(drafterRepo);
    const held = new Map<string, Promise<unknown>>();
    const locks: LockRequester = {
      request: (name, callback) => {
        const run = (held.get(name) ?? Promise.resolve()).then(callback, callback);
        held.set(
          name,
          run.catch(() => undefined),
        );
        return run;
      },
    };
    hub.env.locks = locks;
    const plan = await planDrafter(hub.env, BASE, VICUNA_68M!, { shaderF16: false });
    await Promise.all([installPlan(hub.env, plan), installPlan(hub.env, plan)]);
    const fileRequests = hub.requests.filter((r) => r.url.includes('/resolve/'));
    expect(fileRequests.map((r) => r.url.split('/').pop())).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.model',
    ]);
  });
});

describe('installing a web-llm build', () => {
  const mlc = {
    'mlc-chat-config.json': config,
    'tensor-cache.json': config,
    'tokenizer.json': config,
    'tokenizer_config.json': config,
    'params_shard_0.bin': bytesOf(3000),
    'params_shard_1.bin': bytesOf(2000, 3),
  };
  const files = { ...repo(TINY_F16.repo, mlc, ['params_shard_0.bin', 'params_shard_1.bin']), [LIB]: bytesOf(10) };

  it('checks the model library first, then stores every file where web-llm looks for it', async () => {
    const hub = fakeHub(files);
    await installPlan(hub.env, await planWebLlm(hub.env, BASE, TINY_F16, LIB));
    expect(hub.requests[1]).toEqual({ url: LIB, range: null });
    const folder = `${BASE}/${TINY_F16.repo}/resolve/main/`;
    expect(stored(hub, 'webllm/config')).toEqual([`${folder}mlc-chat-config.json`]);
    expect(stored(hub, 'webllm/model').sort()).toEqual(
      ['params_shard_0.bin', 'params_shard_1.bin', 'tensor-cache.json', 'tokenizer.json', 'tokenizer_config.json'].map(
        (f) => folder + f,
      ),
    );
  });

  it('names a missing model library and downloads nothing', async () => {
    const hub = fakeHub({ ...files, [LIB]: undefined as unknown as Uint8Array });
    const plan = await planWebLlm(hub.env, BASE, TINY_F16, LIB);
    await expect(installPlan(hub.env, plan)).rejects.toThrow(
      new ModelLibraryMissingError(
        `The model library ${LIB} is missing (HTTP 404): this build cannot run, so nothing was downloaded.`,
      ),
    );
    expect(hub.requests.filter((r) => r.url.includes('/resolve/'))).toEqual([]);
  });
});
