import { describe, expect, it } from 'vitest';
import {
  BrowserNotFoundError,
  type BrowserLookupEnvironment,
  browserForRun,
  describeBrowser,
  findBrowser,
} from './find-browser.ts';

const PLAYWRIGHT = '/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const SPARTICUZ = '/tmp/chromium';

/** A Linux x86-64 machine with the given files, nothing else. */
function machine(files: string[], env: NodeJS.ProcessEnv = {}): Partial<BrowserLookupEnvironment> {
  return {
    env,
    platform: 'linux',
    arch: 'x64',
    isFile: (path) => files.includes(path),
    playwrightChromium: () => PLAYWRIGHT,
    sparticuzChromium: async () => SPARTICUZ,
  };
}

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH, then Playwright’s Chromium, then the system’s, then @sparticuz/chromium', async () => {
    const all = ['/opt/my-chrome', PLAYWRIGHT, '/usr/bin/chromium', '/usr/bin/google-chrome'];
    expect(await findBrowser(machine(all, { CHROMIUM_PATH: '/opt/my-chrome' }))).toEqual({
      executablePath: '/opt/my-chrome',
      source: 'CHROMIUM_PATH',
      warnings: [],
    });
    expect(await findBrowser(machine(all))).toMatchObject({ executablePath: PLAYWRIGHT, source: 'playwright' });
    expect(await findBrowser(machine(all.slice(2)))).toMatchObject({
      executablePath: '/usr/bin/chromium',
      source: 'system',
    });
    expect(await findBrowser(machine(['/usr/bin/google-chrome']))).toMatchObject({ source: 'system' });
    expect(await findBrowser(machine([]))).toMatchObject({ executablePath: SPARTICUZ, source: '@sparticuz/chromium' });
  });

  it('warns about a CHROMIUM_PATH that names no file and goes on looking', async () => {
    const found = await findBrowser(machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/nowhere/chrome' }));
    expect(found).toMatchObject({ executablePath: '/usr/bin/chromium', source: 'system' });
    expect(found.warnings).toEqual(['CHROMIUM_PATH=/nowhere/chrome: no such file; looking for another browser']);
  });

  it('hides Playwright’s and the system’s browsers under TANDEM_HIDE_SYSTEM_BROWSER=1', async () => {
    const env = { CHROMIUM_PATH: '/nowhere', TANDEM_HIDE_SYSTEM_BROWSER: '1' };
    const found = await findBrowser(machine([PLAYWRIGHT, '/usr/bin/chromium'], env));
    expect(found.source).toBe('@sparticuz/chromium');
    expect(found.warnings).toHaveLength(2);
    // CHROMIUM_PATH still wins when it names a file: the variable hides only what is found on the machine.
    expect((await findBrowser(machine(['/opt/c'], { ...env, CHROMIUM_PATH: '/opt/c' }))).source).toBe('CHROMIUM_PATH');
  });

  it('uses @sparticuz/chromium only on Linux x86-64, and says where it looked when nothing is found', async () => {
    const arm = { ...machine([]), arch: 'arm64' };
    const attempt = findBrowser(arm);
    await expect(attempt).rejects.toThrow(BrowserNotFoundError);
    await expect(attempt).rejects.toThrow(/\/usr\/bin\/chromium.*\.\n.*npx playwright install chromium/s);
    const mac = {
      ...machine(['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']),
      platform: 'darwin' as const,
    };
    expect((await findBrowser(mac)).source).toBe('system');
  });

  it('reports why @sparticuz/chromium failed to unpack', async () => {
    const broken = { ...machine([]), sparticuzChromium: () => Promise.reject(new Error('ENOSPC: no space left')) };
    await expect(findBrowser(broken)).rejects.toThrow(/@sparticuz\/chromium: ENOSPC: no space left/);
  });

  it('names the browser and where it came from in one line', () => {
    expect(describeBrowser({ executablePath: SPARTICUZ, source: '@sparticuz/chromium', warnings: [] })).toBe(
      'browser: /tmp/chromium (from the npm package @sparticuz/chromium)',
    );
  });
});

describe('browserForRun', () => {
  it('takes a --browser path that exists, and refuses one that does not', async () => {
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    expect(await browserForRun(process.execPath, { realGpu: false, print })).toBe(process.execPath);
    expect(lines).toEqual([`browser: ${process.execPath} (from --browser)`]);
    await expect(browserForRun('/nowhere/chrome', { realGpu: false, print })).rejects.toThrow(
      '--browser /nowhere/chrome: no such file',
    );
  });

  it('prints the lookup’s warnings and line, and warns a real-GPU run about the SwiftShader-only npm Chromium', async () => {
    const lines: string[] = [];
    const lookup = machine([], { CHROMIUM_PATH: '/nowhere' });
    const path = await browserForRun(undefined, { realGpu: true, print: (line) => lines.push(line), lookup });
    expect(path).toBe(SPARTICUZ);
    expect(lines).toEqual([
      'warning: CHROMIUM_PATH=/nowhere: no such file; looking for another browser',
      'browser: /tmp/chromium (from the npm package @sparticuz/chromium)',
      expect.stringMatching(/^warning: @sparticuz\/chromium has only SwiftShader/),
    ]);
    lines.length = 0;
    await browserForRun(undefined, { realGpu: false, print: (line) => lines.push(line), lookup: machine([]) });
    expect(lines).toHaveLength(1);
  });
});
