#!/usr/bin/env bash
# Lint and format (Biome, biome.json) over the repository, then the 140-column limit on production
# code (src/, bin/, scripts/; not tests, generated tables or prose). Any diagnostic fails, infos
# included: Biome exits 0 on infos, so its report's lines are counted. `npm run lint` and
# `npm test` run it; `npx biome check --write <files>` fixes what it can.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0

report="$(npx --no-install biome check --reporter=github --max-diagnostics=none . 2>&1)"
biome=$?
if [ "$biome" -ne 0 ] || grep -q '^::' <<<"$report"; then
  printf '%s\n' "$report"
  echo "lint: biome check reported the diagnostics above" >&2
  status=1
fi

# Characters, not bytes (C.UTF-8): a line of Chinese or Arabic counts as it reads.
long="$(git ls-files --cached --others --exclude-standard -- src bin scripts \
  ':!*.md' ':!*.json' ':!*.generated.ts' ':!*.test.*' | LC_ALL=C.UTF-8 xargs grep -nP '^.{141,}' | cut -c1-160)"
if [ -n "$long" ]; then
  printf '%s\n' "$long"
  echo "lint: production lines over 140 characters (above)" >&2
  status=1
fi
exit $status
