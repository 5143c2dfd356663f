import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../llama/safetensors-write.ts';
import { fakeHub, gitBlobSha1, sha256 } from '../models/hub/fakes.test-support.ts';
import { createTandemStore } from './tandem-store.ts';
import type { HubSlice } from './hub-slice.ts';

const BASE = 'https://hub.test';
const weights = encodeSafetensors({ w: { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) } });
const config = new TextEncoder().encode('{}');
const sp = Uint8Array.of(0x0a, 0x03, 0x0a, 0x01, 0x61);

function vicuna68m() {
  const files = { 'config.json': config, 'model.safetensors': weights, 'tokenizer.model': sp };
  const listing = Object.entries(files).map(([path, bytes]) =>
    path === 'config.json'
      ? { type: 'file', path, size: bytes.byteLength, oid: gitBlobSha1(bytes).hex }
      : {
          type: 'file',
          path,
          size: bytes.byteLength,
          oid: 'b'.repeat(40),
          lfs: { oid: sha256(bytes).hex, size: bytes.byteLength },
        },
  );
  return fakeHub({
    [`${BASE}/api/models/double7/vicuna-68m/tree/main?recursive=true`]: new TextEncoder().encode(
      JSON.stringify(listing),
    ),
    ...Object.fromEntries(Object.entries(files).map(([p, b]) => [`${BASE}/double7/vicuna-68m/resolve/main/${p}`, b])),
  });
}

/** The app's store with the Hub slice bound to a fake Hub. */
function setup() {
  const hub = vicuna68m();
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
