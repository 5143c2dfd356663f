import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The script runs before any dependency exists, so it is plain .mjs; it is tested as users run it.
const SCRIPT = fileURLToPath(new URL('./ensure-deps.mjs', import.meta.url));

const LOCK = {
  name: 'p',
  lockfileVersion: 3,
  packages: {
    '': { name: 'p' },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/a/node_modules/b': { version: '2.0.0' },
    'node_modules/@esbuild/darwin-arm64': { version: '0.1.0', optional: true },
  },
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tandem-ensure-deps-'));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(LOCK));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function installed(packages: Record<string, { version: string }>): void {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ packages }));
}

function check(): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [SCRIPT, '--check', '--root', root], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout.trim() };
}

describe('ensure-deps --check', () => {
  it('is satisfied by the locked versions, other platforms’ optional packages absent', () => {
    installed({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/a/node_modules/b': { version: '2.0.0' } });
    expect(check()).toEqual({ status: 0, out: 'dependencies: up to date' });
  });

  it.each([
    ['no node_modules', null, 'node_modules is missing'],
    ['a record with none of them', {}, 'node_modules is stale: a is not installed (and 1 more)'],
    [
      'another version',
      { 'node_modules/a': { version: '1.1.0' }, 'node_modules/a/node_modules/b': { version: '2.0.0' } },
      'node_modules is stale: a 1.1.0 is installed, the lock file wants 1.0.0',
    ],
    [
      'a package the lock dropped',
      {
        'node_modules/a': { version: '1.0.0' },
        'node_modules/a/node_modules/b': { version: '2.0.0' },
        'node_modules/gone': { version: '1.0.0' },
      },
      'node_modules is stale: gone is installed but not in the lock file',
    ],
  ])('says what differs: %s', (_, packages, reason) => {
    if (packages) installed(packages);
    expect(check()).toEqual({ status: 1, out: reason });
  });

  it('says so when node_modules exists without npm’s record', () => {
    mkdirSync(join(root, 'node_modules'));
    expect(check().out).toBe('node_modules has no record of an npm install (.package-lock.json)');
  });
});

describe('ensure-deps', () => {
  it('runs npm ci (with ONNXRUNTIME_NODE_INSTALL=skip) only when node_modules is stale', () => {
    // A stand-in npm on PATH that "installs" by writing npm's record of the lock file.
    const bin = join(root, 'bin');
    mkdirSync(bin);
    const npm = join(bin, 'npm');
    writeFileSync(
      npm,
      '#!/bin/sh\necho "$@ $ONNXRUNTIME_NODE_INSTALL" >> calls\nmkdir -p node_modules\ncp package-lock.json node_modules/.package-lock.json\n',
    );
    chmodSync(npm, 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const first = execFileSync(process.execPath, [SCRIPT, '--root', root], { env, encoding: 'utf8' });
    expect(first).toBe('dependencies: node_modules is missing; running npm ci\n');
    expect(readFileSync(join(root, 'calls'), 'utf8')).toBe('ci --no-audit --no-fund skip\n');
    const second = execFileSync(process.execPath, [SCRIPT, '--root', root], { env, encoding: 'utf8' });
    expect(second).toBe('');
    expect(readFileSync(join(root, 'calls'), 'utf8').split('\n')).toHaveLength(2);
  });
});
