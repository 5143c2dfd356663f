import type { VitePWAOptions } from 'vite-plugin-pwa';
import { DEFAULT_ORT_WASM_BASE } from '../engines/transformers/ort-files.ts';

/**
 * The offline shell (vite-plugin-pwa, Workbox generateSW). Read by vite.config.ts; no imports
 * beyond plain data, so the config never loads the app.
 *
 * - Precache: the built shell (html, js, css, the manifest and its icon), engines' code included
 *   (~8 MB, 6 MB of it web-llm's runtime): without it a cached real pair could not run offline.
 * - Models (/models/…, except web-llm's, which caches itself) and onnxruntime's wasm (/ort/…,
 *   27 MB) are cached at runtime, CacheFirst: a user pays for the bytes of what they actually
 *   use, once, and from then on it works offline. The demo pair (~37 MB) is not precached for the
 *   same reason: most users will never pick it. (A model file is cached when a controlled page
 *   first reads it; e2e/offline.spec.ts loads the demo online once, then translates offline.)
 * - registerType 'autoUpdate' with the generated registerSW.js script: a new shell installs in the
 *   background and takes over (skipWaiting + clientsClaim). That script never reloads the page, so
 *   a running translation is never cut off; the new shell shows at the next load. The price: a tab
 *   left open across a deploy that lazily imports one of the old version's chunks gets a 404.
 */
export const MODELS_CACHE = 'tandem-models';
export const ORT_CACHE = 'tandem-ort';

export const pwaOptions: Partial<VitePWAOptions> = {
  registerType: 'autoUpdate',
  injectRegister: 'script',
  // The glob below already precaches every svg in the shell (favicon and manifest icon).
  includeManifestIcons: false,
  manifest: {
    name: 'Tandem — in-tab translation',
    short_name: 'Tandem',
    description: 'Translates in this tab with a language model on your own GPU (WebGPU).',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f6f7f9',
    theme_color: '#1d4ed8',
    icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  },
  workbox: {
    globPatterns: ['**/*.{js,mjs,css,html,svg,wasm}'],
    // Workbox silently leaves out larger files (default 2 MiB), and a shell missing a chunk breaks
    // offline: allow any chunk the app could plausibly have (the 27 MB ORT wasm is ignored below).
    maximumFileSizeToCacheInBytes: 16 * 2 ** 20,
    // public/models is copied into dist/ too; it and /ort/ are runtime-cached (see above). The
    // worker's onnxruntime has no copy of its wasm under assets/ (ortWasmFallbackToServed).
    globIgnores: ['models/**', `${DEFAULT_ORT_WASM_BASE.slice(1)}**`],
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/models\//, /^\/ort\//],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
    // Workbox copies these matchers into sw.js as source text: they cannot use imports or
    // closures, hence the literal paths ('/ort/' is DEFAULT_ORT_WASM_BASE).
    runtimeCaching: [
      {
        // Not web-llm's folders (…/resolve/main/…): web-llm keeps its own Cache Storage copy, and
        // a second copy of a 4 GB target would only eat the user's quota. Not the model manager's
        // downloads (cache: 'no-store'): they write their own copy, and a second write of every
        // byte through a teed stream made a 71.6 MB local download take twice as long.
        urlPattern: ({ url, request, sameOrigin }) =>
          sameOrigin &&
          url.pathname.startsWith('/models/') &&
          !url.pathname.includes('/resolve/main/') &&
          request.cache !== 'no-store',
        handler: 'CacheFirst',
        options: { cacheName: MODELS_CACHE, cacheableResponse: { statuses: [200] } },
      },
      {
        urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/ort/'),
        handler: 'CacheFirst',
        options: { cacheName: ORT_CACHE, cacheableResponse: { statuses: [200] } },
      },
    ],
  },
};
