import { createLlamaWebGpu, loadLlamaWebGpu } from '../../src/engines/llama-webgpu/llama-webgpu.ts';
import { DeviceLimitError } from '../../src/engines/llama-webgpu/errors.ts';
import { requestGpu } from '../../src/engines/llama-webgpu/gpu.ts';
import { urlFolderSource } from '../../src/models/model-source.ts';
import { compareRows, cpuEngine, fixture, gpuEngine, MAX_SEQ, promptTokens } from './fixtures.ts';

/** Page-side error cases; each returns the error as plain data ({name, message, …}). */

export interface CaughtError {
  name: string;
  message: string;
  limit?: string;
}

async function caught(run: () => Promise<unknown>): Promise<CaughtError | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message, ...(error instanceof DeviceLimitError ? { limit: error.limit } : {}) };
  }
}

/** The tiny drafter checked against a device whose limits are lowered (a fake limits object). */
export async function limitErrors(): Promise<Record<string, CaughtError | null>> {
  const { config, weights } = await fixture('tiny-drafter');
  const gpu = await requestGpu({ precision: 'f32' });
  const real = gpu.device.limits;
  const lowered = (overrides: Partial<GPUSupportedLimits>) => ({
    maxStorageBufferBindingSize: real.maxStorageBufferBindingSize,
    maxBufferSize: real.maxBufferSize,
    maxComputeWorkgroupsPerDimension: real.maxComputeWorkgroupsPerDimension,
    maxComputeInvocationsPerWorkgroup: real.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: real.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupStorageSize: real.maxComputeWorkgroupStorageSize,
    maxStorageBuffersPerShaderStage: real.maxStorageBuffersPerShaderStage,
    minUniformBufferOffsetAlignment: real.minUniformBufferOffsetAlignment,
    ...overrides,
  });
  const build = (overrides: Partial<GPUSupportedLimits>) => () =>
    createLlamaWebGpu(config, weights, { maxSequenceLength: MAX_SEQ, gpu, limits: lowered(overrides) });
  const out = {
    // The embedding (32000 × 64 f32 = 8 MB) is the largest buffer.
    bindingSize: await caught(build({ maxStorageBufferBindingSize: 4 << 20 })),
    bufferSize: await caught(build({ maxBufferSize: 4 << 20 })),
    workgroups: await caught(build({ maxComputeWorkgroupsPerDimension: 256 })),
    workgroupStorage: await caught(build({ maxComputeWorkgroupStorageSize: 2048 })),
    storageBuffers: await caught(build({ maxStorageBuffersPerShaderStage: 4 })),
    // A huge cache: the per-layer KV buffer alone is over the real binding limit.
    realDeviceKvCache: await caught(() =>
      createLlamaWebGpu(config, weights, {
        gpu,
        maxSequenceLength: Math.floor(real.maxStorageBufferBindingSize / 128) + 1,
      }),
    ),
    // And the real limits accept the model.
    fits: await caught(async () => (await build({})()).dispose()),
  };
  gpu.device.destroy();
  return out;
}

/** Fetch shim over the fixture folder that corrupts model.safetensors in the given way. */
function corruptedSource(corrupt: (bytes: Uint8Array) => Uint8Array) {
  const shim: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!String(input).endsWith('model.safetensors')) return response;
    return new Response(Uint8Array.from(corrupt(new Uint8Array(await response.arrayBuffer()))));
  };
  return urlFolderSource('/models/tiny-drafter/', shim);
}

export async function malformedWeights(): Promise<Record<string, CaughtError | null>> {
  const load = (corrupt: (b: Uint8Array) => Uint8Array) => () =>
    loadLlamaWebGpu(corruptedSource(corrupt), { maxSequenceLength: MAX_SEQ });
  const { config, weights } = await fixture('tiny-drafter');
  return {
    truncated: await caught(load((b) => b.subarray(0, b.length - 1000))),
    garbageHeader: await caught(
      load(() => new Uint8Array([16, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{not json!!!!!!!')])),
    ),
    tooShort: await caught(load((b) => b.subarray(0, 4))),
    inMemoryWrongShape: await caught(() =>
      createLlamaWebGpu(config, { ...weights, finalNorm: new Float32Array(3) }, { maxSequenceLength: MAX_SEQ }),
    ),
  };
}

/** destroy() the engine's device mid-life: the next call fails typed; a new engine works again. */
export async function lostDevice() {
  const engine = await gpuEngine();
  await engine.append(promptTokens(4, 1), 'last');
  engine.gpu.device.destroy();
  const appendAfterLoss = await caught(() => engine.append([5], 'last'));
  const draftAfterLoss = await caught(() => engine.draft([5], 3, { sampling: { temperature: 0, topP: 1 } }));
  // A draft in flight when the device goes away.
  const second = await gpuEngine();
  const inFlight = second.draft(promptTokens(4, 2), 4, { sampling: { temperature: 0, topP: 1 } });
  second.gpu.device.destroy();
  const inFlightError = await caught(() => inFlight);
  // Rebuilt: a fresh engine on a fresh device matches the CPU again.
  const rebuilt = await gpuEngine();
  const cpu = await cpuEngine('tiny-drafter');
  const prompt = promptTokens(7, 3);
  const diff = compareRows(await rebuilt.append(prompt, 'all'), await cpu.append(prompt, 'all'));
  rebuilt.dispose();
  return { appendAfterLoss, draftAfterLoss, inFlightError, rebuiltDiff: diff, lostFlag: engine.gpu.isLost };
}

/** Bad arguments are InvalidArgumentErrors, not GPU validation noise. */
export async function badArguments(): Promise<Record<string, CaughtError | null>> {
  const engine = await gpuEngine({ maxDraft: 8 });
  try {
    await engine.append([1, 2, 3], 'none');
    return {
      emptyPrefix: await caught(() => engine.draft([], 3, { sampling: { temperature: 0, topP: 1 } })),
      kTooLarge: await caught(() => engine.draft([1], 9, { sampling: { temperature: 0, topP: 1 } })),
      noUniforms: await caught(() => engine.draft([1], 3, { sampling: { temperature: 1, topP: 1 } })),
      tokenOutOfVocab: await caught(() => engine.append([32000], 'last')),
      pastCapacity: await caught(() => engine.append(promptTokens(MAX_SEQ, 1), 'last')),
      truncatePastEnd: await caught(async () => engine.truncate(4)),
    };
  } finally {
    engine.dispose();
  }
}
