import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DownloadError, digestOf, downloadVerified, type FileDigest } from './download-verified.ts';

/**
 * The five translation sets of Multilingual Spec-Bench (Yi et al., arXiv 2406.16758) from the
 * authors' public repository, pinned to the commit that added them, with each file's size and
 * sha256; and the repository's MIT licence, which must travel with the data.
 */
export const SPECBENCH_REPOSITORY = 'Kthyeon/Multilingual-SpecBench';
export const SPECBENCH_COMMIT = '26ba50096d14cfc101be486f07b842c6b83006e9';
export const SPECBENCH_BASE_URL = `https://raw.githubusercontent.com/${SPECBENCH_REPOSITORY}/${SPECBENCH_COMMIT}/`;

export interface RemoteFile extends FileDigest {
  /** The file's name in the local folder. */
  name: string;
  /** Its path in the repository. */
  path: string;
}

export const SPECBENCH_FILES: readonly RemoteFile[] = [
  {
    name: 'deen.jsonl',
    path: 'dataset/eval/deen_bench/question.jsonl',
    size: 18_025,
    sha256: '879d113613603c4149810d781f212fdf406b574eca0cce0b70af32faf5f21d17',
  },
  {
    name: 'fren.jsonl',
    path: 'dataset/eval/fren_bench/question.jsonl',
    size: 20_362,
    sha256: '4b1f2a60fc22f6acb3ae3fe7f9d79fa3c5b57bb9cb573f382ea0f92e7616ed20',
  },
  {
    name: 'ruen.jsonl',
    path: 'dataset/eval/ruen_bench/question.jsonl',
    size: 55_330,
    sha256: 'c1b12fe00633789cafa1f30abf0a5be7da1ebe938b3066b59b066aba129c336f',
  },
  {
    name: 'jaen.jsonl',
    path: 'dataset/eval/jaen_bench/question.jsonl',
    size: 25_661,
    sha256: 'a600ec5d48c2f930faeb6b6c83cded8a752a0a6d52343c36ed26747105f7abd4',
  },
  {
    name: 'zhen.jsonl',
    path: 'dataset/eval/zhen_bench/question.jsonl',
    size: 33_612,
    sha256: '28f0dc5c9b9d1bb738d0854957b55488b72226779a88e4baeed95ecae13b6ebc',
  },
  {
    name: 'LICENSE',
    path: 'LICENSE',
    size: 1_069,
    sha256: '470cf518552d24f19cf01a8f28d2781bbc48af73e82c8b603ac5b2242a576c9f',
  },
];

export interface FetchSpecBenchOptions {
  dir: string;
  baseUrl?: string;
  files?: readonly RemoteFile[];
  fetch?: typeof fetch;
  /** Per file. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Puts every file, verified, in `dir`: a file already there with the right size and sha256 is
 * kept; any other is downloaded (replacing a wrong one only once the new one checks out). Tries
 * every file, then throws one DownloadError naming each that failed.
 */
export async function fetchSpecBench(options: FetchSpecBenchOptions): Promise<void> {
  const { dir, baseUrl = SPECBENCH_BASE_URL, files = SPECBENCH_FILES, log = () => {} } = options;
  const created = await mkdir(dir, { recursive: true });
  const failures: string[] = [];
  for (const file of files) {
    const dest = join(dir, file.name);
    const present = await digestOf(dest);
    if (present?.size === file.size && present.sha256 === file.sha256) {
      log(`${file.name}: already there, verified`);
      continue;
    }
    if (present) log(`${file.name}: present but not the expected bytes; downloading it again`);
    try {
      await downloadVerified(new URL(file.path, baseUrl).href, dest, file, {
        fetch: options.fetch,
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      });
      log(`${file.name}: downloaded, ${file.size} bytes, sha256 verified`);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) {
    // An empty folder left by a failed first run would hide ../shared/data/specbench from perf.
    if (created !== undefined) await removeEmptyUpTo(dir, created);
    throw new DownloadError(`${failures.length} of ${files.length} files failed:\n  ${failures.join('\n  ')}`);
  }
}

/** Removes `dir` and its parents up to `top` as long as they are empty (the folders a run made). */
async function removeEmptyUpTo(dir: string, top: string): Promise<void> {
  for (let folder = dir; folder.startsWith(top); folder = dirname(folder)) {
    if ((await readdir(folder)).length > 0) return;
    await rmdir(folder);
    if (folder === top) return;
  }
}
