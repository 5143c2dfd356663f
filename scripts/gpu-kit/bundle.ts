import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The engines and the checks as ONE ES module for Node (the kit's tandem-gpu-checks.mjs). The
 * engines import their WGSL with Vite's `?raw` suffix; here the plugin gives esbuild the file's
 * text instead. `webgpu` stays outside: run.sh puts the package (index.js and dawn.node) beside it.
 */

export const CHECKS_ENTRY = 'scripts/gpu-kit/checks/main.ts';

/** `import code from './x.wgsl?raw'` → the text of ./x.wgsl, as Vite does. */
export const rawTextPlugin: Plugin = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

export async function bundleChecks(outfile: string, entry = CHECKS_ENTRY): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu'],
    plugins: [rawTextPlugin],
    // CommonJS dependencies call require(): give the ES module one.
    banner: {
      js: "import { createRequire as kitCreateRequire } from 'node:module'; const require = kitCreateRequire(import.meta.url);",
    },
    // Errors are told apart by class name (src/errors.ts sets name from the class): keep the names.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
