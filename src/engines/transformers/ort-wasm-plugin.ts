import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { DEFAULT_ORT_WASM_BASE, ORT_WASM_FILES } from './ort-files.ts';

/**
 * Serves onnxruntime-web's wasm factory and binary from the app's own origin, at /ort/: from
 * node_modules in `vite dev`, copied into the build output by `vite build`. transformers.js would
 * otherwise fetch them from a CDN (runtime.ts points it here instead).
 */
export function ortWasmFiles(): Plugin {
  const dist = ortDistDir();
  const base = DEFAULT_ORT_WASM_BASE;
  return {
    name: 'tandem-ort-wasm-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = req.url?.startsWith(base) ? req.url.slice(base.length).split('?')[0] : undefined;
        if (!file || !(ORT_WASM_FILES as readonly string[]).includes(file)) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        createReadStream(join(dist, file)).pipe(res);
      });
    },
    generateBundle() {
      for (const file of ORT_WASM_FILES) {
        this.emitFile({ type: 'asset', fileName: `${base.slice(1)}${file}`, source: readFileSync(join(dist, file)) });
      }
    },
  };
}

/** onnxruntime-web's dist folder, resolved from transformers.js (whose dependency it is). */
function ortDistDir(): string {
  const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
  return dirname(fromTransformers.resolve('onnxruntime-web')); // an entry file directly in dist/
}

/**
 * onnxruntime-web's bundle falls back to `new URL("ort-wasm-….wasm", import.meta.url)` when no
 * wasmPaths is set, and bundlers copy that 27 MB binary next to the chunk (a library build even
 * inlines it as base64). Tandem always sets wasmPaths to /ort/ (runtime.ts), so the fallback is
 * pointed there as well and nothing is copied: one copy of the wasm, served at /ort/.
 */
export function ortWasmFallbackToServed(): Plugin {
  const fallback = /new URL\((["'])(ort-wasm-simd-threaded[\w.]*\.wasm)\1,\s*import\.meta\.url\)/g;
  return {
    name: 'tandem-ort-wasm-fallback',
    transform(code, id) {
      if (!id.includes('onnxruntime-web') && !id.includes('@huggingface/transformers')) return null;
      if (!fallback.test(code)) return null;
      fallback.lastIndex = 0;
      return {
        code: code.replace(
          fallback,
          (_m, _q, file: string) => `new URL(${JSON.stringify(DEFAULT_ORT_WASM_BASE + file)}, self.location.href)`,
        ),
        map: null,
      };
    },
  };
}
