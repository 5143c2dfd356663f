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

/** SPECBENCH_DIR, else shared/data/specbench beside the repository (the data is not ours to copy). */
export function defaultSpecBenchDir(): string {
  return process.env.SPECBENCH_DIR ?? join(REPO_ROOT, '..', 'shared', 'data', 'specbench');
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
    throw new SpecBenchError(`${fileName} not found in ${dir} (set SPECBENCH_DIR to the Spec-Bench folder)`, {
      cause: error,
    });
  }
  return parseSpecBench(text, fileName);
}
