import { describe, expect, it } from 'vitest';
import { webLlmTarget } from '../models/registry/webllm-targets.ts';
import {
  chooseDemoDrafterEngine,
  chooseOnnxEngine,
  chooseSafetensorsEngine,
  chooseWebLlmBuild,
} from './engine-choice.ts';
import { NO_ADAPTER, REAL_GPU, SWIFTSHADER } from './testing/gpu-reports.ts';

const realGpu = REAL_GPU;
const swiftShader = SWIFTSHADER;
const noGpu = NO_ADAPTER;
const vicuna = webLlmTarget('vicuna-7b-v1.3');

describe('engine choice', () => {
  it('runs safetensors models on llama-webgpu wherever WebGPU has an adapter, else on llama-cpu', () => {
    expect(chooseSafetensorsEngine(realGpu)).toEqual({
      engine: 'llama-webgpu',
      reason: 'WebGPU adapter NVIDIA RTX 4090: f16 weights on the GPU',
    });
    expect(chooseSafetensorsEngine(swiftShader)).toEqual({
      engine: 'llama-webgpu',
      reason: 'WebGPU adapter SwiftShader (a software fallback adapter): f32 weights on the GPU',
    });
    expect(chooseSafetensorsEngine(noGpu)).toEqual({
      engine: 'llama-cpu',
      reason: 'no WebGPU adapter (no-adapter): the CPU reference engine',
    });
  });

  it('runs ONNX on transformers.js: webgpu with an adapter, wasm without, cpu in Node', () => {
    expect(chooseOnnxEngine(swiftShader, 'browser').engine).toBe('transformers-webgpu');
    expect(chooseOnnxEngine(noGpu, 'browser').engine).toBe('transformers-wasm');
    expect(chooseOnnxEngine(realGpu, 'node').engine).toBe('transformers-cpu');
  });

  it('keeps the demo drafter on the CPU on a fallback adapter or none, and uses llama-webgpu on a real GPU', () => {
    expect(chooseDemoDrafterEngine(realGpu).engine).toBe('llama-webgpu');
    expect(chooseDemoDrafterEngine(swiftShader).engine).toBe('llama-cpu');
    expect(chooseDemoDrafterEngine(noGpu).engine).toBe('llama-cpu');
  });

  it('picks the web-llm build by shader-f16 and says why', () => {
    const f16 = chooseWebLlmBuild(vicuna, realGpu);
    expect(f16.build.quantization).toBe('q4f16_1');
    expect(f16.choice).toEqual({
      quantization: 'q4f16_1',
      modelId: 'vicuna-7b-v1.3-q4f16_1-MLC',
      reason: 'the adapter has shader-f16, so the smaller q4f16_1 build',
    });
    const f32 = chooseWebLlmBuild(vicuna, swiftShader);
    expect(f32.build).toMatchObject({ quantization: 'q4f32_1', computeDtype: 'f32', requiredFeatures: [] });
    expect(f32.choice.reason).toBe('the adapter has no shader-f16, so the q4f32_1 build (f32 compute, more memory)');
  });
});
