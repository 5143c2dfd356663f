import { defineConfig } from 'vite';
import { ortWasmFallbackToServed } from './src/engines/transformers/ort-wasm-plugin.ts';

/**
 * The Translator API as a library (`npm run build:lib`): ESM in dist-lib/, entry
 * src/translator-api/index.ts, with the Tandem worker emitted as its own module file next to it
 * (createTandemClient's `new Worker(new URL(…), { type: 'module' })` is bundled by Vite's worker
 * plugin and its URL resolved against the library's own import.meta.url), so a page that imports
 * dist-lib/tandem-translator.js from anywhere gets a same-origin worker. Class names are kept for
 * the same reason as in vite.config.ts: errors cross the worker boundary by name.
 */
const keepClassNames = { class: true, function: false };
const keepNames = {
  output: { minify: { compress: { keepNames: keepClassNames }, mangle: { keepNames: keepClassNames } } },
};

export default defineConfig({
  // Relative asset URLs: the worker is found next to the library wherever it is served from
  // ('/' would point at the site's root /assets/). The app's public/ is not part of the library.
  base: './',
  publicDir: false,
  // ONNX models need onnxruntime's wasm served at /ort/ by the page's site (as the app does); no inlined copy.
  worker: { format: 'es', rolldownOptions: keepNames, plugins: () => [ortWasmFallbackToServed()] },
  build: {
    target: 'es2022',
    outDir: 'dist-lib',
    emptyOutDir: true,
    lib: {
      entry: 'src/translator-api/index.ts',
      formats: ['es'],
      fileName: () => 'tandem-translator.js',
    },
    rolldownOptions: keepNames,
  },
});
