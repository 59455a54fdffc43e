#!/usr/bin/env bash
# Checks the import rules in .dependency-cruiser.cjs (what each src/ folder may import, as the
# folder READMEs promise) over the source, the tests and the bin shim. Exits non-zero and lists
# each offending import when a rule is broken. `npm run lint:imports` and `npm test` run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec npx --no-install depcruise --config .dependency-cruiser.cjs --output-type err src test bin
