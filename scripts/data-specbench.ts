import { relative, resolve } from 'node:path';
import { loadSpecBenchSets, SPECBENCH_DATA_DIR } from './lib/specbench-files.ts';
import { fetchSpecBench, SPECBENCH_COMMIT, SPECBENCH_REPOSITORY } from './lib/specbench-download.ts';

/**
 * npm run data:specbench [-- --dir <folder>]: downloads Multilingual Spec-Bench's five translation
 * sets (and their licence) into data/specbench/ (git-ignored), each checked by size and sha256,
 * where `npm run perf` looks first. Needs network; running it again only re-checks the files.
 */

const USAGE = 'usage: npm run data:specbench [-- --dir <folder>]   (default: data/specbench)';

function parseDir(argv: readonly string[]): string {
  if (argv.length === 0) return SPECBENCH_DATA_DIR;
  if (argv.length === 2 && argv[0] === '--dir') return resolve(argv[1]);
  const inline = argv.length === 1 ? /^--dir=(.+)$/.exec(argv[0]) : null;
  if (inline) return resolve(inline[1]);
  throw new Error(USAGE);
}

async function main(argv: readonly string[]): Promise<void> {
  const dir = parseDir(argv);
  console.log(`Spec-Bench (${SPECBENCH_REPOSITORY} @ ${SPECBENCH_COMMIT.slice(0, 7)}) into ${dir}`);
  await fetchSpecBench({ dir, log: (line) => console.log(`  ${line}`) });
  const sets = await loadSpecBenchSets(dir);
  const counts = Object.entries(sets).map(([name, questions]) => `${name} ${questions.length}`);
  console.log(`ok: ${counts.join(', ')} questions`);
  if (dir !== SPECBENCH_DATA_DIR) {
    console.log(`npm run perf reads data/specbench by default: pass --prompts ${relative(process.cwd(), dir) || '.'}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`data:specbench failed: ${(error as Error).message}`);
  process.exit(1);
});
