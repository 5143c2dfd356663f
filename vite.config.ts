/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { ortWasmFallbackToServed, ortWasmFiles } from './src/engines/transformers/ort-wasm-plugin.ts';
import { pwaOptions } from './src/pwa/pwa-options.ts';
import { modelFilesAsIs } from './scripts/vite/model-files-as-is.ts';

// Module workers let src/worker/ use ESM imports; 127.0.0.1 keeps the page a secure context
// (WebGPU needs one) without exposing the dev server to the network.
// Class names survive minification: errors cross the worker boundary by name (src/errors.ts,
// src/protocol/error-transfer.ts), and the minifier would rename classes differently in each bundle.
const keepClassNames = { class: true, function: false };
const keepNames = {
  output: { minify: { compress: { keepNames: keepClassNames }, mangle: { keepNames: keepClassNames } } },
};

export default defineConfig({
  // ortWasmFiles: onnxruntime-web's wasm served by the app at /ort/, never from a CDN.
  // VitePWA: the offline shell's service worker (src/pwa/pwa-options.ts says what it caches).
  // modelFilesAsIs: `vite preview` sends model files uncompressed, with their length (fast local downloads).
  plugins: [react(), ortWasmFiles(), VitePWA(pwaOptions), modelFilesAsIs()],
  // The worker bundles transformers.js: its onnxruntime fallback URL points at /ort/ too (no second copy).
  worker: { format: 'es', rolldownOptions: keepNames, plugins: () => [ortWasmFallbackToServed()] },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // Pre-bundle what the page and its worker import, found before the first visit (no reload then);
  // not examples/, whose page imports the built library (tandem/translator), not the sources.
  optimizeDeps: { entries: ['index.html', 'src/worker/tandem.worker.ts'] },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { target: 'es2022', rolldownOptions: keepNames },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Builds the tiny fixture models and tokenizer under public/models/ when they are missing.
    // TANDEM_NO_FIXTURES=1 skips that for quick runs of tests that need no fixture files.
    globalSetup: process.env.TANDEM_NO_FIXTURES ? [] : ['scripts/fixtures/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
