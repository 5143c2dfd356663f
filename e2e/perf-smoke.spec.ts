import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { formatSpecBench, translationTurn } from '../scripts/lib/specbench.ts';
import type { PerfRunResult } from '../scripts/perf/page/types.ts';
import { TEST_PROMPTS } from '../src/models/testing/test-prompts.ts';

/**
 * `npm run perf -- --fixtures` end to end, as a user runs it: the script serves the perf page,
 * launches Chromium (SwiftShader here) and writes the report. A test of the harness, not a speed
 * claim: few samples, few tokens. The script launches its own browser; the test's page only parses the SVGs.
 * Its prompts are Tandem's test prompts written as Spec-Bench files (the real ones are not in the repository).
 */

const run = promisify(execFile);
const PAIRS = ['de', 'fr', 'ru', 'ja', 'zh'];
const POLICIES = ['fixed:5', 'heuristic', 'confidence'];
const SAMPLES = 2;

/** The test prompts into English, one Spec-Bench-shaped file per pair, in `dir`. */
async function writeTestPromptsAsSpecBench(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const pair of PAIRS) {
    const questions = TEST_PROMPTS.filter((p) => p.from === pair && p.to === 'en').map((p) => ({
      questionId: p.id,
      category: `${pair}en`,
      turns: [translationTurn({ from: p.from, to: p.to, source: p.text })],
    }));
    await writeFile(join(dir, `${pair}en.jsonl`), formatSpecBench(questions));
  }
}

test('npm run perf -- --fixtures writes a lossless Table 1, the charts and every sample', async ({ page }) => {
  test.setTimeout(360_000);
  const out = await mkdtemp(join(tmpdir(), 'tandem-perf-'));
  const prompts = `${out}-prompts`;
  try {
    await writeTestPromptsAsSpecBench(prompts);
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        'scripts/perf.ts',
        '--fixtures',
        '--prompts',
        prompts,
        '--samples',
        String(SAMPLES),
        '--max-new-tokens',
        '8',
        '--policies',
        POLICIES.join(','),
        '--out',
        out,
      ],
      { timeout: 330_000, maxBuffer: 16 << 20 },
    );
    for (const name of ['samples.json', 'table.md', 'speedup.svg', 'histogram.svg'])
      expect(existsSync(join(out, name)), name).toBe(true);

    // The table: 5 pair columns + mean; rows autoregressive and one per policy; "speedup (τ …)" in every cell.
    const table = await readFile(join(out, 'table.md'), 'utf8');
    const lines = table.split('\n');
    const head = lines.indexOf('| Method | de | fr | ru | ja | zh | mean |');
    expect(head).toBeGreaterThanOrEqual(0);
    const rows = lines
      .slice(head + 2)
      .filter((l) => l.startsWith('| '))
      .slice(0, 1 + POLICIES.length);
    expect(rows.map((r) => r.split(' | ')[0])).toEqual([
      '| autoregressive',
      '| specialized · fixed γ=5',
      '| specialized · heuristic (HF)',
      '| specialized · confidence ≥ 0.4',
    ]);
    for (const r of rows) {
      const cells = r.slice(2, -2).split(' | ').slice(1);
      expect(cells).toHaveLength(PAIRS.length + 1);
      for (const c of cells) expect(c).toMatch(/^\d+\.\d\dx \(τ \d+\.\d\d\)$/);
    }
    expect(table).toMatch(/losslessness: 0 mismatches in \d+ speculative samples/);
    expect(stdout).toContain(rows[0]); // the table is printed at the end

    // Losslessness was checked on every speculative sample and holds.
    const json = JSON.parse(await readFile(join(out, 'samples.json'), 'utf8')) as PerfRunResult & {
      summary: { losslessness: { compared: number; mismatches: number } };
    };
    const speculative = json.samples.filter((s) => s.method !== 'autoregressive');
    expect(json.samples).toHaveLength(PAIRS.length * SAMPLES * (1 + POLICIES.length));
    expect(speculative.every((s) => s.matchesAutoregressive === true)).toBe(true);
    expect(json.summary.losslessness).toEqual(expect.objectContaining({ compared: speculative.length, mismatches: 0 }));
    expect(speculative.some((s) => s.acceptedLengths.length > 0)).toBe(true);
    expect(json.engines.find((e) => e.role === 'drafter')?.gpuBufferBytes).toBeGreaterThan(0);

    // The charts parse as SVG: a bar per pair for each policy; a histogram panel per policy.
    const speedup = await readFile(join(out, 'speedup.svg'), 'utf8');
    expect(speedup).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(speedup.trim().endsWith('</svg>')).toBe(true);
    for (const pair of PAIRS)
      expect(speedup.match(new RegExp(`class="bar" data-pair="${pair}"`, 'g'))).toHaveLength(POLICIES.length);
    const histogram = await readFile(join(out, 'histogram.svg'), 'utf8');
    expect(histogram).toContain('<svg');
    // A real XML parse, in the browser: bars per pair, and the histogram's methods.
    const parsed = await page.evaluate(
      ([a, b]) => {
        const parse = (text: string) => new DOMParser().parseFromString(text, 'image/svg+xml');
        const [s, h] = [parse(a), parse(b)];
        if (s.querySelector('parsererror') || h.querySelector('parsererror')) return null;
        const pairs = [...s.querySelectorAll('rect.bar')].map((r) => r.getAttribute('data-pair'));
        const methods = new Set([...h.querySelectorAll('rect.bar')].map((r) => r.getAttribute('data-method')));
        return { root: s.documentElement.localName, pairs, methods: methods.size };
      },
      [speedup, histogram] as const,
    );
    expect(parsed).not.toBeNull();
    expect(parsed!.root).toBe('svg');
    for (const pair of PAIRS) expect(parsed!.pairs.filter((p) => p === pair)).toHaveLength(POLICIES.length);
    expect(parsed!.methods).toBe(POLICIES.length);
  } finally {
    await rm(out, { recursive: true, force: true });
    await rm(prompts, { recursive: true, force: true });
  }
});
