import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of .dependency-cruiser.cjs must bite: a scratch tree with one import that breaks
 * each rule is cruised with the project's own config, and every rule must name its violation.
 */
const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'tandem-boundaries-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(scratch, path)), { recursive: true });
  writeFileSync(join(scratch, path), text);
}

function cruise(): string {
  try {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        'src',
        '--config',
        join(root, '.dependency-cruiser.cjs'),
        '--output-type',
        'err',
      ],
      { cwd: scratch, encoding: 'utf8', stdio: 'pipe' },
    );
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

describe('import boundaries', () => {
  it('names a violation of every layer rule', () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }));
    write('src/ui/Widget.tsx', "import { run } from '../worker/host.ts';\nexport const w = run;\n");
    write('src/worker/host.ts', "import { panel } from '../store/panel.ts';\nexport const run = panel;\n");
    write('src/store/panel.ts', "import { x } from '../engines/cpu/inner.ts';\nexport const panel = x;\n");
    write('src/engines/cpu/inner.ts', "import { y } from '../../protocol/messages.ts';\nexport const x = y;\n");
    write('src/protocol/messages.ts', "import { z } from '../worker-client/client.ts';\nexport const y = z;\n");
    write('src/worker-client/client.ts', 'export const z = 1;\n');
    write('src/speculative/loop.ts', "import { m } from '../models/registry.ts';\nexport const loop = m;\n");
    write('src/models/registry.ts', "import { e } from '../engines/cpu/index.ts';\nexport const m = e;\n");
    write('src/engines/cpu/index.ts', "import { t } from '../../../scripts/tool.ts';\nexport const e = t;\n");
    write('scripts/tool.ts', 'export const t = 2;\n');
    write('src/llama/config.ts', "import { a } from '../engines/cpu/index.ts';\nexport const c = a;\n");
    write('src/a.ts', "import { b } from './b.ts';\nexport const a = b;\n");
    write('src/b.ts', "import { a } from './a.ts';\nexport const b = a;\n");
    write('src/forge/job.ts', "import { panel } from '../store/panel.ts';\nexport const job = panel;\n");
    const report = cruise();
    for (const rule of [
      'no-circular',
      'speculative-is-pure',
      'llama-family-is-runtime-free',
      'lower-layers-import-nothing-above',
      'forge-below-the-worker',
      'models-import-no-engine',
      'protocol-is-the-contract',
      'page-never-imports-the-worker',
      'worker-never-imports-the-page',
      'ui-reads-the-store',
      'engines-enter-by-index',
      'product-never-imports-dev-code',
    ]) {
      expect(report, rule).toContain(`error ${rule}:`);
    }
  });
});
