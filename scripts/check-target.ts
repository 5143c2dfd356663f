import { existsSync, readFileSync } from 'node:fs';
import { browserForRun } from './lib/find-browser.ts';
import { sendFileOr404 } from './lib/send-file.ts';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { normalizeModelUrl } from '../src/models/registry/webllm-urls.ts';
import { webLlmTarget } from '../src/models/registry/webllm-targets.ts';
import { parseCheckTargetArgs, USAGE, UsageError, type CheckTargetArgs } from './check-target/args.ts';
import type { CheckOutcome } from './check-target/page.ts';
import { timeoutMessage } from './check-target/timeout.ts';
import { probeLibrary, probeModel } from './check-target/probe.ts';

/**
 * npm run check:target -- <model url> [--model-lib <url>] [--browser <path>]
 * Serves scripts/check-target/ with Vite on 127.0.0.1, opens it in Chrome/Chromium with WebGPU,
 * loads the model with web-llm on this machine's GPU, and prints the self-check report.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE_DIR = fileURLToPath(new URL('./check-target/', import.meta.url));

function defaultLib(quantization: string): string | undefined {
  return webLlmTarget('vicuna-7b-v1.3').builds.find((b) => b.quantization === quantization)?.modelLib;
}

/** Where a local model folder is served: same origin as the page, so no CORS, and an absolute URL. */
const LOCAL_PREFIX = '/local-model/resolve/main/';

const LOCAL_LIB_PREFIX = '/local-lib/';

interface LocalFiles {
  modelDir?: string;
  libFile?: string;
}

/** Serves a local MLC folder and library; registered before Vite's own middlewares (its HTML fallback would answer first). */
function localFilesPlugin(local: LocalFiles): Plugin {
  const serveFrom = (prefix: string, pick: (name: string) => string | undefined) => ({ prefix, pick });
  const routes = [
    serveFrom(LOCAL_PREFIX, (name) => (local.modelDir ? join(local.modelDir, name) : undefined)),
    serveFrom(LOCAL_LIB_PREFIX, (name) =>
      local.libFile && name === basename(local.libFile) ? local.libFile : undefined,
    ),
  ];
  return {
    name: 'tandem-local-files',
    configureServer(server) {
      for (const route of routes)
        server.middlewares.use(route.prefix, (req, res) => {
          const name = basename(decodeURIComponent((req.url ?? '').split('?')[0]));
          sendFileOr404(res, name ? route.pick(name) : undefined);
        });
    },
  };
}

async function serve(local: LocalFiles): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: false,
    root: PAGE_DIR,
    logLevel: 'warn',
    plugins: [localFilesPlugin(local)],
    server: { host: '127.0.0.1', port: 0, fs: { allow: [ROOT] } },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

async function launch(args: CheckTargetArgs): Promise<Browser> {
  const executablePath = await browserForRun(args.browser, { realGpu: true });
  return chromium.launch({
    executablePath,
    headless: !args.headed,
    args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--ignore-gpu-blocklist', '--no-sandbox'],
  });
}

async function runInBrowser(
  args: CheckTargetArgs,
  modelUrl: string | undefined,
  local: LocalFiles,
): Promise<CheckOutcome> {
  const { server, url } = await serve(local);
  let browser: Browser | undefined;
  try {
    browser = await launch(args);
    const page = await browser.newPage();
    page.on('console', (message) => console.log(`  page: ${message.text()}`));
    const lib = local.libFile ? new URL(LOCAL_LIB_PREFIX + basename(local.libFile), url).href : args.modelLib;
    const query = new URLSearchParams({
      model: modelUrl ?? new URL(LOCAL_PREFIX, url).href,
      lib,
      webllm: installedWebLlmVersion(),
      ...(args.dtype ? { dtype: args.dtype } : {}),
    });
    await page.goto(`${url}?${query}`);
    try {
      await page.waitForFunction(() => window.__tandemCheck !== undefined, undefined, {
        timeout: args.timeoutMs,
        polling: 1000,
      });
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      const partial = (await page.evaluate(() => window.__tandemCheckPartial).catch(() => undefined)) ?? null;
      return { ok: false, error: { name: 'TimeoutError', message: timeoutMessage(args.timeoutMs, partial) } };
    }
    return (await page.evaluate(() => window.__tandemCheck)) as CheckOutcome;
  } finally {
    await browser?.close();
    await server.close();
  }
}

/** The web-llm the check page is built with: the installed package, whatever version Tandem pins. */
function installedWebLlmVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/@mlc-ai/web-llm/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  let args: CheckTargetArgs;
  try {
    args = parseCheckTargetArgs(argv, defaultLib);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
    return 2;
  }
  // Not a URL: a local MLC folder, served by the check's own server.
  const localDir = /^https?:\/\//.test(args.modelUrl) ? undefined : resolve(args.modelUrl);
  if (localDir && !existsSync(join(localDir, 'mlc-chat-config.json'))) {
    console.error(
      `${localDir} holds no mlc-chat-config.json: pass the MLC folder made by mlc_llm gen_config, or its URL`,
    );
    return 2;
  }
  const modelUrl = localDir ? undefined : normalizeModelUrl(args.modelUrl);
  console.log(`Checking ${modelUrl ?? localDir}\n  with ${args.modelLib}`);
  const libFile = /^https?:\/\//.test(args.modelLib) ? undefined : resolve(args.modelLib);
  if (libFile && !existsSync(libFile)) {
    console.error(`no model library at ${libFile}`);
    return 2;
  }
  if (modelUrl) await probeModel(modelUrl);
  if (!libFile) await probeLibrary(args.modelLib);
  const outcome = await runInBrowser(args, modelUrl, { modelDir: localDir, libFile });
  if (!outcome.ok) {
    console.error(`\nThe self-check could not run: ${outcome.error.name}: ${outcome.error.message}`);
    if (/Failed to fetch/.test(outcome.error.message)) {
      console.error(
        'The browser could not fetch a model file. A model host on another origin must send ' +
          'Access-Control-Allow-Origin (Hugging Face does); or pass the local folder instead of a URL.',
      );
    }
    return 2;
  }
  console.log(`\n${outcome.text}`);
  if (outcome.fallbackAdapter) {
    console.log(
      '\nNote: this ran on a software fallback adapter, not a real GPU; its verdict says nothing about your GPU.',
    );
  }
  return outcome.report.speculation ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error;
    console.error(`check:target failed: ${e.name}: ${e.message}`);
    process.exit(2);
  },
);
