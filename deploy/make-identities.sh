#!/usr/bin/env bash
# Makes Alice's and Bob's identity keys (once; existing ones are kept) in deploy/identities/, and
# writes their public keys to deploy/.env, where docker compose reads ALICE_PUBLIC_KEY and
# BOB_PUBLIC_KEY. Needs the built jar (mvn -B -q package -DskipTests).
set -euo pipefail
DEPLOY="$(cd "$(dirname "$0")" && pwd)"
C="$DEPLOY/../bin/cqkd"
mkdir -p "$DEPLOY/identities"
ALICE=$("$C" identity "$DEPLOY/identities/alice.identity")
BOB=$("$C" identity "$DEPLOY/identities/bob.identity")
# The containers run as uid 10001 and compose's file secrets keep the host file's mode: the files are
# readable, the directory (which the mount bypasses) is closed to every other user of the host.
chmod 0700 "$DEPLOY/identities"
chmod 0644 "$DEPLOY/identities/alice.identity" "$DEPLOY/identities/bob.identity"
ENV_FILE="$DEPLOY/.env"
touch "$ENV_FILE"
grep -v -E '^(ALICE|BOB)_PUBLIC_KEY=' "$ENV_FILE" > "$ENV_FILE.tmp" || true
printf 'ALICE_PUBLIC_KEY=%s\nBOB_PUBLIC_KEY=%s\n' "$ALICE" "$BOB" >> "$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"
echo "Alice: $ALICE"
echo "Bob:   $BOB"
echo "written to $ENV_FILE; keep deploy/identities/ private (it holds both private keys)"
