#!/usr/bin/env bash
# Runs every test. Installs Debian's chromium for the browser tests when it is missing (needs root, as on CI).
# PostgreSQL tests run when LHS_TEST_POSTGRES holds a connection string (.ci/run starts a server and sets it).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
  fi
fi

# Each test process keeps its temporary files under ${TMPDIR:-/tmp}/lhs-test-run-<pid> and removes it as it exits
# (tests/LearningHealth.Tests/Infrastructure/TestRunTempFolder.cs); the test runner may stop it before it has, so the
# folders of this run's test processes are removed here once those processes have ended.
remove_ended_test_runs() {
  for run in "${TMPDIR:-/tmp}"/lhs-test-run-*; do
    [ -d "$run" ] || continue
    pid=${run##*-}
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done # up to 10 s
    if ! kill -0 "$pid" 2>/dev/null; then rm -rf "$run"; fi
  done
}

log=$(mktemp)
trap 'rm -f "$log"; remove_ended_test_runs' EXIT
status=0
dotnet test LearningHealth.slnx --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
