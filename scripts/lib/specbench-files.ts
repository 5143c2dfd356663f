import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseSpecBench,
  SPEC_BENCH_SETS,
  SpecBenchError,
  type SpecBenchQuestion,
  type SpecBenchSetName,
} from './specbench.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `npm run data:specbench` puts the five files (git-ignored: the data is not ours to commit). */
export const SPECBENCH_DATA_DIR = join(REPO_ROOT, 'data', 'specbench');
/** A copy some machines keep beside the repository; used when data/specbench is absent. */
export const SPECBENCH_SHARED_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'specbench');

/** What to do when the Spec-Bench files are missing: every such message ends with it. */
export const SPECBENCH_HOWTO =
  'run `npm run data:specbench` (needs network) to download the five files into data/specbench/, ' +
  'or pass --prompts <file or folder>, or set SPECBENCH_DIR';

/**
 * SPECBENCH_DIR when set; else data/specbench when it exists; else ../shared/data/specbench when
 * it exists; else data/specbench, so that a missing folder is reported where the download puts it.
 */
export function defaultSpecBenchDir(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  if (env.SPECBENCH_DIR) return env.SPECBENCH_DIR;
  if (!exists(SPECBENCH_DATA_DIR) && exists(SPECBENCH_SHARED_DIR)) return SPECBENCH_SHARED_DIR;
  return SPECBENCH_DATA_DIR;
}

/** The five translation sets (deen, fren, ruen, jaen, zhen), read in place from dir. */
export async function loadSpecBenchSets(
  dir: string = defaultSpecBenchDir(),
): Promise<Record<SpecBenchSetName, SpecBenchQuestion[]>> {
  const names = Object.keys(SPEC_BENCH_SETS) as SpecBenchSetName[];
  const sets = await Promise.all(names.map((name) => loadSpecBenchSet(dir, name)));
  return Object.fromEntries(names.map((name, i) => [name, sets[i]])) as Record<SpecBenchSetName, SpecBenchQuestion[]>;
}

export async function loadSpecBenchSet(dir: string, name: SpecBenchSetName): Promise<SpecBenchQuestion[]> {
  const fileName = `${name}.jsonl`;
  let text: string;
  try {
    text = await readFile(join(dir, fileName), 'utf8');
  } catch (error) {
    throw new SpecBenchError(`${fileName} not found in ${dir}: ${SPECBENCH_HOWTO}`, { cause: error });
  }
  return parseSpecBench(text, fileName);
}
