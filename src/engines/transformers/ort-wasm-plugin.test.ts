import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ortWasmFallbackToServed } from './ort-wasm-plugin.ts';

type Transform = (code: string, id: string) => { code: string } | null;
const transform = ortWasmFallbackToServed().transform as unknown as Transform;

describe('ortWasmFallbackToServed', () => {
  it('points onnxruntime-web’s own fallback wasm URL at /ort/, in the bundle the worker really imports', () => {
    // The ORT bundle that transformers.js ships with (resolved as ort-wasm-plugin.ts does).
    const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
    const id = join(dirname(fromTransformers.resolve('onnxruntime-web')), 'ort.webgpu.bundle.min.mjs');
    const code = readFileSync(id, 'utf8');
    expect(code).toMatch(/new URL\("ort-wasm-simd-threaded\.asyncify\.wasm",\s*import\.meta\.url\)/);
    const out = transform(code, id);
    expect(out).not.toBeNull();
    expect(out!.code).not.toMatch(/new URL\("ort-wasm-simd-threaded[\w.]*\.wasm",\s*import\.meta\.url\)/);
    expect(out!.code).toContain('new URL("/ort/ort-wasm-simd-threaded.asyncify.wasm", self.location.href)');
  });

  it('leaves other modules alone', () => {
    const code = 'const u = new URL("ort-wasm-simd-threaded.asyncify.wasm", import.meta.url);';
    expect(transform(code, '/app/src/main.ts')).toBeNull();
    expect(transform('export const x = 1;', '/n/node_modules/onnxruntime-web/dist/x.mjs')).toBeNull();
  });
});
