import { describe, expect, it } from 'vitest';
import { LlamaCpu } from '../llama-cpu/llama-cpu.ts';
import { microConfig, randomWeights } from '../../llama/testing.ts';
import { WebLlmInternalsMissingError } from './errors.ts';
import { PINNED_WEBLLM_VERSION, pipelineOf, resolveSurface } from './internals.ts';
import { FakePipeline, type FakeOptions } from './testing/fake-pipeline.ts';

const config = microConfig({ vocabSize: 13 });

function fake(options: Partial<FakeOptions> = {}): FakePipeline {
  return new FakePipeline(new LlamaCpu(config, randomWeights(config)), { vocabSize: 13, ...options });
}

function missingOf(pipeline: unknown): string[] {
  try {
    resolveSurface(pipeline);
  } catch (error) {
    expect(error).toBeInstanceOf(WebLlmInternalsMissingError);
    expect((error as Error).message).toContain(`@mlc-ai/web-llm ${PINNED_WEBLLM_VERSION}`);
    return [...(error as WebLlmInternalsMissingError).missing];
  }
  return [];
}

describe('the internals check at load', () => {
  it('accepts a complete pipeline and leaves no scope open', () => {
    const f = fake();
    const surface = resolveSurface(f.pipeline);
    expect(surface.vocabSize).toBe(13);
    expect(surface.prefillChunkSize).toBe(16);
    expect(f.scopeDepth).toBe(0);
  });

  it('names a missing batch_verify and a missing kv_state_popn, together', () => {
    const missing = missingOf(fake({ omitFunctions: ['batch_verify', 'vm.builtin.kv_state_popn'] }).pipeline);
    expect(missing).toEqual(['VM function "batch_verify"', 'runtime builtin "vm.builtin.kv_state_popn"']);
  });

  it('names every missing pipeline field', () => {
    const missing = missingOf(fake({ omitFields: ['fKVCacheBeginForward', 'filledKVCacheLength', 'embed'] }).pipeline);
    expect(missing).toEqual([
      'pipeline.embed',
      'pipeline.fKVCacheBeginForward',
      'pipeline.filledKVCacheLength (a number)',
    ]);
  });

  it('uses getActiveKVStates() where kvCache is absent', () => {
    const f = fake();
    const kv = f.pipeline.kvCache;
    delete f.pipeline.kvCache;
    f.pipeline.getActiveKVStates = () => [kv];
    expect(resolveSurface(f.pipeline).kvCache).toBe(kv);
  });

  it('refuses hybrid (RNN) states, batch ABIs and sliding windows', () => {
    const f = fake();
    f.pipeline.resolvedModelABI = { prefillABI: 'batch', decodeABI: 'batch', needsRNNState: true };
    f.pipeline.slidingWindowSize = 4096;
    const missing = missingOf(f.pipeline);
    expect(missing.join('\n')).toMatch(/single-sequence prefill\/decode ABI/);
    expect(missing.join('\n')).toMatch(/pure KV-cache model/);
    expect(missing.join('\n')).toMatch(/slidingWindowSize = -1/);
  });

  it('takes renamed functions from a model manifest', () => {
    const f = fake({ omitFunctions: ['prefill'] });
    f.pipeline.artifact = { generation: { prefill: 'prefill_v2', decode: 'decode' }, program: { exports: {} } };
    expect(missingOf(f.pipeline)).toEqual(['VM function "prefill_v2"']);
  });

  it('needs the GPUDevice for error scopes', () => {
    const f = fake();
    (f.pipeline.tvm as Record<string, unknown>).lib = {};
    expect(missingOf(f.pipeline)).toEqual([expect.stringMatching(/webGPUContext\.device/)]);
  });

  it('finds the pipeline in the engine map, or says which model id is not loaded', () => {
    const pipeline = {};
    const engine = { loadedModelIdToPipeline: new Map([['vicuna', pipeline]]) };
    expect(pipelineOf(engine, 'vicuna')).toBe(pipeline);
    expect(() => pipelineOf(engine, 'other')).toThrow(/model id "other"/);
    expect(() => pipelineOf({}, 'vicuna')).toThrow(/loadedModelIdToPipeline/);
  });
});
