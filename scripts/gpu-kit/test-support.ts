import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readlink, writeFile, copyFile, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** Helpers for the kit's tests: Mesa's lavapipe, and a libvulkan1 .deb made without a download. */

const run = promisify(execFile);

const LAVAPIPE_CANDIDATES = ['/usr/share/vulkan/icd.d/lvp_icd.json', '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json'];

/** Mesa's software Vulkan driver file: from VK_DRIVER_FILES / VK_ICD_FILENAMES when they name it, else the standard place. */
export function lavapipeIcd(): string {
  const fromEnv = (process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES ?? '')
    .split(':')
    .find((f) => /lvp_icd/.test(f) && existsSync(f));
  const found = fromEnv ?? LAVAPIPE_CANDIDATES.find((f) => existsSync(f));
  if (!found) {
    throw new Error(
      'no lavapipe driver file (lvp_icd*.json): install Mesa ≥ 25 (Debian bookworm: apt-get install -t bookworm-backports mesa-vulkan-drivers; see .ci/run)',
    );
  }
  return found;
}

/**
 * A libvulkan1 .deb rebuilt from the package installed here (dpkg -L), so the kit's build takes
 * its loader the way it takes Debian's download, with no network at test time.
 */
export async function localLibvulkanDeb(dir: string): Promise<string> {
  const versionFormat = '-f=$' + '{Version}'; // dpkg-query's own field syntax, not a JS template
  const version = (await run('dpkg-query', ['-W', versionFormat, 'libvulkan1'])).stdout.trim();
  const root = join(dir, 'libvulkan1-root');
  const lib = 'usr/lib/x86_64-linux-gnu';
  await mkdir(join(root, lib), { recursive: true });
  await mkdir(join(root, 'usr/share/doc/libvulkan1'), { recursive: true });
  await mkdir(join(root, 'DEBIAN'), { recursive: true });
  const link = `/${lib}/libvulkan.so.1`;
  const target = await readlink(link);
  await copyFile(join(dirname(link), target), join(root, lib, basename(target)));
  await symlink(basename(target), join(root, lib, 'libvulkan.so.1'));
  await copyFile('/usr/share/doc/libvulkan1/copyright', join(root, 'usr/share/doc/libvulkan1/copyright'));
  await writeFile(
    join(root, 'DEBIAN/control'),
    `Package: libvulkan1\nVersion: ${version}\nArchitecture: amd64\nMaintainer: tandem test <none@localhost>\nDescription: the installed Vulkan loader, repacked for a test\n`,
  );
  const deb = join(dir, `libvulkan1_${version}_amd64.deb`);
  await run('dpkg-deb', ['--build', '--root-owner-group', root, deb]);
  return deb;
}
