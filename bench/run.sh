#!/usr/bin/env bash
# Builds every function's deployable jar and the benchmark, then runs the benchmark and writes bench/results.md.
#   bench/run.sh                      full run (7 cold starts per function and flag set, 20,000 warm invocations)
#   bench/run.sh --skip-build ...     reuse the jars already built; other options go to the harness (--help lists them)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--skip-build" ]]; then
  shift
else
  # clean: shading a jar that is already shaded misbehaves.
  mvn -B -q -DskipTests clean package
fi
exec java -jar bench/harness/target/moduo-bench.jar "$@"
