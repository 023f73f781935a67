#!/usr/bin/env bash
# The operators' experiment: a network of separate role processes on this host (one bootstrap, two
# worker processes, Bob, Alice), keys before and after one worker process is killed with SIGKILL.
#
#   scripts/kill-worker-process.sh [KEYS_AFTER] [WORKERS_A] [WORKERS_B] [KEY_BITS]
#
# Flags come from the environment as usual (ENABLE_ADAPTIVE_KADEMLIA=false ...). Prints one line per
# key (duration ms, aborted, restarts, error) — three before the kill, the one in flight when it lands,
# KEYS_AFTER after it — then Alice's RPC failure counters. Each process gets its own
# UDP, metrics and admin ports (base PORT_BASE, default 16800); every process started is stopped by
# its PID on exit. Logs and metrics stay in WORK_DIR (default a fresh temp directory).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEYS_AFTER=${1:-5}
WORKERS_A=${2:-2400}
WORKERS_B=${3:-600}
KEY_BITS=${4:-8}
P=${PORT_BASE:-16800}
WORK_DIR=${WORK_DIR:-$(mktemp -d /tmp/cqkd-kill.XXXXXX)}
mkdir -p "$WORK_DIR"
export CQKD_JAVA_OPTS=${CQKD_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}
C="$ROOT/bin/cqkd"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start() { # name, then env assignments and the role's arguments
  local name=$1; shift
  env "$@" > "$WORK_DIR/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK_DIR/$name.pid"
}
SEED=127.0.0.1:$P
RANGE=$((P+100))-$((P+199+WORKERS_A+WORKERS_B)) # the workers' ports, with room to spare
start bootstrap BOOTSTRAP_NODES= DHT_PORT=$P METRICS_PORT=$((P+1)) ADMIN_PORT=$((P+2)) "$C" bootstrap
sleep 2
start workers-a BOOTSTRAP_NODES=$SEED PORT_RANGE=$RANGE DHT_PORT=$((P+100)) METRICS_PORT=$((P+3)) ADMIN_PORT=$((P+4)) WORKER_ID=1 \
  "$C" worker --count "$WORKERS_A"
start workers-b BOOTSTRAP_NODES=$SEED PORT_RANGE=$RANGE DHT_PORT=$((P+100+WORKERS_A)) METRICS_PORT=$((P+5)) ADMIN_PORT=$((P+6)) \
  WORKER_ID=$((WORKERS_A+1)) "$C" worker --count "$WORKERS_B"
# Alice's and Bob's identities (their channel is signed), each told the other's public key.
ALICE_KEY=$("$C" identity "$WORK_DIR/alice.identity")
BOB_KEY=$("$C" identity "$WORK_DIR/bob.identity")
start bob BOOTSTRAP_NODES=$SEED DHT_PORT=$((P+10)) METRICS_PORT=$((P+7)) ADMIN_PORT=$((P+8)) \
  IDENTITY_KEY_FILE="$WORK_DIR/bob.identity" ALICE_PUBLIC_KEY="$ALICE_KEY" "$C" bob
start alice BOOTSTRAP_NODES=$SEED DHT_PORT=$((P+11)) METRICS_PORT=$((P+9)) ADMIN_PORT=$((P+12)) \
  IDENTITY_KEY_FILE="$WORK_DIR/alice.identity" BOB_PUBLIC_KEY="$BOB_KEY" \
  BOB_NODE=127.0.0.1:$((P+10)) ALICE_API_PORT=$((P+13)) "$C" alice

for _ in $(seq 1 120); do
  ready=0
  for port in $((P+1)) $((P+3)) $((P+5)) $((P+7)) $((P+9)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/ready")" == 200 ]] && ready=$((ready+1))
  done
  [[ $ready == 5 ]] && break
  sleep 1
done
[[ $ready == 5 ]] || { echo "only $ready of 5 processes ready after 120 s; logs in $WORK_DIR" >&2; exit 1; }
sleep 3

key() {
  curl -s -X POST "localhost:$((P+13))/generate-key" -d "{\"desired_key_length\": $KEY_BITS}" | python3 -c '
import json, sys
text = sys.stdin.read()
try:
    d = json.loads(text)
    print(d.get("duration_ms"), d.get("aborted"), "restarts=%s" % d.get("restarts", 0), d.get("error") or "")
except ValueError:
    print("no answer from Alice:", text[:200] or "(empty; is she still running? see alice.log)")'
}
echo "before the kill:"
for _ in 1 2 3; do key; done
# The kill lands while a key is in flight: KILL_AFTER_MS after its request (default 100 ms, about a
# quarter of an 8-bit key's time here; recruiting is done by then and the roles are at work).
key > "$WORK_DIR/in-flight.key" &
KEY_PID=$!
sleep "$(awk "BEGIN { print ${KILL_AFTER_MS:-100} / 1000 }")"
kill -9 "$(cat "$WORK_DIR/workers-b.pid")"
wait "$KEY_PID" || true
echo "in flight at the SIGKILL of the $WORKERS_B-worker process:"
cat "$WORK_DIR/in-flight.key"
echo "after it:"
for _ in $(seq 1 "$KEYS_AFTER"); do key; done
curl -s "localhost:$((P+9))/metrics" > "$WORK_DIR/alice.metrics"
grep -E '^cqkd_rpc_(failed|false_timeouts)_total' "$WORK_DIR/alice.metrics" | grep -v ' 0.0$' || true
echo "logs and metrics in $WORK_DIR"
