#!/usr/bin/env bash
# Type-checks every runtime with its own tsconfig (its lib matches where it runs), so the
# compiler keeps the DOM out of core and Node out of the browser code. Folders of one runtime
# are one project (the pages; everything on Node): shared code is then parsed and checked once. The projects are
# independent, so they run side by side, as many at once as there are cores (each tsc is one
# thread); each one's errors are printed together, in the list's order.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
projects=(
  tsconfig.json                                                              # pages: app, console, holder (DOM)
  src/decoder/tsconfig.json src/sw/tsconfig.json src/holder/sw/tsconfig.json # workers (WebWorker)
  src/core/tsconfig.json src/core/tsconfig.test.json                         # pure core, its tests on Node
  src/server/tsconfig.json                                                   # Node: server, CLI, decoder's Node side
  test/tsconfig.json                                                         # tests (Node + DOM)
)
jobs="${GATECHECK_TYPECHECK_JOBS:-$(nproc 2>/dev/null || echo 2)}"
out="$(mktemp -d "${TMPDIR:-/tmp}/gatecheck-typecheck.XXXXXX")"
trap 'rm -rf "$out"' EXIT

check() { # INDEX PROJECT: writes the compiler's output and exit status under $out
  local status=0
  node_modules/.bin/tsc -p "$2" --noEmit >"$out/$1.log" 2>&1 || status=$?
  echo "$status" >"$out/$1.status"
}

running=0
for i in "${!projects[@]}"; do
  check "$i" "${projects[$i]}" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

status=0
for i in "${!projects[@]}"; do
  cat "$out/$i.log"
  if [ "$(cat "$out/$i.status" 2>/dev/null || echo 1)" != 0 ]; then
    echo "typecheck: ${projects[$i]} failed" >&2
    status=1
  fi
done
exit $status
