import { chmod, copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkNodeBinary,
  extractLibvulkan,
  gitDescribe,
  gzipCached,
  KitBuildError,
  libvulkanDeb,
  webgpuPackage,
} from './assets.ts';
import { bundleChecks } from './bundle.ts';

/**
 * `npm run gpu:kit [-- --out DIR] [--vulkan-deb FILE]`: writes the GPU check kit, one folder (default
 * gpu-kit/, git-ignored) that a bare x86-64 Linux machine with a GPU driver runs with
 * `bash gpu-kit/run.sh OUT_DIR`. See docs/gpu-kit.md.
 */

/** The kit must fit one small upload to a closed GPU server. */
export const KIT_SIZE_LIMIT = 60 * 2 ** 20;

export interface BuildOptions {
  /** The kit folder; replaced if it exists. */
  out: string;
  /** A libvulkan1 amd64 .deb to take the loader from (else cached, else apt-get download). */
  vulkanDeb?: string;
  projectRoot?: string;
  cacheDir?: string;
}

export interface BuiltKit {
  dir: string;
  files: { path: string; bytes: number }[];
  totalBytes: number;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

export async function buildKit(options: BuildOptions): Promise<BuiltKit> {
  const root = resolve(options.projectRoot ?? join(HERE, '../..'));
  const out = resolve(options.out);
  const cacheDir = options.cacheDir ?? join(root, 'node_modules/.cache/tandem-gpu-kit');
  await checkNodeBinary(process.execPath, process.version);
  const webgpu = await webgpuPackage(root);
  const deb = await libvulkanDeb(cacheDir, options.vulkanDeb);

  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'webgpu'), { recursive: true });
  await bundleChecks(join(out, 'tandem-gpu-checks.mjs'), join(root, 'scripts/gpu-kit/checks/main.ts'));
  await gzipCached(process.execPath, join(out, 'node.gz'), cacheDir);
  for (const file of ['index.js', 'package.json', 'LICENSE.md'])
    await copyFile(join(webgpu.dir, file), join(out, 'webgpu', file));
  await gzipCached(join(webgpu.dir, 'dist/linux-x64/dawn.node'), join(out, 'webgpu/dawn.node.gz'), cacheDir);
  const libvulkan = await extractLibvulkan(deb, join(out, 'lib'));
  await writeFile(join(out, 'lib/libvulkan1.version'), `${libvulkan}\n`);
  await copyFile(join(root, 'scripts/gpu-kit/run.sh'), join(out, 'run.sh'));
  await chmod(join(out, 'run.sh'), 0o755);
  const info = {
    tandem: await gitDescribe(root),
    builtAt: new Date().toISOString(),
    node: process.version,
    webgpu: webgpu.version,
    libvulkan1: libvulkan,
  };
  await writeFile(join(out, 'kit.json'), `${JSON.stringify(info, null, 2)}\n`);
  await writeFile(join(out, 'README.txt'), readme(info));

  const files = await listFiles(out);
  const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  if (totalBytes > KIT_SIZE_LIMIT) {
    throw new KitBuildError(
      `the kit is ${mib(totalBytes)}, over its ${mib(KIT_SIZE_LIMIT)} limit: ${files.map((f) => `${f.path} ${mib(f.bytes)}`).join(', ')}`,
    );
  }
  return { dir: out, files, totalBytes };
}

async function listFiles(dir: string, base = dir): Promise<{ path: string; bytes: number }[]> {
  const out: { path: string; bytes: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push({ path: relative(base, path), bytes: (await stat(path)).size });
  }
  return out;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function readme(info: Record<string, string>): string {
  return [
    'Tandem GPU check kit',
    '',
    'Copy this folder to an x86-64 Linux machine with a GPU driver, then:',
    '',
    '    bash run.sh OUT_DIR            # the full checks, within 8 minutes',
    '    bash run.sh OUT_DIR --quick    # scaled-down shapes (a smoke test)',
    '',
    'It writes OUT_DIR/report.md and OUT_DIR/report.json. What each section means, and how to read',
    'c and the predicted speedup: docs/gpu-kit.md in the Tandem repository.',
    '',
    ...Object.entries(info).map(([k, v]) => `${k}: ${v}`),
    '',
  ].join('\n');
}

function parseBuildArgs(argv: readonly string[]): BuildOptions {
  const options: BuildOptions = { out: 'gpu-kit' };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new KitBuildError(`${argv[i - 1]} needs a value`);
      return v;
    };
    if (argv[i] === '--out') options.out = value();
    else if (argv[i] === '--vulkan-deb') options.vulkanDeb = value();
    else throw new KitBuildError(`unknown option ${argv[i]} (options: --out DIR, --vulkan-deb FILE)`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const kit = await buildKit(parseBuildArgs(process.argv.slice(2)));
    for (const f of kit.files) console.log(`${f.path.padEnd(40)} ${mib(f.bytes).padStart(10)}`);
    console.log(
      `${relative(process.cwd(), kit.dir) || '.'}/: ${mib(kit.totalBytes)} of ${mib(KIT_SIZE_LIMIT)}. Run it with: bash ${relative(process.cwd(), kit.dir)}/run.sh OUT_DIR`,
    );
  } catch (error) {
    console.error(error instanceof KitBuildError ? `gpu:kit: ${error.message}` : error);
    process.exit(1);
  }
}
