import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';

/**
 * The kit's binary parts, each from where the issue says it comes from: this machine's Node, the
 * pinned `webgpu` package's linux-x64 dawn.node, and Debian's libvulkan1 (extracted from its .deb
 * into the kit, never installed). Large files are gzipped (the bare target has gzip, maybe not xz);
 * compressed copies are cached by source path, size and mtime, so rebuilding takes seconds.
 */

const run = promisify(execFile);

export class KitBuildError extends Error {
  override name = 'KitBuildError';
}

/** gzip -9 of `src` into `dst`, through a cache folder. */
export async function gzipCached(src: string, dst: string, cacheDir: string): Promise<void> {
  const s = await stat(src);
  const key = createHash('sha256').update(`${src}\0${s.size}\0${s.mtimeMs}\0gzip-9`).digest('hex').slice(0, 24);
  const cached = join(cacheDir, `${key}.gz`);
  if (!(await exists(cached))) {
    await mkdir(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}.part`;
    await pipeline(createReadStream(src), createGzip({ level: 9 }), createWriteStream(partial));
    await copyFile(partial, cached);
    await rm(partial);
  }
  await copyFile(cached, dst);
}

/** This machine's Node binary, refused unless it is an x86-64 Linux ELF of Node ≥ 20. */
export async function checkNodeBinary(path: string, version: string): Promise<void> {
  const handle = await open(path, 'r');
  const header = Buffer.alloc(20);
  try {
    await handle.read(header, 0, 20, 0);
  } finally {
    await handle.close();
  }
  const isElf = header.readUInt32BE(0) === 0x7f454c46;
  const is64 = header[4] === 2;
  const isX8664 = header.readUInt16LE(18) === 0x3e;
  if (!(isElf && is64 && isX8664)) {
    throw new KitBuildError(
      `${path} is not an x86-64 Linux executable: build the kit with Node on x86-64 Linux (the GPU machines are x86-64)`,
    );
  }
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (!(major >= 20)) throw new KitBuildError(`Node ${version} is too old for the engines: use Node 20 or newer`);
}

/** The pinned `webgpu` package: its folder, version, and the version package.json pins exactly. */
export async function webgpuPackage(projectRoot: string): Promise<{ dir: string; version: string }> {
  const require = createRequire(join(projectRoot, 'package.json'));
  const dir = dirname(require.resolve('webgpu/package.json'));
  const { version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string };
  const project = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const pinned = project.devDependencies?.webgpu;
  if (pinned !== version) {
    throw new KitBuildError(
      `package.json pins webgpu ${pinned ?? '(nothing)'} but node_modules holds ${version}: run npm ci`,
    );
  }
  if (!(await exists(join(dir, 'dist', 'linux-x64', 'dawn.node'))))
    throw new KitBuildError(`webgpu ${version} has no dist/linux-x64/dawn.node`);
  return { dir, version };
}

/**
 * Debian's libvulkan1 for amd64: the given .deb, else one cached earlier, else `apt-get download`
 * into the cache (Debian's apt is the one registry this needs).
 */
export async function libvulkanDeb(cacheDir: string, given?: string): Promise<string> {
  if (given) {
    if (!(await exists(given))) throw new KitBuildError(`--vulkan-deb ${given}: no such file`);
    return given;
  }
  await mkdir(cacheDir, { recursive: true });
  const find = async (): Promise<string | undefined> =>
    (await readdir(cacheDir)).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
  let deb = await find();
  if (!deb) {
    try {
      await run('apt-get', ['download', 'libvulkan1:amd64'], { cwd: cacheDir });
    } catch (error) {
      throw new KitBuildError(
        `apt-get download libvulkan1:amd64 failed (${(error as Error).message.split('\n')[0]}): run apt-get update, or pass --vulkan-deb FILE`,
      );
    }
    deb = await find();
    if (!deb) throw new KitBuildError(`apt-get download left no libvulkan1_*_amd64.deb in ${cacheDir}`);
  }
  return join(cacheDir, deb);
}

/** Extracts libvulkan.so.1 and its copyright from the .deb into `libDir`; returns the package version. */
export async function extractLibvulkan(deb: string, libDir: string): Promise<string> {
  const field = async (name: string): Promise<string> => (await run('dpkg-deb', ['-f', deb, name])).stdout.trim();
  const [pkg, arch, version] = [await field('Package'), await field('Architecture'), await field('Version')];
  if (pkg !== 'libvulkan1' || arch !== 'amd64')
    throw new KitBuildError(`${deb} is ${pkg} for ${arch}, not libvulkan1 for amd64`);
  const tmp = await mkdtemp(join(tmpdir(), 'tandem-libvulkan-'));
  try {
    await run('dpkg-deb', ['-x', deb, tmp]);
    const library = await realpath(join(tmp, 'usr/lib/x86_64-linux-gnu/libvulkan.so.1'));
    await mkdir(libDir, { recursive: true });
    await copyFile(library, join(libDir, 'libvulkan.so.1'));
    await copyFile(join(tmp, 'usr/share/doc/libvulkan1/copyright'), join(libDir, 'libvulkan1.copyright'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return version;
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function gitDescribe(cwd: string): Promise<string> {
  try {
    const head = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd })).stdout.trim();
    const dirty = (await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd })).stdout.trim() !== '';
    return `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
