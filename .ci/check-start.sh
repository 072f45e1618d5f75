#!/usr/bin/env bash
# Starts the app as the README says (no DATABASE_URL: embedded PGlite + PostGIS in a fresh DATA_DIR), waits for
# /api/health, and checks that the reference street is served: 9 / 65 / 1,360 grids and the map page.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=3917
log="$data/server.log"
# setsid: the server runs in its own process group, so pnpm, tsx and node all stop together.
setsid env -u DATABASE_URL DATA_DIR="$data" PORT="$port" HOST=127.0.0.1 pnpm start >"$log" 2>&1 &
pid=$!
cleanup() { kill -- "-$pid" 2>/dev/null || true; sleep 1; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 180); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server exited"; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/api/health"; echo
grep -q 'EMBEDDED' "$log" || { cat "$log"; echo "no embedded-database log line"; exit 1; }
# The grid API needs a signed-in user: the demo manager, seeded on first start with the README's password.
jar="$data/cookies"
curl -fsS -c "$jar" -H 'content-type: application/json' -d '{"phone":"13800000005","password":"Wangge@2026"}' \
  "http://127.0.0.1:$port/api/auth/login" >/dev/null
for pair in 1:9 2:65 3:1360; do
  level=${pair%%:*}; want=${pair##*:}
  got=$(curl -fsS -b "$jar" "http://127.0.0.1:$port/api/grids?level=$level" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).features.length))')
  echo "level $level: $got grids"
  [ "$got" = "$want" ] || { echo "expected $want"; exit 1; }
done
curl -fsS -H 'accept: text/html' "http://127.0.0.1:$port/" | grep -q '<div id="root"' || { echo "map page not served"; exit 1; }
echo "start check passed"
