import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Dev server for the perf page (scripts/perf/page/perf.html), apart from the app's vite.config.ts so the
 * perf harness needs none of the app's plugins. Root is the repository: the page imports /src/…
 * and public/ serves the fixture models at /models/…; 127.0.0.1 keeps it a secure context.
 * `npm run perf` passes the port (default 4180) and adds a plugin serving local model folders.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  // A missing model file must be a 404, not the SPA fallback's HTML read as JSON.
  appType: 'mpa',
  // No file watching and no HMR: an edit in the repository during an hours-long run must not reload it.
  server: { host: '127.0.0.1', port: 4180, strictPort: false, hmr: false, watch: null },
  worker: { format: 'es' },
  // Its own dependency cache: the harness and app servers share the repository root, and one
  // optimizer run must not replace the pre-bundled deps another running server hands out.
  cacheDir: 'node_modules/.vite-perf',
  // Only the perf page and its worker; the two runtime dependencies are named up front so a late
  // discovery does not reload the page in the middle of a run.
  optimizeDeps: {
    entries: ['scripts/perf/page/perf.html', 'scripts/perf/page/perf.worker.ts'],
    include: ['@huggingface/tokenizers', '@mlc-ai/web-llm'],
  },
  logLevel: 'warn',
});
