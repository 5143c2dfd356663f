import { describe, expect, it } from 'vitest';
import { adapterName, probeGpu, type ProbeAdapter, type ProbeGpu } from './gpu-probe.ts';
import { SWIFTSHADER_LIMITS } from '../protocol/testing/swiftshader-limits.ts';

const LIMITS = SWIFTSHADER_LIMITS;

function fakeAdapter(info: Partial<ProbeAdapter['info']> = {}, features = ['subgroups']): ProbeAdapter {
  return {
    info: {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
      ...info,
    },
    features: new Set(features),
    limits: { ...LIMITS, maxTextureDimension2D: 8192 } as ProbeAdapter['limits'],
  };
}

const gpuReturning = (adapter: ProbeAdapter | null): ProbeGpu => ({ requestAdapter: async () => adapter });

describe('probeGpu', () => {
  it('says plainly that the browser has no WebGPU', async () => {
    const report = await probeGpu(undefined);
    expect(report).toMatchObject({ available: false, code: 'no-webgpu' });
    expect(report.available === false && report.reason).toMatch(/^This browser has no WebGPU/);
  });

  it('reports a null adapter and a throwing requestAdapter differently', async () => {
    expect(await probeGpu(gpuReturning(null))).toMatchObject({ available: false, code: 'no-adapter' });
    const throwing: ProbeGpu = {
      requestAdapter: async () => {
        throw new TypeError('bad options');
      },
    };
    expect(await probeGpu(throwing)).toMatchObject({
      available: false,
      code: 'request-failed',
      detail: 'TypeError: bad options',
    });
  });

  it('describes an adapter: info, sorted features, shader-f16 and the limits Tandem needs', async () => {
    const adapter = fakeAdapter({ subgroupMinSize: 4, subgroupMaxSize: 4 }, ['timestamp-query', 'shader-f16']);
    const report = await probeGpu(gpuReturning(adapter));
    expect(report).toEqual({
      available: true,
      adapterName: 'google swiftshader',
      description: '',
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      isFallbackAdapter: true,
      subgroupMinSize: 4,
      subgroupMaxSize: 4,
      features: ['shader-f16', 'timestamp-query'],
      hasShaderF16: true,
      limits: LIMITS,
    });
  });

  it('reads isFallbackAdapter from the adapter where adapter.info lacks it', async () => {
    const adapter = { ...fakeAdapter({ isFallbackAdapter: undefined }), isFallbackAdapter: true };
    expect(await probeGpu(gpuReturning(adapter))).toMatchObject({ isFallbackAdapter: true, hasShaderF16: false });
  });
});

describe('adapterName', () => {
  it('prefers description, then device, then vendor and architecture', () => {
    const info = {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '0xc0de',
      description: 'SwiftShader Device (Subzero)',
    };
    expect(adapterName(info)).toBe('SwiftShader Device (Subzero)');
    expect(adapterName({ ...info, description: '' })).toBe('0xc0de');
    expect(adapterName({ ...info, description: '', device: '' })).toBe('google swiftshader');
    expect(adapterName({ vendor: '', architecture: '', device: '', description: '' })).toBe('unnamed GPU');
  });
});
