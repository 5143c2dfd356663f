/**
 * The onnxruntime-web files the app serves itself. No imports: vite.config.ts reads this too, and
 * must not load transformers.js (and onnxruntime-node with it) just to know two file names.
 */

/** The build transformers.js 4.3 imports ('onnxruntime-web/webgpu') loads this factory and binary. */
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'] as const;

/** Where the app serves ORT_WASM_FILES (ort-wasm-plugin.ts). */
export const DEFAULT_ORT_WASM_BASE = '/ort/';
