#!/usr/bin/env bash
# The whole test suite: real peers (installed when missing), build, type-check, lint,
# then every unit, fault and interop test with node's test runner.
#   MAILDOCTOR_SKIP_LINT=1   skip eslint (the Node 24 pass of .ci/run does)
#   TEST_CONCURRENCY=N       test files run in parallel (default 3)
#   pass file paths to run only those test files
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-peers.sh
echo "maildoctor test suite on node $(node --version)"
npm run build --silent
npx tsc -p tsconfig.json --noEmit
if [ "${MAILDOCTOR_SKIP_LINT:-}" != 1 ]; then npx eslint .; fi

shopt -s globstar nullglob
if [ "$#" -gt 0 ]; then files=("$@"); else files=(src/**/*.test.ts test/**/*.test.ts); fi
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
exec node --import tsx --test --test-reporter=spec --test-concurrency="${TEST_CONCURRENCY:-3}" "${files[@]}"
