import { describe, expect, it } from 'vitest';
import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../../scripts/fixtures/paths.ts';
import {
  GpuOutOfMemoryError,
  InvalidArgumentError,
  ModelFileMissingError,
  VocabularyMismatchError,
} from '../errors.ts';
import { loadLlamaCpu } from '../engines/llama-cpu/llama-cpu.ts';
import { WebGpuUnavailableError } from '../engines/llama-webgpu/errors.ts';
import type { LoadWebLlmTargetOptions } from '../engines/webllm/load.ts';
import { sentencePieceModelFor } from '../../scripts/fixtures/sentencepiece-model.ts';
import { loadPair, resolveModelId, typedLoadError } from './pair-loader.ts';
import type { PairLoadProgress } from '../protocol/protocol.ts';
import { NO_ADAPTER, REAL_GPU, SWIFTSHADER } from './testing/gpu-reports.ts';
import { nodeFolder, nodePairDeps, NO_GPU, recordingLoaders } from './testing/node-pair-deps.ts';

const PAIR = { target: 'user:tiny-target', drafter: 'user:tiny-drafter' };

describe('loadPair (fixture folders, as imported models)', () => {
  it('loads an imported safetensors pair on llama-cpu when there is no GPU, and describes it', async () => {
    const { engines, calls } = recordingLoaders();
    const progress: PairLoadProgress[] = [];
    const pair = await loadPair(PAIR, nodePairDeps(NO_GPU, engines), (p) => progress.push(p));
    expect(pair.info).toMatchObject({
      id: 'pair',
      selection: PAIR,
      target: {
        id: 'user:tiny-target',
        format: 'safetensors',
        engine: 'llama-cpu',
        layers: 4,
        hiddenSize: 64,
        vocabSize: 32000,
      },
      drafter: { id: 'user:tiny-drafter', format: 'safetensors', engine: 'llama-cpu', layers: 1, vocabSize: 32000 },
    });
    expect(pair.info.target.engineReason).toBe('no WebGPU adapter (no-webgpu): the CPU reference engine');
    expect(pair.info.loadMs).toBeGreaterThan(0);
    expect(pair.eosTokenIds).toEqual([2]);
    expect(pair.tokenizer.vocabSize).toBe(32000);
    expect(calls.loads.map((l) => l.engine)).toEqual(['llamaCpu', 'llamaCpu']);
    expect(progress.map((p) => p.stage)).toEqual(['tokenizer', 'target', 'drafter', 'ready']);
    await pair.dispose();
  });

  it('puts safetensors models on llama-webgpu when WebGPU has an adapter (even SwiftShader)', async () => {
    // Node has no WebGPU: the llama-webgpu loader is stood in by the CPU engine, to test the choice and the wiring.
    const options: object[] = [];
    const { engines, calls } = recordingLoaders({
      llamaWebGpu: (source, o) => (options.push(o), loadLlamaCpu(source, o)),
    });
    const pair = await loadPair(PAIR, nodePairDeps(SWIFTSHADER, engines));
    // Drafts as long as the HF heuristic's cap (32), past llama-webgpu's default of 16.
    expect(options).toEqual([
      expect.objectContaining({ maxDraft: 32, maxSequenceLength: 2048 }),
      expect.objectContaining({ maxDraft: 32 }),
    ]);
    expect(calls.loads.map((l) => l.engine)).toEqual(['llamaWebGpu', 'llamaWebGpu']);
    expect(pair.info.target.engine).toBe('llama-webgpu');
    expect(pair.info.drafter?.engine).toBe('llama-webgpu');
    expect(pair.info.target.engineReason).toContain('SwiftShader (a software fallback adapter)');
  });

  it('loads an ONNX drafter through transformers.js (cpu in Node) with the device the GPU allows', async () => {
    const onnxOnly = { 'onnx-drafter': TINY_DRAFTER_DIR };
    const { engines, calls } = recordingLoaders();
    const deps = nodePairDeps(NO_GPU, engines, onnxOnly);
    // A folder with only the ONNX export: hide its safetensors.
    const folder = nodeFolder(TINY_DRAFTER_DIR);
    deps.source = (id) =>
      id === 'onnx-drafter'
        ? { ...folder, has: async (name) => name !== 'model.safetensors' && folder.has(name) }
        : nodeFolder(id === 'tiny-target' ? TINY_TARGET_DIR : id);
    const pair = await loadPair({ target: 'user:tiny-target', drafter: 'user:onnx-drafter' }, deps);
    expect(calls.loads.map((l) => l.engine)).toEqual(['llamaCpu', 'transformers']);
    expect(pair.info.drafter).toMatchObject({
      format: 'onnx',
      engine: 'transformers-cpu',
      layers: 1,
      vocabSize: 32000,
    });

    // Greedy output of the ONNX drafter's pair equals the target's own (lossless), token for token.
    const { generateSpeculative } = await import('../speculative/speculative.ts');
    const { generateAutoregressive } = await import('../speculative/autoregressive.ts');
    const { createDraftPolicy } = await import('../speculative/draft-policy.ts');
    const prompt = pair.tokenizer.encode('Hallo Welt');
    const plain = await generateAutoregressive(pair.target, prompt, { maxNewTokens: 6, eosTokenIds: [] });
    const spec = await generateSpeculative(pair.target, pair.drafter!, prompt, {
      maxNewTokens: 6,
      eosTokenIds: [],
      policy: createDraftPolicy({ kind: 'fixed', draftLength: 3 }),
    });
    expect(spec.tokens).toEqual(plain.tokens);
    await pair.dispose();
    expect(calls.disposed).toHaveLength(2);
  });

  it('refuses a drafter with another vocabulary before loading any weights', async () => {
    const { engines, calls } = recordingLoaders();
    const error = await loadPair(
      { target: 'user:tiny-target', drafter: 'user:tiny-drafter-vocab-mismatch' },
      nodePairDeps(NO_GPU, engines),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VocabularyMismatchError);
    expect((error as Error).message).toBe(
      'the drafter tiny-drafter-vocab-mismatch (imported) has a 32016-token vocabulary but the target tiny-target (imported) has 32000: ' +
        "token ids would not mean the same thing. Pick a drafter trained with the target's tokenizer.",
    );
    expect(calls.loads).toEqual([]);
  });

  it('refuses a drafter whose tokenizer differs although the sizes agree', async () => {
    const { engines, calls } = recordingLoaders();
    const deps = nodePairDeps(NO_GPU, engines);
    const real = deps.source;
    // The drafter's folder with the target's config size but a tokenizer with two tokens swapped.
    deps.source = (id) => {
      const folder = real(id);
      if (id !== 'tiny-drafter') return folder;
      return {
        ...folder,
        readFile: async (name) => {
          const bytes = await folder.readFile(name);
          if (name !== 'tokenizer.json') return bytes;
          const json = JSON.parse(new TextDecoder().decode(bytes)) as { model: { vocab: Record<string, number> } };
          const { vocab } = json.model;
          [vocab['▁the'], vocab['▁and']] = [vocab['▁and']!, vocab['▁the']!];
          return new TextEncoder().encode(JSON.stringify(json));
        },
      };
    };
    await expect(loadPair(PAIR, deps)).rejects.toThrow(VocabularyMismatchError);
    expect(calls.loads).toEqual([]);
  });

  it('checks a drafter that ships only tokenizer.model against the target’s vocabulary, piece by piece', async () => {
    // vicuna-68m as its repository has it: config, weights and a SentencePiece model, no tokenizer.json.
    const drafterAs = (swap: boolean) => {
      const { engines, calls } = recordingLoaders();
      const deps = nodePairDeps(NO_GPU, engines);
      const real = deps.source;
      deps.source = (id) => {
        if (id !== 'vicuna-68m') return real(id);
        const folder = real('tiny-drafter');
        return {
          ...folder,
          has: async (name) => name === 'tokenizer.model' || (name !== 'tokenizer.json' && folder.has(name)),
          readFile: async (name) => {
            if (name !== 'tokenizer.model') return folder.readFile(name);
            const json = new TextDecoder().decode(await folder.readFile('tokenizer.json'));
            return sentencePieceModelFor(swap ? json.replace('"▁the":', '"▁the-not-llama":') : json);
          },
        };
      };
      return { load: loadPair({ target: 'user:tiny-target', drafter: 'vicuna-68m' }, deps), calls };
    };
    const good = drafterAs(false);
    expect((await good.load).info.drafter).toMatchObject({ id: 'vicuna-68m', layers: 1, vocabSize: 32000 });
    const bad = drafterAs(true);
    await expect(bad.load).rejects.toThrow(
      /^the drafter vicuna-68m \(generic drafter\)'s tokenizer\.model \(32000 pieces, [0-9a-f]{16}\) differs from the target tiny-target \(imported\)'s vocabulary/,
    );
    expect(bad.calls.loads).toEqual([]);
  });

  it('names a model that is not stored anywhere', async () => {
    const { engines } = recordingLoaders();
    const error = await loadPair({ target: 'user:never-imported', drafter: null }, nodePairDeps(NO_GPU, engines)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFileMissingError);
    expect((error as Error).message).toContain('config.json not found in');
    expect((error as Error).message).toContain('never-imported');
  });

  it('loads a target alone (drafter null): autoregressive only', async () => {
    const { engines, calls } = recordingLoaders();
    const pair = await loadPair({ target: 'user:tiny-target', drafter: null }, nodePairDeps(NO_GPU, engines));
    expect(pair.drafter).toBeNull();
    expect(pair.info.drafter).toBeNull();
    expect(calls.loads).toHaveLength(1);
  });

  it('frees the loaded target when the drafter fails to load, and names the failure as the UI knows it', async () => {
    const { engines, calls } = recordingLoaders();
    let n = 0;
    const failing = recordingLoaders({
      llamaCpu: async (source, options) => {
        if (n++ === 1)
          throw Object.assign(new Error('buffer allocation failed: out of memory'), { name: 'OperationError' });
        return engines.llamaCpu(source, options);
      },
    });
    const error = await loadPair(PAIR, nodePairDeps(NO_GPU, failing.engines)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuOutOfMemoryError);
    expect((error as Error).message).toBe(
      'loading tiny-drafter (imported) ran out of GPU memory: buffer allocation failed: out of memory',
    );
    expect(calls.disposed).toHaveLength(1); // the target, loaded first
  });
});

describe('loadPair with the web-llm target (a fake of loadWebLlmTarget: web-llm cannot run without a GPU)', () => {
  const fakeWebLlm = (seen: LoadWebLlmTargetOptions[]) =>
    recordingLoaders({
      // Node has no WebGPU: llama-webgpu is stood in by the CPU engine.
      llamaWebGpu: (source, options) => loadLlamaCpu(source, options),
      // Stands in for web-llm: records the options and returns the tiny target on the CPU engine.
      webllm: async (options) => {
        seen.push(options);
        return {
          target: await loadLlamaCpu(nodeFolder(TINY_TARGET_DIR), { vocabId: options.vocabId, maxSequenceLength: 256 }),
        };
      },
    });

  it('picks q4f16_1 with shader-f16, passes the build to web-llm, and reads the tokenizer from the MLC folder', async () => {
    const seen: LoadWebLlmTargetOptions[] = [];
    const { engines } = fakeWebLlm(seen);
    const deps = nodePairDeps(REAL_GPU, engines);
    const read: string[] = [];
    const inner = deps.source;
    // The MLC folder's files under resolve/main/: here the tiny target's tokenizer.
    deps.source = (id) => {
      if (id !== 'vicuna-7b-v1.3-q4f16_1-MLC') return inner(id);
      const folder = nodeFolder(TINY_TARGET_DIR);
      return { ...folder, readFile: (name) => (read.push(name), folder.readFile(name.replace('resolve/main/', ''))) };
    };
    const pair = await loadPair({ target: 'vicuna-7b-v1.3', drafter: 'user:tiny-drafter' }, deps);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      modelUrl: '/models/vicuna-7b-v1.3-q4f16_1-MLC/resolve/main/',
      modelId: 'vicuna-7b-v1.3-q4f16_1-MLC',
      computeDtype: 'f16',
      requiredFeatures: ['shader-f16'],
      contextWindowSize: 2048,
      vocabId: pair.tokenizer.vocabId,
    });
    expect(seen[0]!.modelLib).toMatch(/q4f16_1_cs1k-webgpu\.wasm$/);
    expect(read).toEqual(expect.arrayContaining(['resolve/main/tokenizer.json', 'resolve/main/tokenizer_config.json']));
    expect(pair.info.target).toMatchObject({ id: 'vicuna-7b-v1.3', format: 'mlc', engine: 'webllm' });
    expect(pair.info.webllmBuild).toEqual({
      quantization: 'q4f16_1',
      modelId: 'vicuna-7b-v1.3-q4f16_1-MLC',
      reason: 'the adapter has shader-f16, so the smaller q4f16_1 build',
    });
    expect(pair.info.drafter?.engine).toBe('llama-webgpu'); // a GPU exists: the drafter goes to Tandem's WebGPU engine
  });

  it('picks q4f32_1 without shader-f16', async () => {
    const seen: LoadWebLlmTargetOptions[] = [];
    const { engines } = fakeWebLlm(seen);
    const deps = nodePairDeps(SWIFTSHADER, engines);
    const folder = nodeFolder(TINY_TARGET_DIR);
    deps.source = () => ({ ...folder, readFile: (name) => folder.readFile(name.replace('resolve/main/', '')) });
    const pair = await loadPair({ target: 'vicuna-7b-v1.3', drafter: null }, deps);
    expect(seen[0]).toMatchObject({ modelId: 'vicuna-7b-v1.3-q4f32_1-MLC', computeDtype: 'f32', requiredFeatures: [] });
    expect(pair.info.webllmBuild?.quantization).toBe('q4f32_1');
  });

  it('refuses the web-llm target without WebGPU, before reading anything', async () => {
    const seen: LoadWebLlmTargetOptions[] = [];
    const { engines } = fakeWebLlm(seen);
    await expect(
      loadPair({ target: 'vicuna-7b-v1.3', drafter: null }, nodePairDeps(NO_ADAPTER, engines)),
    ).rejects.toThrow(WebGpuUnavailableError);
    expect(seen).toEqual([]);
  });
});

describe('model ids', () => {
  it('resolves registry and imported ids, and refuses others by name', () => {
    expect(resolveModelId('user:tiny-target')).toMatchObject({ kind: 'folder', modelId: 'tiny-target' });
    expect(resolveModelId('vicuna-68m')).toMatchObject({
      kind: 'folder',
      modelId: 'vicuna-68m',
      name: 'vicuna-68m (generic drafter)',
    });
    expect(resolveModelId('vicuna-7b-v1.3')).toMatchObject({ kind: 'webllm' });
    expect(() => resolveModelId('gpt-5')).toThrow(InvalidArgumentError);
    expect(() => resolveModelId('user:../x')).toThrow(InvalidArgumentError);
  });

  it('keeps typed errors and names the model in others', () => {
    const typed = new VocabularyMismatchError('x');
    expect(typedLoadError(typed, 'm')).toBe(typed);
    expect(typedLoadError(new TypeError('Failed to fetch'), 'm')).toBeInstanceOf(ModelFileMissingError);
    const other = typedLoadError(new RangeError('bad'), 'm');
    expect(other).toBeInstanceOf(RangeError);
    expect(other.message).toBe('loading m failed: bad');
  });
});
