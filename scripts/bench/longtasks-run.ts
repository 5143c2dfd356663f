import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

/**
 * Node side of `npm run bench:longtasks`: builds the app (and, with a baseline, another commit of
 * it), serves each build, and in headless Chromium streams one long demo translation per length
 * while a PerformanceObserver counts the page's main-thread long tasks (> 50 ms).
 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--no-first-run', '--enable-unsafe-webgpu'];
/** German sentences, each its own prompt of up to 1 024 new tokens: a run of `length` uses as few as it needs. */
const SENTENCES = ['Guten Morgen, wie geht es dir heute?', 'Wir gehen später in den Park.', 'Das Wetter ist schön.'];
const MAX_PER_SENTENCE = 1024;

export interface LongTaskRow {
  build: string;
  /** Max new tokens asked for. */
  length: number;
  /** Tokens the run emitted (the random demo may end a sentence early). */
  tokens: number;
  runSeconds: number;
  longTasks: number;
  longTaskMs: number;
  maxTaskMs: number;
}

export interface BuildToMeasure {
  label: string;
  /** The app's folder (the repository, or a worktree of the baseline commit). */
  root: string;
}

/** A throwaway worktree of `ref` that shares this checkout's node_modules and fixture models. */
export function baselineWorktree(ref: string): { build: BuildToMeasure; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'tandem-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', root, ref], { stdio: 'ignore' });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  if (existsSync('public/models')) symlinkSync(resolve('public/models'), join(root, 'public/models'));
  const remove = (): void => {
    execFileSync('git', ['worktree', 'remove', '--force', root], { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  };
  return { build: { label: `${ref} (baseline)`, root }, remove };
}

export interface MeasureOptions {
  lengths: readonly number[];
  reps: number;
  /** Chromium's CPU throttling of the page (1: none): a slower computer, and less noise from this one. */
  throttle: number;
}

export async function measureBuilds(
  builds: readonly BuildToMeasure[],
  options: MeasureOptions,
): Promise<LongTaskRow[]> {
  const { lengths, reps, throttle } = options;
  const servers: { build: BuildToMeasure; server: PreviewServer; outDir: string }[] = [];
  let browser: Browser | undefined;
  try {
    for (const target of builds) servers.push({ build: target, ...(await buildAndServe(target.root)) });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const rows: LongTaskRow[] = [];
    // Interleaved (build A, build B, A, B…): a machine that slows down mid-run slows both alike.
    for (let rep = 0; rep < reps; rep++) {
      for (const length of lengths) {
        for (const { build: target, server } of servers) {
          const url = server.resolvedUrls?.local[0];
          if (!url) throw new Error(`vite preview of ${target.label} has no URL`);
          rows.push({ build: target.label, length, ...(await measureRun(browser, url, length, throttle)) });
        }
      }
    }
    return rows;
  } finally {
    await browser?.close();
    for (const { server, outDir } of servers) {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  }
}

async function buildAndServe(root: string): Promise<{ server: PreviewServer; outDir: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'tandem-bench-build-')); // never inside the checkout
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, strictPort: false },
  });
  return { server, outDir };
}

async function measureRun(
  browser: Browser,
  url: string,
  length: number,
  throttle: number,
): Promise<Omit<LongTaskRow, 'build' | 'length'>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    const tasks: number[] = [];
    Object.assign(window, { benchLongTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  try {
    await openDemo(page, url, length);
    if (throttle > 1)
      await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.evaluate(() => (window as unknown as { benchLongTasks: number[] }).benchLongTasks.splice(0));
    const started = Date.now();
    await page.getByRole('button', { name: 'Translate' }).click();
    const output = page.getByTestId('output');
    await output.and(page.locator('[data-run="done"]')).waitFor({ timeout: 30 * 60_000 });
    const runSeconds = (Date.now() - started) / 1000;
    const tokens = await output.locator('span[data-source]').count();
    const tasks = await page.evaluate(() => (window as unknown as { benchLongTasks: number[] }).benchLongTasks);
    return {
      tokens,
      runSeconds,
      longTasks: tasks.length,
      longTaskMs: tasks.reduce((sum, ms) => sum + ms, 0),
      maxTaskMs: Math.max(0, ...tasks),
    };
  } finally {
    await context.close();
  }
}

/** The demo, German, `length` new tokens over as few sentences as that takes; Settings open (older builds) or closed. */
async function openDemo(page: Page, url: string, length: number): Promise<void> {
  page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
  await page.goto(url);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('demo');
  await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  const settings = page.locator('details.settings');
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  const sentences = Math.ceil(length / MAX_PER_SENTENCE);
  if (sentences > SENTENCES.length) throw new RangeError(`at most ${SENTENCES.length * MAX_PER_SENTENCE} tokens`);
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(SENTENCES.slice(0, sentences).join(' '));
  const maxTokens = page.getByRole('spinbutton', { name: 'Max new tokens' });
  await maxTokens.fill(String(Math.ceil(length / sentences)));
  await maxTokens.blur();
}
