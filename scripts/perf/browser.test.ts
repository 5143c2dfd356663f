import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserArgs, locationUrl, type LocalFiles } from './browser.ts';

describe('browserArgs', () => {
  const base = { browserArgs: [], headed: false };
  it('always turns WebGPU on; adds Vulkan only for real-GPU runs on Linux', () => {
    expect(browserArgs({ ...base, realGpu: false }, 'linux', false)).toContain('--enable-unsafe-webgpu');
    expect(browserArgs({ ...base, realGpu: false }, 'linux', false)).not.toContain('--enable-features=Vulkan');
    expect(browserArgs({ ...base, realGpu: true }, 'linux', false)).toContain('--enable-features=Vulkan');
    expect(browserArgs({ ...base, realGpu: true }, 'win32', false)).not.toContain('--enable-features=Vulkan');
    expect(browserArgs({ ...base, realGpu: true }, 'darwin', false)).not.toContain('--enable-features=Vulkan');
  });

  it('drops the sandbox only as root, and appends extra flags last', () => {
    expect(browserArgs({ ...base, realGpu: false }, 'linux', true)).toContain('--no-sandbox');
    expect(browserArgs({ ...base, realGpu: false }, 'linux', false)).not.toContain('--no-sandbox');
    expect(browserArgs({ ...base, browserArgs: ['--use-angle=vulkan'], realGpu: true }, 'linux', false).at(-1)).toBe(
      '--use-angle=vulkan',
    );
  });
});

describe('locationUrl', () => {
  it('keeps URLs, serves local folders and files under /perf-local/<key>/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-local-'));
    const lib = join(dir, 'model.wasm');
    await writeFile(lib, 'x');
    const local: LocalFiles = new Map();
    expect(locationUrl('https://h/m/', 'a', 'http://o', local)).toBe('https://h/m/');
    expect(locationUrl(dir, 'target', 'http://o', local, 'resolve/main/')).toBe(
      'http://o/perf-local/target/resolve/main/',
    );
    expect(locationUrl(lib, 'lib', 'http://o', local)).toBe('http://o/perf-local/lib/model.wasm');
    expect([...local]).toEqual([
      ['target', dir],
      ['lib', lib],
    ]);
    expect(() => locationUrl(join(dir, 'missing'), 'x', 'http://o', local)).toThrow(/no such file or folder/);
  });
});
