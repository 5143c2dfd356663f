import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { HARNESS_PORT } from '../ports.ts';

/**
 * Dev server for the llama-webgpu test harness (e2e/harness/index.html) and `npm run bench:drafter`.
 * Root is the repository so the page imports /src/… modules directly and public/ serves the fixture
 * models at /models/…; 127.0.0.1 keeps it a secure context, which WebGPU needs.
 */

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  server: { host: '127.0.0.1', port: HARNESS_PORT, strictPort: true },
  // Only the harness pages: do not crawl the app's entry points for dependency pre-bundling.
  optimizeDeps: { entries: ['e2e/harness/*.html'] },
  logLevel: 'warn',
});
