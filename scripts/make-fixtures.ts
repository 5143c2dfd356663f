/**
 * `npm run fixtures`: writes the tiny fixture models (weights, configs, tokenizer files) into
 * public/models/, where the app and the tests read them.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { buildFixtures } from './fixtures/build.ts';
import { DEFAULT_EPSILON } from './fixtures/models.ts';
import { FIXTURES_DIR } from './fixtures/paths.ts';

const started = performance.now();
const written = await buildFixtures(FIXTURES_DIR);
for (const path of written) {
  const kib = statSync(path).size / 1024;
  console.log(`${relative(process.cwd(), path).padEnd(60)} ${kib.toFixed(1).padStart(10)} KiB`);
}
console.log(
  `wrote ${written.length} files (epsilon ${DEFAULT_EPSILON}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
