#!/usr/bin/env node
// Runs first in `npm test` and `npm start`, before any dependency exists, so it uses none: plain
// Node. It compares package-lock.json with what npm last installed (node_modules/.package-lock.json,
// npm's record of the tree) and runs `npm ci` when node_modules is missing or differs.
//   node scripts/ensure-deps.mjs            install when needed (quiet when up to date)
//   node scripts/ensure-deps.mjs --check    only say whether it is needed (exit 1 when it is)
//   --root <dir>                            the project folder (default: this script's parent)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Why node_modules does not match the lock file, or null when it does. */
export function staleReason(root) {
  const lockPath = join(root, 'package-lock.json');
  const installedPath = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(installedPath)) return 'node_modules has no record of an npm install (.package-lock.json)';
  const wanted = JSON.parse(readFileSync(lockPath, 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(installedPath, 'utf8')).packages ?? {};
  const differences = [];
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '') continue;
    const have = installed[path];
    // Optional packages for other platforms (e.g. @esbuild/darwin-arm64) are never installed here.
    if (!have && !entry.optional && !entry.devOptional) differences.push(`${nameOf(path)} is not installed`);
    else if (have && have.version !== entry.version) {
      differences.push(`${nameOf(path)} ${have.version} is installed, the lock file wants ${entry.version}`);
    }
  }
  for (const path of Object.keys(installed)) {
    if (!(path in wanted)) differences.push(`${nameOf(path)} is installed but not in the lock file`);
  }
  if (differences.length === 0) return null;
  const more = differences.length > 1 ? ` (and ${differences.length - 1} more)` : '';
  return `node_modules is stale: ${differences[0]}${more}`;
}

const nameOf = (path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

function main(argv) {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? resolve(argv[rootAt + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const reason = staleReason(root);
  if (argv.includes('--check')) {
    console.log(reason ?? 'dependencies: up to date');
    return reason ? 1 : 0;
  }
  if (!reason) return 0;
  console.log(`dependencies: ${reason}; running npm ci`);
  // onnxruntime-node (under @huggingface/transformers) would otherwise fetch binaries from outside the npm registry.
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`dependencies: npm ci failed (${result.error?.message ?? `exit ${result.status}`})`);
    return 1;
  }
  const after = staleReason(root);
  if (after) console.error(`dependencies: still differs after npm ci: ${after}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
