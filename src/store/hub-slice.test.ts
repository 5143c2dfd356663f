import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../llama/safetensors-write.ts';
import { fakeHub, gitBlobSha1, sha256 } from '../models/hub/fakes.test-support.ts';
import { createTandemStore } from './tandem-store.ts';
import { pairOptions } from '../models/hub/recommend.ts';
import { webLlmTarget } from '../models/registry/webllm-targets.ts';
import type { HubSlice } from './hub-slice.ts';

const BASE = 'https://hub.test';
const weights = encodeSafetensors({ w: { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) } });
const config = new TextEncoder().encode('{}');
const sp = Uint8Array.of(0x0a, 0x03, 0x0a, 0x01, 0x61);

/** A repository as the Hub serves it: its listing (LFS for binaries) and its files under /resolve/main/. */
function repo(name: string, files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const listing = Object.entries(files).map(([path, bytes]) =>
    path.endsWith('.json')
      ? { type: 'file', path, size: bytes.byteLength, oid: gitBlobSha1(bytes).hex }
      : {
          type: 'file',
          path,
          size: bytes.byteLength,
          oid: 'b'.repeat(40),
          lfs: { oid: sha256(bytes).hex, size: bytes.byteLength },
        },
  );
  return {
    [`${BASE}/api/models/${name}/tree/main?recursive=true`]: new TextEncoder().encode(JSON.stringify(listing)),
    ...Object.fromEntries(Object.entries(files).map(([p, b]) => [`${BASE}/${name}/resolve/main/${p}`, b])),
  };
}

function vicuna68m(extra: Record<string, Uint8Array> = {}) {
  const drafter = { 'config.json': config, 'model.safetensors': weights, 'tokenizer.model': sp };
  return fakeHub({ ...repo('double7/vicuna-68m', drafter), ...extra });
}

/** The app's store with the Hub slice bound to a fake Hub. */
function setup(extra: Record<string, Uint8Array> = {}) {
  const hub = vicuna68m(extra);
  const store = createTandemStore({ hub: { env: () => hub.env, hubBase: () => BASE } });
  const refreshed: number[] = [];
  store.setState({ refreshModels: async () => void refreshed.push(1) });
  return { hub, store, refreshed };
}

describe('the Hub slice', () => {
  it('downloads a catalogue drafter with progress, then refreshes what is cached', async () => {
    const { hub, store, refreshed } = setup();
    const phases: string[] = [];
    store.subscribe((s) => phases.push((s as HubSlice).hubDownloads['vicuna-68m']?.phase ?? 'idle'));
    expect(await store.getState().downloadHubRow('vicuna-68m')).toBe(true);
    expect(store.getState().hubDownloads['vicuna-68m']).toEqual({
      phase: 'done',
      bytes: config.byteLength + weights.byteLength + sp.byteLength,
    });
    expect(phases).toContain('downloading');
    expect(refreshed).toHaveLength(1);
    expect(hub.env.storage.caches.get('tandem-models')!.entries.size).toBe(3);
  });

  it('says a stopped download was stopped, and keeps nothing', async () => {
    const { hub, store } = setup();
    const done = store.getState().downloadHubRow('vicuna-68m');
    store.getState().cancelHubDownload('vicuna-68m');
    expect(await done).toBe(false);
    expect(store.getState().hubDownloads['vicuna-68m']).toEqual({ phase: 'stopped' });
    expect(hub.env.storage.caches.get('tandem-models')?.entries.size ?? 0).toBe(0);
  });
});

describe('downloading a real pair', () => {
  it('downloads the drafter, then the target’s build into web-llm’s caches, then chooses the pair', async () => {
    const option = pairOptions({
      available: true,
      features: [],
      maxStorageBufferBindingSize: 2 ** 30,
      maxBufferSize: 2 ** 31,
      isFallbackAdapter: false,
    }).find((o) => o.targetId === 'tinyllama-1.1b-chat' && o.quantization === 'q4f32_1')!;
    const lib = webLlmTarget('tinyllama-1.1b-chat').builds.find((b) => b.quantization === 'q4f32_1')!.modelLib;
    const mlc = {
      'mlc-chat-config.json': config,
      'tensor-cache.json': config,
      'tokenizer.json': config,
      'tokenizer_config.json': config,
      'params_shard_0.bin': sp,
    };
    // The fake environment answers every URL from memory: the library's real URL is never fetched.
    const { hub, store } = setup({ ...repo(option.targetRow.repo, mlc), [lib]: sp });
    const chosen: string[] = [];
    store.setState({ selectModel: async (model) => void chosen.push(model) });
    await store.getState().downloadPair(option);
    expect(store.getState().hubDownloads).toMatchObject({
      'vicuna-68m': { phase: 'done' },
      'tinyllama-1.1b-chat-q4f32_1': { phase: 'done' },
    });
    expect(hub.env.storage.caches.get('webllm/model')!.entries.size).toBe(4);
    expect(chosen).toEqual(['target:tinyllama-1.1b-chat']);
  });
});
