import { describe, expect, it } from 'vitest';
import { type AdapterFacts, pairOptions, recommendPair } from './recommend.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const desktop: AdapterFacts = {
  available: true,
  features: ['shader-f16', 'subgroups'],
  maxStorageBufferBindingSize: 2 * GiB,
  maxBufferSize: 4 * GiB,
  isFallbackAdapter: false,
};

/** The table: adapter → recommended target and build. */
const TABLE: [string, AdapterFacts, string | null][] = [
  ['desktop GPU with shader-f16', desktop, 'llama-2-7b-chat-4k q4f16_1'],
  ['desktop GPU without shader-f16', { ...desktop, features: [] }, 'llama-2-7b-chat-4k q4f32_1'],
  [
    '128 MiB bindings (the WebGPU default)',
    { ...desktop, maxStorageBufferBindingSize: 128 * MiB },
    'llama-2-7b-chat-1k q4f16_1',
  ],
  [
    '6 GB of memory known: the 4k build does not fit, the 1k does',
    { ...desktop, memoryMB: 6000 },
    'llama-2-7b-chat-1k q4f16_1',
  ],
  ['4 GB known: the 7B does not fit', { ...desktop, memoryMB: 4096 }, 'tinyllama-1.1b-chat q4f16_1'],
  ['4 GB, no shader-f16', { ...desktop, features: [], memoryMB: 4096 }, 'tinyllama-1.1b-chat q4f32_1'],
  [
    'a software adapter (SwiftShader)',
    { ...desktop, features: [], maxStorageBufferBindingSize: GiB, isFallbackAdapter: true },
    'tinyllama-1.1b-chat q4f32_1',
  ],
  ['512 MB known: nothing fits', { ...desktop, memoryMB: 512 }, null],
  ['buffers below web-llm’s minimum', { ...desktop, maxBufferSize: 128 * MiB }, null],
  ['no WebGPU', { ...desktop, available: false }, null],
];

describe('recommendPair', () => {
  it.each(TABLE)('%s', (_, gpu, expected) => {
    const { option, reason } = recommendPair(gpu);
    expect(option ? `${option.targetId} ${option.quantization}` : null).toBe(expected);
    expect(reason).not.toBe('');
  });

  it('says why a pair cannot run, and what each needs', () => {
    const options = pairOptions({ ...desktop, features: [], maxStorageBufferBindingSize: 128 * MiB });
    const blockers = Object.fromEntries(options.map((o) => [`${o.targetId} ${o.quantization}`, o.blocker]));
    expect(blockers).toEqual({
      'llama-2-7b-chat-4k q4f16_1': 'needs shader-f16',
      'llama-2-7b-chat-4k q4f32_1': 'needs 1 GiB storage-buffer bindings (the 1k-context build runs with less)',
      'llama-2-7b-chat-1k q4f16_1': 'needs shader-f16',
      'llama-2-7b-chat-1k q4f32_1': null,
      'tinyllama-1.1b-chat q4f16_1': 'needs shader-f16',
      'tinyllama-1.1b-chat q4f32_1': null,
    });
    const tiny = options.find((o) => o.targetId === 'tinyllama-1.1b-chat' && o.quantization === 'q4f32_1')!;
    expect(tiny).toMatchObject({ drafterId: 'vicuna-68m', downloadBytes: 690_000_000 + 272_000_000, vramMB: 839.98 });
  });
});
