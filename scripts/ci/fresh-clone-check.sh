#!/usr/bin/env bash
# The newcomer's machine, in CI: a fresh clone of this commit with no ../shared beside it,
# CHROMIUM_PATH pointing nowhere and the system's (and Playwright's) browsers hidden from the
# lookup (TANDEM_HIDE_SYSTEM_BROWSER=1, a switch for this check only). It installs, type-checks,
# runs every unit test (none may skip) and the e2e specs that cover what used to need the
# machine: the npm Chromium (@sparticuz/chromium, unpacked into this run's own temp folder) must be
# the browser used, and the perf run must work without Spec-Bench beside the clone.
#   privacy        page + worker + service worker translating on WebGPU, zero requests out
#   translate-demo the main flow in the UI, several contexts, the clipboard
#   model-manager  downloads into Cache Storage (the demo pair from 127.0.0.1)
#   perf-smoke     `npm run perf -- --fixtures` in its own browser, on Tandem's test prompts
# The whole e2e suite already runs in `npm test`; running it twice would double CI time.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/tandem-fresh-clone-XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { printf '\n== fresh clone: %s (%s)\n' "$1" "$(date +%T)"; }

step "clone $(git -C "$repo" rev-parse --short HEAD) into $work/tandem"
git clone --quiet --no-checkout "$repo" "$work/tandem"
git -C "$work/tandem" checkout --quiet --detach "$(git -C "$repo" rev-parse HEAD)"
cd "$work/tandem"
[ ! -e ../shared ] || { echo "fresh clone: ../shared exists beside the clone" >&2; exit 1; }

export CHROMIUM_PATH="$work/no-such-browser"
export TANDEM_HIDE_SYSTEM_BROWSER=1
# @sparticuz/chromium unpacks into the temp folder: this run's own, so nothing left by others is used.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
unset SPECBENCH_DIR CHROME_PATH

step "install (npm test's first step: node_modules is missing)"
node scripts/ensure-deps.mjs
node scripts/ensure-deps.mjs --check

step "type check"
npm run --silent typecheck

step "unit tests (their global setup builds the fixtures)"
npx vitest run 2>&1 | tee "$work/unit.log"
if grep -Eq '[0-9]+ skipped' "$work/unit.log"; then
  echo "fresh clone: a unit test skipped itself" >&2
  exit 1
fi

step "e2e specs in the npm Chromium"
npx playwright test e2e/privacy.spec.ts e2e/translate-demo.spec.ts e2e/model-manager.spec.ts e2e/perf-smoke.spec.ts \
  --workers=1 --reporter=list 2>&1 | tee "$work/e2e.log"
grep -q "^browser: $TMPDIR/chromium (from the npm package @sparticuz/chromium)$" "$work/e2e.log" || {
  echo "fresh clone: the e2e tests did not run in @sparticuz/chromium" >&2
  exit 1
}
if grep -Eq '[0-9]+ skipped' "$work/e2e.log"; then
  echo "fresh clone: an e2e test skipped itself" >&2
  exit 1
fi

step "done: installed, type-checked, unit and e2e tests passed with nothing beside the clone"
