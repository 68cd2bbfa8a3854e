#!/usr/bin/env bash
# Runs every benchmark in bench/ (each prints its own numbers).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
bash scripts/install-peers.sh
shopt -s nullglob
for b in bench/*.sh; do
  [ "$(basename "$b")" = run.sh ] && continue
  echo "== $b"; bash "$b"
done
for b in bench/*.ts; do
  echo "== $b"; node --import tsx "$b"
done
