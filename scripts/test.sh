#!/usr/bin/env bash
# The whole test suite (README's second command runs this after `npm ci`):
# installs the Debian packages tests need, type checks, lints, starts a throwaway
# PostgreSQL cluster, runs every *.test.ts (unit tests beside the code, integration
# tests under test/) with node's test runner, and removes the cluster again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
echo "== type check"; npx tsc --noEmit
echo "== lint"; npx eslint --max-warnings 0 .
echo "== web apps"; npm run --silent typecheck:web; node --import tsx web/build-if-stale.ts
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
pg_throwaway_start
trap pg_throwaway_stop EXIT
mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
echo "== tests (${#files[@]} files)"
node --import tsx --test --test-concurrency=2 --test-timeout=600000 --test-reporter=spec "$@" "${files[@]}"
