#!/usr/bin/env bash
# Builds the functions' deployable jar and the benchmark, then runs the benchmark and writes bench/results.md.
#   bench/run.sh                      full run (7 cold starts per function and shape, 20,000 warm invocations)
#   bench/run.sh --skip-build ...     reuse the jars already built; other options go to the harness (--help lists them)
# The functions run on Lambda's java25, so the benchmark (and every JVM it starts) runs on a JDK 25: JAVA_HOME if it
# is one, else the first JDK 25 found where JDKs are usually installed.
set -euo pipefail
cd "$(dirname "$0")/.."

major() { # the major version a JDK's release file declares
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
jdk=""
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  if [[ -n "$candidate" && -x "$candidate/bin/java" && "$(major "$candidate")" == "25" ]]; then
    jdk="$candidate"
    break
  fi
done
if [[ -z "$jdk" ]]; then
  echo "bench/run.sh: no JDK 25 found (set JAVA_HOME to one): the functions run on Lambda's java25" >&2
  exit 2
fi

if [[ "${1:-}" == "--skip-build" ]]; then
  shift
else
  # clean: shading a jar that is already shaded misbehaves.
  mvn -B -q -DskipTests clean package
fi
exec "$jdk/bin/java" -jar bench/harness/target/moduo-bench.jar "$@"
