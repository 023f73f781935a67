#!/usr/bin/env bash
# Restart-based rollback of one scaling phase in the docker-compose deployment:
#   scripts/rollback.sh <phase 1-5> [--undo] [--dry-run] [--env-file FILE]
# Sets the phase's ENABLE_* flag to false (--undo: back to true) in deploy/.env, which
# docker compose reads, then recreates the CQKD containers so that they start with it.
# Every container logs event=flag-set ... via=restart and counts cqkd_flag_flips_total{via="restart"}.
set -euo pipefail

usage() {
  echo "usage: $0 <phase 1-5> [--undo] [--dry-run] [--env-file FILE]" >&2
  echo "  1 ENABLE_DYNAMIC_PORTS  2 ENABLE_MULTI_LEVEL_BOOTSTRAP  3 ENABLE_ADAPTIVE_KADEMLIA" >&2
  echo "  4 ENABLE_HEALTH_CHECK   5 ENABLE_ADAPTIVE_REFRESH" >&2
  exit 2
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMPOSE_FILE="$ROOT/deploy/docker-compose.yml"
ENV_FILE="$ROOT/deploy/.env"
VALUE=false
DRY_RUN=0
[ $# -ge 1 ] || usage
PHASE="$1"; shift
while [ $# -gt 0 ]; do
  case "$1" in
    --undo) VALUE=true ;;
    --dry-run) DRY_RUN=1 ;;
    --env-file) ENV_FILE="$2"; shift ;;
    *) usage ;;
  esac
  shift
done

case "$PHASE" in
  1) FLAG=ENABLE_DYNAMIC_PORTS ;;
  2) FLAG=ENABLE_MULTI_LEVEL_BOOTSTRAP ;;
  3) FLAG=ENABLE_ADAPTIVE_KADEMLIA ;;
  4) FLAG=ENABLE_HEALTH_CHECK ;;
  5) FLAG=ENABLE_ADAPTIVE_REFRESH ;;
  *) echo "rollback: phase must be 1 to 5, got '$PHASE'" >&2; usage ;;
esac

touch "$ENV_FILE"
if grep -q "^${FLAG}=" "$ENV_FILE"; then
  sed -i "s/^${FLAG}=.*/${FLAG}=${VALUE}/" "$ENV_FILE"
else
  echo "${FLAG}=${VALUE}" >> "$ENV_FILE"
fi
echo "rollback: phase ${PHASE}: ${FLAG}=${VALUE} written to ${ENV_FILE}"

COMMAND=(docker compose -f "$COMPOSE_FILE" --env-file "$ENV_FILE" up -d --no-deps --force-recreate
         sb-primary sb-secondary worker alice bob)
if [ "$DRY_RUN" = 1 ]; then
  echo "rollback: would run: ${COMMAND[*]}"
  exit 0
fi
"${COMMAND[@]}"
echo "rollback: containers recreated; check: curl -s localhost:9090/api/v1/query?query=cqkd_feature_enabled"
