import { existsSync, statSync } from 'node:fs';
import { browserForRun } from '../lib/find-browser.ts';
import { sendFileOr404 } from '../lib/send-file.ts';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import type { PerfPage } from './page/main.ts';
import type { PerfConfig, PerfRunResult, SampleRecord } from './page/types.ts';

/**
 * Serves the perf page (scripts/perf/vite.config.ts) on 127.0.0.1, launches Chrome/Chromium through
 * playwright-core with WebGPU on, and calls window.perf.run(config) in the page.
 */

const CONFIG_FILE = 'scripts/perf/vite.config.ts';
/** Flags every run gets: quiet, offline-friendly, WebGPU on even where Chrome still gates it (Linux). */
const BASE_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

/** Local model folders and files, served under /perf-local/<key>/ so the page fetches them same-origin. */
export type LocalFiles = Map<string, string>;

export function localFilesPlugin(local: LocalFiles): Plugin {
  return {
    name: 'tandem-perf-local-files',
    configureServer(server) {
      server.middlewares.use('/perf-local/', (req, res, next) => {
        const [key, ...rest] = decodeURIComponent((req.url ?? '').split('?')[0])
          .replace(/^\/+/, '')
          .split('/');
        const base = local.get(key);
        if (!base) return next();
        const name = basename(rest.join('/'));
        // A single local file (a model library) is served under its own name only.
        const file = statSync(base).isFile() ? (name === basename(base) ? base : undefined) : join(base, name);
        sendFileOr404(res, file);
      });
    },
  };
}

export async function servePerfPage(
  port: number,
  local: LocalFiles,
): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({ configFile: CONFIG_FILE, server: { port }, plugins: [localFilesPlugin(local)] });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/** URL of a model location: a URL as it is, a local path served under /perf-local/<key>/. */
export function locationUrl(location: string, key: string, origin: string, local: LocalFiles, suffix = ''): string {
  if (/^https?:\/\//.test(location)) return location;
  const path = resolve(location);
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  local.set(key, path);
  return statSync(path).isFile()
    ? `${origin}/perf-local/${key}/${basename(path)}`
    : `${origin}/perf-local/${key}/${suffix}`;
}

export interface LaunchOptions {
  browser?: string;
  browserArgs: string[];
  headed: boolean;
  /** Real GPU runs on Linux need Vulkan; the SwiftShader fixture runs do not. */
  realGpu: boolean;
}

export function browserArgs(
  options: LaunchOptions,
  platform: NodeJS.Platform = process.platform,
  root = process.getuid?.() === 0,
): string[] {
  const args = [...BASE_ARGS];
  if (options.realGpu && platform === 'linux') args.push('--enable-features=Vulkan', '--ignore-gpu-blocklist');
  // Chromium refuses to start as root with its sandbox on (containers, CI).
  if (root) args.push('--no-sandbox');
  return [...args, ...options.browserArgs];
}

export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  const executablePath = await browserForRun(options.browser, { realGpu: options.realGpu });
  return chromium.launch({ executablePath, headless: !options.headed, args: browserArgs(options) });
}

export async function runInPage(
  browser: Browser,
  origin: string,
  config: PerfConfig,
  log: (line: string) => void,
  onSample: (sample: SampleRecord) => void,
): Promise<PerfRunResult> {
  const page = await browser.newPage();
  await page.exposeFunction('perfSample', onSample);
  // Vite's client says when it connects: not worth a line.
  page.on('console', (message) => void (message.text().startsWith('[vite]') || log(message.text())));
  page.on('pageerror', (error) => log(`pageerror: ${error.message}`));
  await page.goto(`${origin}/scripts/perf/page/perf.html`);
  // Vite may discover a dependency on first load and reload the page once: wait for the final one.
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, {
    timeout: 180_000,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.evaluate((c) => (window as unknown as { perf: PerfPage }).perf.run(c), config);
    } catch (error) {
      if (attempt < 3 && (error as Error).message.includes('Execution context was destroyed')) {
        await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, {
          timeout: 180_000,
        });
        continue;
      }
      throw error;
    }
  }
}
