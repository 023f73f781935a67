#!/usr/bin/env bash
# Runs the same scale-test commands with two builds of cqkd, alternating (A, B, A, B, ...), so that
# both are measured side by side on the same machine in one session; prints one JSON line per run.
#   scripts/bench-compare.sh OLD.jar NEW.jar [ROUNDS] [OUT_DIR]
# Each jar is run as bin/cqkd runs it (same JVM options, cqkd.home = this checkout, for the npm peer).
# A refactoring that must not change behaviour should show the same figures within run-to-run noise.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD.jar NEW.jar [ROUNDS] [OUT_DIR]" >&2; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OLD="$1"; NEW="$2"; ROUNDS="${3:-2}"; OUT="${4:-$ROOT/target/bench-compare}"
mkdir -p "$OUT"
JAVA_OPTS=(${CQKD_JAVA_OPTS:--Xmx4g -XX:+UseParallelGC})

COMMANDS=(
  "scale-test lookup --mode sim --workers 10000 --lookups 2000 --json"
  "scale-test lookup --mode udp --workers 1000 --lookups 1000 --json"
  "scale-test bootstrap --workers 1000 --peer bittorrent-dht --runs 3 --json"
  "scale-test tiers --workers 500 --json"
  "scale-test tiers --workers 500 --mode udp --json"
  "scale-test tiers --workers 500 --kill-bootstrap 3 --json"
  "scale-test ports --workers 1000 --occupied 100 --json"
)

for command in "${COMMANDS[@]}"; do
  name="$(echo "$command" | tr ' ' '_' | tr -d '-')"
  for round in $(seq 1 "$ROUNDS"); do
    for build in old new; do
      jar="$OLD"; [ "$build" = new ] && jar="$NEW"
      file="$OUT/${name}.${build}.${round}.json"
      # shellcheck disable=SC2086
      java "${JAVA_OPTS[@]}" -Dcqkd.home="$ROOT" -jar "$jar" $command > "$file" 2> "$OUT/${name}.${build}.${round}.err" || true
      echo "{\"build\":\"$build\",\"round\":$round,\"command\":\"$command\",\"result\":$(tail -1 "$file")}"
    done
  done
done
