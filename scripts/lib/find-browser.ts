import { existsSync, statSync } from 'node:fs';
import { chromium as playwrightChromium } from 'playwright-core';
import { TandemError } from '../../src/errors.ts';

/**
 * Finds the Chrome/Chromium that the tests, benchmarks and perf runs launch, in this order:
 *   1. CHROMIUM_PATH (then CHROME_PATH), when it names a file;
 *   2. a Chromium that Playwright installed (`npx playwright install chromium`);
 *   3. the system's Chromium or Chrome (/usr/bin/chromium, google-chrome, …);
 *   4. on Linux x86-64, the Chromium inside the npm package @sparticuz/chromium (a devDependency:
 *      `npm ci` brings it; it unpacks itself into the temp folder on first use).
 * The rule for an environment variable that names no file: a warning that says so, and the
 * lookup goes on (a fresh clone must still find a browser); the line saying which browser was used
 * shows what happened. A path given on a command line (`--browser`) is a command: the scripts
 * refuse one that names no file instead.
 * TANDEM_HIDE_SYSTEM_BROWSER=1 (for tests only: scripts/ci/fresh-clone-check.sh) skips steps 2
 * and 3, to prove a machine without a browser gets one from step 4.
 */

export type BrowserSource = 'CHROMIUM_PATH' | 'CHROME_PATH' | 'playwright' | 'system' | '@sparticuz/chromium';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
  /** Why earlier candidates were passed over, to print before the browser line. */
  warnings: string[];
}

/** No browser anywhere; the message lists where it looked and how to get one. */
export class BrowserNotFoundError extends TandemError {}

/** What the lookup reads from the machine; tests pass their own. */
export interface BrowserLookupEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  arch: string;
  isFile: (path: string) => boolean;
  /** Where Playwright puts (or would put) its Chromium. */
  playwrightChromium: () => string | undefined;
  /** Unpacks @sparticuz/chromium's binary and gives its path. */
  sparticuzChromium: () => Promise<string>;
}

const SYSTEM_BROWSERS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

export async function findBrowser(overrides: Partial<BrowserLookupEnvironment> = {}): Promise<FoundBrowser> {
  const machine = { ...realMachine(), ...overrides };
  const warnings: string[] = [];
  const found = (executablePath: string, source: BrowserSource): FoundBrowser => ({
    executablePath,
    source,
    warnings,
  });

  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH'] as const) {
    const path = machine.env[name];
    if (!path) continue;
    if (machine.isFile(path)) return found(path, name);
    warnings.push(`${name}=${path}: no such file; looking for another browser`);
  }
  const hidden = machine.env.TANDEM_HIDE_SYSTEM_BROWSER === '1';
  if (hidden) warnings.push('TANDEM_HIDE_SYSTEM_BROWSER=1: skipping Playwright’s and the system’s browsers');
  if (!hidden) {
    const playwright = machine.playwrightChromium();
    if (playwright && machine.isFile(playwright)) return found(playwright, 'playwright');
    const system = (SYSTEM_BROWSERS[machine.platform] ?? []).find((path) => machine.isFile(path));
    if (system) return found(system, 'system');
  }
  if (machine.platform === 'linux' && machine.arch === 'x64') {
    try {
      return found(await machine.sparticuzChromium(), '@sparticuz/chromium');
    } catch (error) {
      warnings.push(`@sparticuz/chromium: ${(error as Error).message}`);
    }
  }
  throw new BrowserNotFoundError(
    [
      'no Chrome or Chromium found.',
      ...warnings,
      `Looked for: CHROMIUM_PATH, CHROME_PATH, Playwright's Chromium, ${hidden ? '(system browsers hidden)' : (SYSTEM_BROWSERS[machine.platform] ?? []).join(', ')}` +
        (machine.platform === 'linux' && machine.arch === 'x64' ? ', @sparticuz/chromium.' : '.'),
      'Install Chrome or Chromium, or run `npx playwright install chromium`, or set CHROMIUM_PATH to one.',
    ].join('\n  '),
  );
}

/** The one line a run prints to say which browser it uses. */
export function describeBrowser(browser: FoundBrowser): string {
  const how: Record<BrowserSource, string> = {
    CHROMIUM_PATH: 'from CHROMIUM_PATH',
    CHROME_PATH: 'from CHROME_PATH',
    playwright: 'installed by Playwright',
    system: "the system's",
    '@sparticuz/chromium': 'from the npm package @sparticuz/chromium',
  };
  return `browser: ${browser.executablePath} (${how[browser.source]})`;
}

/** findBrowser, its warnings and its browser line printed (to stderr, so stdout stays the run's). */
export async function findAndReportBrowser(
  print: (line: string) => void = (line) => console.error(line),
  lookup: Partial<BrowserLookupEnvironment> = {},
): Promise<FoundBrowser> {
  const browser = await findBrowser(lookup);
  for (const warning of browser.warnings) print(`warning: ${warning}`);
  print(describeBrowser(browser));
  return browser;
}

/**
 * The browser for a script run: `explicit` (a --browser argument) must name a file; else the lookup,
 * reported. A real-GPU run warns when it got @sparticuz/chromium, which has only SwiftShader.
 */
export async function browserForRun(
  explicit: string | undefined,
  options: { realGpu: boolean; print?: (line: string) => void; lookup?: Partial<BrowserLookupEnvironment> },
): Promise<string> {
  const print = options.print ?? ((line: string) => console.error(line));
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new BrowserNotFoundError(`--browser ${explicit}: no such file`);
    print(`browser: ${explicit} (from --browser)`);
    return explicit;
  }
  const browser = await findAndReportBrowser(print, options.lookup);
  if (options.realGpu && browser.source === '@sparticuz/chromium') {
    print(
      'warning: @sparticuz/chromium has only SwiftShader (WebGPU on the CPU): pass --browser <your Chrome> to use the GPU',
    );
  }
  return browser.executablePath;
}

function realMachine(): BrowserLookupEnvironment {
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    isFile: (path) => existsSync(path) && statSync(path).isFile(),
    playwrightChromium: () => {
      try {
        return playwrightChromium.executablePath();
      } catch {
        return undefined; // a platform Playwright has no Chromium build for
      }
    },
    sparticuzChromium: async () => {
      const { default: chromium } = await import('@sparticuz/chromium');
      return chromium.executablePath();
    },
  };
}
