import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKit, KIT_SIZE_LIMIT, type BuiltKit } from './build.ts';
import type { ParityData } from './checks/parity-check.ts';
import { SECTION_KEYS, type KitReport } from './checks/report.ts';
import { lavapipeIcd, localLibvulkanDeb } from './test-support.ts';

/**
 * The kit end to end on this machine's software Vulkan (Mesa's lavapipe): build it, run
 * `run.sh OUT --quick` with the kit's own Node, Dawn and Vulkan loader, and read the report.
 */

const run = promisify(execFile);
let tmp: string;
let kit: BuiltKit;
let report: KitReport;
let markdown: string;
let exitCode: number;
let output: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tandem-gpu-kit-test-'));
  const icd = lavapipeIcd();
  kit = await buildKit({ out: join(tmp, 'kit'), vulkanDeb: await localLibvulkanDeb(tmp) });
  const out = join(tmp, 'out');
  const env = { ...process.env, VK_DRIVER_FILES: icd, VK_ICD_FILENAMES: icd, TANDEM_KIT_VULKAN_LOADER: 'bundled' };
  try {
    const result = await run('bash', [join(kit.dir, 'run.sh'), out, '--quick'], {
      env,
      timeout: 170_000,
      maxBuffer: 16 * 2 ** 20,
    });
    exitCode = 0;
    output = result.stdout + result.stderr;
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    exitCode = typeof e.code === 'number' ? e.code : -1;
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as KitReport;
  markdown = await readFile(join(out, 'report.md'), 'utf8');
}, 290_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the GPU check kit on lavapipe (--quick)', () => {
  it('fits its size limit, and its default folder is git-ignored', async () => {
    expect(kit.totalBytes).toBeLessThan(KIT_SIZE_LIMIT);
    expect(kit.files.map((f) => f.path).sort()).toEqual(
      expect.arrayContaining([
        'run.sh',
        'tandem-gpu-checks.mjs',
        'node.gz',
        'webgpu/dawn.node.gz',
        'webgpu/index.js',
        'lib/libvulkan.so.1',
        'kit.json',
      ]),
    );
    await expect(run('git', ['check-ignore', '-q', 'gpu-kit/'])).resolves.toBeDefined();
    // run.sh unpacked Node somewhere and removed it: the kit holds what the build wrote, nothing more.
    expect((await readdir(kit.dir)).sort()).toEqual([...new Set(kit.files.map((f) => f.path.split('/')[0]))].sort());
  });

  it("runs with the kit's own loader, prints the adapter, and exits 0", () => {
    expect(output).toMatch(/Vulkan loader: bundled: libvulkan1/);
    expect(output).toMatch(/adapter: .*llvmpipe/);
    expect(exitCode, output.slice(-3000)).toBe(0);
  });

  it('writes every section, with the status each should have', () => {
    expect(Object.keys(report.sections).sort()).toEqual([...SECTION_KEYS].sort());
    const statuses = Object.fromEntries(SECTION_KEYS.map((k) => [k, report.sections[k].status]));
    expect(statuses).toEqual({
      adapter: 'measured',
      parity: 'passed',
      drafting: 'measured',
      target: 'measured',
      speedup: 'measured',
      training: 'not-in-this-build',
    });
    expect(report.kit.quick).toBe(true);
    expect(report.kit.vulkan.loader).toMatch(/^bundled/);
    for (const key of SECTION_KEYS)
      expect(markdown).toContain(`## ${report.sections[key].title} — ${report.sections[key].status.toUpperCase()}`);
    expect(markdown).toContain('training: not in this build');
  });

  it('passes every parity case, f32 and (where the adapter has shader-f16) f16, draft(k) included', () => {
    const parity = report.sections.parity.data as ParityData;
    const adapter = report.sections.adapter.data as { has: { shaderF16: boolean } };
    const precisions = new Set(parity.steps.map((s) => s.precision));
    expect([...precisions].sort()).toEqual(adapter.has.shaderF16 ? ['f16', 'f32'] : ['f32']);
    expect(parity.steps.length).toBeGreaterThanOrEqual(6);
    expect(parity.steps.filter((s) => !s.passed)).toEqual([]);
    expect(parity.drafts.map((d) => d.k)).toContain(8);
    expect(parity.drafts.filter((d) => !d.passed)).toEqual([]);
  });
});
