import { describe, expect, it } from 'vitest';
import type { GpuAvailable, GpuLimits } from '../protocol/protocol.ts';
import { reviveError, serializeError } from '../protocol/error-transfer.ts';
import { ModelFileMissingError, TokenizerError } from '../errors.ts';
import type { ModelSource } from '../models/model-source.ts';
import { loadTokenizer } from '../models/tokenizer.ts';
import { errorInfo } from './error-info.ts';
import { environmentIssues, type EnvironmentInput } from './environment-issues.ts';
import type { GpuState } from './types.ts';

const limits: GpuLimits = {
  maxBufferSize: 2 ** 30,
  maxStorageBufferBindingSize: 2 ** 30,
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 10,
};
const goodGpu: GpuAvailable = {
  available: true,
  adapterName: 'Big GPU',
  description: 'Big GPU',
  vendor: 'v',
  architecture: 'a',
  device: 'd',
  isFallbackAdapter: false,
  features: ['shader-f16', 'subgroups'],
  hasShaderF16: true,
  limits,
};

function input(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    gpu: { phase: 'done', report: goodGpu },
    demo: { phase: 'idle' },
    runError: null,
    workerRecovery: { phase: 'none' },
    online: true,
    ...overrides,
  };
}

const kinds = (i: EnvironmentInput) => environmentIssues(i).map((issue) => issue.kind);

describe('environment issues, each in plain words with what to do', () => {
  it('says nothing on a capable GPU, or while the probe runs', () => {
    expect(environmentIssues(input())).toEqual([]);
    expect(environmentIssues(input({ gpu: { phase: 'probing' } }))).toEqual([]);
  });

  it('no WebGPU and no adapter are different messages, each with a next step', () => {
    const [noWebGpu] = environmentIssues(
      input({ gpu: { phase: 'done', report: { available: false, code: 'no-webgpu', reason: 'r' } } }),
    );
    expect(noWebGpu).toMatchObject({ kind: 'no-webgpu', severity: 'error', title: 'This browser has no WebGPU' });
    expect(noWebGpu.action).toContain('Chrome or Edge');
    const [noAdapter] = environmentIssues(
      input({
        gpu: { phase: 'done', report: { available: false, code: 'no-adapter', reason: 'r', detail: 'blocklisted' } },
      }),
    );
    expect(noAdapter).toMatchObject({ kind: 'no-adapter', detail: 'blocklisted' });
    expect(noAdapter.action).toContain('hardware acceleration');
  });

  it('no shader-f16: the larger 32-bit build of the target, with its sizes from the registry', () => {
    const noF16: GpuState = { phase: 'done', report: { ...goodGpu, features: ['subgroups'], hasShaderF16: false } };
    // Nobody chose the Vicuna target yet: no word about its builds.
    expect(environmentIssues(input({ gpu: noF16 }))).toEqual([]);
    const [issue] = environmentIssues(input({ gpu: noF16, webllmTargetChosen: true }));
    expect(issue.kind).toBe('no-shader-f16');
    expect(issue.message).toBe(
      'Your GPU lacks 16-bit float shaders; Tandem will use the larger 32-bit build of Vicuna-7B v1.3 ' +
        '(q4f32_1, about 4.21 GB to download and 9.11 GB of GPU memory instead of 6.75 GB).',
    );
  });

  it('buffer limits below what web-llm needs: not enough GPU memory', () => {
    const small = { ...goodGpu, limits: { ...limits, maxStorageBufferBindingSize: 64 * 2 ** 20 } };
    const [issue] = environmentIssues(input({ gpu: { phase: 'done', report: small } }));
    expect(issue.kind).toBe('gpu-limits');
    expect(issue.message).toContain('at most 67.1 MB per buffer (maxStorageBufferBindingSize)');
    expect(issue.message).toContain('needs 134 MB buffers and about 6.75 GB of GPU memory in all');
    expect(
      kinds(input({ gpu: { phase: 'done', report: { ...goodGpu, limits: { ...limits, maxBufferSize: 2 ** 27 } } } })),
    ).toEqual(['gpu-limits']);
  });

  it('an out-of-memory error while loading or running is "the GPU ran out of memory"', () => {
    const oom = { name: 'GpuOutOfMemoryError', message: 'the GPU ran out of memory allocating the KV cache' };
    expect(kinds(input({ runError: oom }))).toEqual(['gpu-out-of-memory']);
    expect(
      kinds(
        input({
          demo: {
            phase: 'failed',
            error: { name: 'DeviceLimitError', message: 'the GPU ran out of memory allocating the model' },
          },
        }),
      ),
    ).toEqual(['gpu-out-of-memory']);
    expect(kinds(input({ runError: { name: 'DeviceLimitError', message: 'maxBufferSize exceeded' } }))).toEqual([]);
  });

  it('a model file missing while offline means "not downloaded and you are offline"; online it is not', () => {
    const missing = {
      name: 'ModelFileMissingError',
      message: 'could not fetch config.json from /models/tiny-target/: Failed to fetch',
    };
    const [issue] = environmentIssues(input({ demo: { phase: 'failed', error: missing }, online: false }));
    expect(issue).toMatchObject({
      kind: 'model-offline',
      title: 'This model is not downloaded and you are offline',
      detail: missing.message,
    });
    expect(kinds(input({ demo: { phase: 'failed', error: missing }, online: true }))).toEqual([]);
    // The tokenizer loader wraps it: found through the cause chain.
    const wrapped = {
      name: 'TokenizerError',
      message: `cannot read tokenizer.json from /models/tiny-target/: ${missing.message}`,
      cause: missing,
    };
    expect(kinds(input({ demo: { phase: 'failed', error: wrapped }, online: false }))).toEqual(['model-offline']);
    expect(
      kinds(
        input({ demo: { phase: 'failed', error: { name: 'TokenizerError', message: 'bad merges' } }, online: false }),
      ),
    ).toEqual([]);
    // A real pair's load failure gets the same notices as the demo's.
    expect(kinds(input({ pairError: missing, online: false }))).toEqual(['model-offline']);
    expect(kinds(input({ pairError: { name: 'GpuOutOfMemoryError', message: 'allocating L1.mlp' } }))).toEqual([
      'gpu-out-of-memory',
    ]);
  });

  it('matches the missing file by its class in the cause chain, never by the words of a message', () => {
    // A missing file whose message has none of urlFolderSource's words (e.g. from the model cache).
    const notDownloaded = {
      name: 'ModelFileMissingError',
      message: 'tokenizer.json of tiny-target is not in this browser',
    };
    const deep = {
      name: 'EngineLoadError',
      message: 'loading failed',
      cause: { name: 'TokenizerError', message: 'cannot read tokenizer.json', cause: notDownloaded },
    };
    expect(kinds(input({ runError: deep, online: false }))).toEqual(['model-offline']);
    // The words alone are not enough: a TokenizerError that merely quotes them is not a missing file.
    const wordsOnly = {
      name: 'TokenizerError',
      message: 'cannot read tokenizer.json: could not fetch tokenizer.json from /x/: Failed to fetch',
    };
    expect(kinds(input({ demo: { phase: 'failed', error: wordsOnly }, online: false }))).toEqual([]);
  });

  it('recognises the real tokenizer failure after it crossed the worker boundary', async () => {
    const offline: ModelSource = {
      description: '/models/tiny-target/',
      readFile: () => Promise.reject(new ModelFileMissingError('tokenizer.json of tiny-target is not downloaded')),
    };
    const thrown = await loadTokenizer(offline).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(TokenizerError);
    // What the page gets from the worker (src/protocol/error-transfer.ts), then what the store keeps.
    const arrived = reviveError(structuredClone(serializeError(thrown as Error)));
    expect(arrived.cause).toBeInstanceOf(ModelFileMissingError);
    const error = errorInfo(arrived);
    expect(error.cause).toEqual({
      name: 'ModelFileMissingError',
      message: 'tokenizer.json of tiny-target is not downloaded',
    });
    expect(kinds(input({ demo: { phase: 'failed', error }, online: false }))).toEqual(['model-offline']);
    expect(kinds(input({ demo: { phase: 'failed', error }, online: true }))).toEqual([]);
  });

  it('worker recovery: restarting, restarted (a new key per restart), gave up', () => {
    const cause = { name: 'WorkerCrashedError', message: 'boom' };
    expect(environmentIssues(input({ workerRecovery: { phase: 'restarted', cause, restarts: 2 } }))[0]).toMatchObject({
      kind: 'worker-restarted',
      key: 'worker-2',
      message: 'The translation worker stopped; restarted it. A translation that was running was lost.',
      detail: 'WorkerCrashedError: boom',
    });
    expect(kinds(input({ workerRecovery: { phase: 'restarting', cause, restarts: 1 } }))).toEqual([
      'worker-restarting',
    ]);
    expect(kinds(input({ workerRecovery: { phase: 'gave-up', cause, restarts: 3 } }))).toEqual(['worker-gave-up']);
  });
});
