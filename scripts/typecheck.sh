#!/usr/bin/env bash
# Type-checks every runtime with its own tsconfig (its lib matches where it runs), so the
# compiler keeps the DOM out of core and Node out of the browser code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
for project in tsconfig.json src/holder/tsconfig.json src/core/tsconfig.json src/core/tsconfig.test.json src/cli/tsconfig.json src/server/tsconfig.json src/decoder/node/tsconfig.json test/tsconfig.json; do
  if ! npx tsc -p "$project" --noEmit; then
    echo "typecheck: $project failed" >&2
    status=1
  fi
done
exit $status
