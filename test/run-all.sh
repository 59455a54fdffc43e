#!/usr/bin/env bash
# `npm test`: system packages the tests need (Debian chromium and postgresql), node_modules,
# the build, then the checks (types, import rules, lint) and the unit tests with most browser
# end-to-end tests running alongside, then the two browser files that must run alone. Ends with
# one line, "N passed, N failed[, N skipped]", over all runs (test/run-summary.mjs); exits
# non-zero if anything failed, a set-up step failed or a runner crashed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/gatecheck-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GATECHECK_APT_STAMP="$work/apt-updated"
setup_failures=0

for setup in test/setup/ensure-chromium.sh test/setup/ensure-postgres.sh test/setup/ensure-caddy.sh; do
  if ! bash "$setup"; then
    echo "run-all: $setup failed" >&2
    setup_failures=$((setup_failures + 1))
  fi
done

if [ ! -d node_modules ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  if [ $? -ne 0 ]; then
    echo "run-all: installing node_modules failed" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# What the tests run: the app (vite build, into dist/ as `npm start` serves it) and the compiled
# server and CLI in dist-node/ that bin/gatecheck.js runs (the vitest global setups build both
# themselves in runs of single files). A failed build is a failed step.
echo "run-all: build" >&2
if npm run build --silent; then
  # Built once here: the vitest global setups then neither recompile dist-node/ (two runs doing
  # so at once would race on its files) nor build the app again (the e2e tests serve dist/).
  export GATECHECK_NODE_BUILT=1
  export GATECHECK_E2E_DIST="$PWD/dist"
else
  echo "run-all: npm run build failed" >&2
  setup_failures=$((setup_failures + 1))
fi

reports=()
run_vitest() { # NAME [vitest args…]
  local name="$1"
  shift
  echo "run-all: vitest $name" >&2
  # Also kept in a file: an unhandled error is named only in this output, and is repeated last.
  npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$work/$name.json" 2>&1 | tee "$work/$name.out"
  local status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then echo "run-all: vitest $name exited with status $status" >&2; fi
  echo "$status" >"$work/$name.status"
}

# A browser test file mostly waits (on camera frames, timers and pages): alone, one file at a
# time uses about a third of the two cores. So two browser files run at a time, alongside the
# checks and the unit tests, their output kept and printed after them. Two files that time
# themselves run last, alone: the CPU-throttled wedge scans and the two-region relay (a pull
# within two intervals).
E2E_ALONE=(test/e2e/scanner-wedge-throttled.test.ts test/e2e/two-regions.test.ts)
exclude=()
for file in "${E2E_ALONE[@]}"; do exclude+=(--exclude "$file"); done
echo "run-all: vitest e2e, alongside the steps below (its output follows them)" >&2
run_vitest e2e -c vitest.e2e.config.ts --fileParallelism --maxWorkers=2 "${exclude[@]}" >"$work/e2e.log" 2>&1 &
e2e_pid=$!

# The compiler is the first test: each runtime against its own lib (scripts/typecheck.sh).
echo "run-all: typecheck" >&2
if ! bash scripts/typecheck.sh; then
  echo "run-all: typecheck failed" >&2
  setup_failures=$((setup_failures + 1))
fi

# The import rules (.dependency-cruiser.cjs: what each src/ folder may import, from the folder
# READMEs) count like the compiler: a violation is a failed step.
echo "run-all: import rules" >&2
if ! bash scripts/lint-imports.sh; then
  echo "run-all: import rules failed" >&2
  setup_failures=$((setup_failures + 1))
fi

# Lint and format (Biome) at zero diagnostics, and no production line over 140 characters
# (scripts/lint.sh): like the compiler, anything reported is a failed step.
echo "run-all: lint" >&2
if ! bash scripts/lint.sh; then
  echo "run-all: lint failed" >&2
  setup_failures=$((setup_failures + 1))
fi

run_vitest unit

wait "$e2e_pid"
cat "$work/e2e.log"
run_vitest e2e-alone -c vitest.e2e.config.ts "${E2E_ALONE[@]}"

for name in unit e2e e2e-alone; do reports+=("$work/$name.json:$(cat "$work/$name.status" 2>/dev/null || echo 1)"); done

echo
# Vitest names an error thrown between tests (an unhandled rejection) only in its output, which
# CI cuts to its end: the block is repeated here, just above the closing line.
for name in unit e2e e2e-alone; do
  if grep -q "Unhandled Errors" "$work/$name.out" 2>/dev/null; then
    echo "run-all: vitest $name reported unhandled errors:"
    sed 's/\x1b\[[0-9;]*m//g' "$work/$name.out" | sed -n '/Unhandled Errors/,/Test Files/p' | head -n 40
  fi
done
node test/run-summary.mjs --setup-failures "$setup_failures" "${reports[@]}"
