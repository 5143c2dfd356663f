import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** run.sh's choice of Vulkan driver files and loader (TANDEM_KIT_DRY_RUN prints it and stops). */

const run = promisify(execFile);
const RUN_SH = 'scripts/gpu-kit/run.sh';
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tandem-run-sh-'));
  for (const [dir, file] of [
    ['nv', 'nvidia_icd.json'],
    ['mesa', 'lvp_icd.json'],
    ['mesa', 'radeon_icd.json'],
  ]) {
    await mkdir(join(tmp, dir), { recursive: true });
    await writeFile(join(tmp, dir, file), '{}');
  }
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function dryRun(env: Record<string, string>): Promise<Record<string, string>> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VK_|TANDEM_KIT_|LD_LIBRARY_PATH$)/.test(k)),
  );
  const { stdout } = await run('bash', [RUN_SH, join(tmp, 'out')], {
    env: { ...base, TANDEM_KIT_DRY_RUN: '1', ...env },
  });
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('run.sh', () => {
  it('uses only the NVIDIA driver file when there is one', async () => {
    const env = await dryRun({ TANDEM_KIT_ICD_DIRS: `${join(tmp, 'nv')}:${join(tmp, 'mesa')}` });
    expect(env.VK_DRIVER_FILES).toBe(join(tmp, 'nv', 'nvidia_icd.json'));
  });

  it('uses every driver file found when there is no NVIDIA one', async () => {
    const env = await dryRun({ TANDEM_KIT_ICD_DIRS: join(tmp, 'mesa') });
    expect(env.VK_DRIVER_FILES.split(':').sort()).toEqual([
      join(tmp, 'mesa', 'lvp_icd.json'),
      join(tmp, 'mesa', 'radeon_icd.json'),
    ]);
  });

  it('keeps driver files the caller chose, from either variable', async () => {
    expect(
      (await dryRun({ VK_ICD_FILENAMES: '/x/a.json', TANDEM_KIT_ICD_DIRS: join(tmp, 'nv') })).VK_DRIVER_FILES,
    ).toBe('/x/a.json');
    expect((await dryRun({ VK_DRIVER_FILES: '/x/b.json' })).VK_DRIVER_FILES).toBe('/x/b.json');
  });

  it("puts the kit's loader first on the library path when asked for it, and refuses an unknown loader choice", async () => {
    const env = await dryRun({ TANDEM_KIT_VULKAN_LOADER: 'bundled', TANDEM_KIT_ICD_DIRS: join(tmp, 'mesa') });
    expect(env.LD_LIBRARY_PATH.split(':')[0]).toMatch(/scripts\/gpu-kit\/lib$/);
    expect(env.TANDEM_KIT_VULKAN_LOADER_USED).toMatch(/^bundled/);
    await expect(dryRun({ TANDEM_KIT_VULKAN_LOADER: 'mine' })).rejects.toMatchObject({ code: 64 });
  });

  it('refuses to run without an output folder', async () => {
    await expect(run('bash', [RUN_SH])).rejects.toMatchObject({ code: 64 });
  });
});
