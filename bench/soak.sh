#!/usr/bin/env bash
# Soak and fault harness (RELIABILITY.md). Loopback only, bounded in time, cleans up after
# itself. It starts its own PostgreSQL cluster and gateway, then:
#
#   1. soak: MINUTES of mixed load (meander-bench soak) at CONCURRENCY clients, the server's
#      RSS, sockets and database backends sampled every 5 s, PostgreSQL restarted
#      (pg_ctl restart -m fast) half-way;
#   2. crash: coordinators send bulk registrations while the gateway is killed with SIGKILL
#      KILLS times and restarted; then every acknowledged batch must be in the database whole,
#      no batch half written, every organization's audit chain intact (meander-bench
#      verify-bulk).
#
#   bench/soak.sh [LABEL]
#
# Env: MINUTES (10), CONCURRENCY (32), SCALE (small), KILLS (3), PORT (18490), PGPORT (55490),
#      PG_BIN (the newest /usr/lib/postgresql/*/bin), SERVER (target/release/meander-gateway),
#      BENCH (target/debug/meander-bench), OUT (bench/reliability.jsonl), KEEP (keep the work
#      directory: timeline, server log), STEPS_DOWN (roll back the newest N migrations after
#      generating, for a SERVER built before them; CLI is the binary that does it).
# As root, PostgreSQL runs as the `postgres` user (initdb refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
LABEL=${1:-soak}
MINUTES=${MINUTES:-10}
CONCURRENCY=${CONCURRENCY:-32}
SCALE=${SCALE:-small}
KILLS=${KILLS:-3}
PORT=${PORT:-18490}
PGPORT=${PGPORT:-55490}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
SERVER=${SERVER:-target/release/meander-gateway}
BENCH=${BENCH:-target/debug/meander-bench}
OUT=${OUT:-bench/reliability.jsonl}

WORK=$(mktemp -d /tmp/meander-soak.XXXXXX)
chmod 755 "$WORK"
PGDATA="$WORK/pg"
DB_URL="postgres://postgres@127.0.0.1:$PGPORT/meander_soak"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "== PostgreSQL on 127.0.0.1:$PGPORT ($PG_BIN)"
mkdir -p "$PGDATA"
[ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c max_connections=200" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres meander_soak
echo "== data set ($SCALE)"
"$BENCH" generate --database-url "$DB_URL" --scale "$SCALE" --seed 42 >/dev/null
if [ "${STEPS_DOWN:-0}" -gt 0 ]; then
  # The generator migrates with the newest migrations; a server built before some of them
  # refuses that database, so they are rolled back (with the current code's CLI).
  echo "== rolling back the newest $STEPS_DOWN migration(s) for an older server"
  "${CLI:-target/debug/meander-gateway}" --database-url "$DB_URL" migrate down --steps "$STEPS_DOWN" >/dev/null
fi

start_server() {
  MEANDER__DATABASE__URL="$DB_URL" \
  MEANDER__DATABASE__SEED_DEMO=false \
  MEANDER__DATABASE__ACQUIRE_TIMEOUT_MS=2000 \
  MEANDER__RATE_LIMIT__ENABLED=false \
  MEANDER__JOBS__ENABLED=false \
  MEANDER__LOG__LEVEL=warn \
    "$SERVER" serve --bind "127.0.0.1:$PORT" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server did not become ready" >&2
  tail -20 "$WORK/server.log" >&2
  exit 1
}

echo "== soak: $MINUTES min, $CONCURRENCY clients, PostgreSQL restarted half-way"
start_server
SECONDS_TOTAL=$((MINUTES * 60))
"$BENCH" soak --url "http://127.0.0.1:$PORT" --duration "$SECONDS_TOTAL" --warmup 30 \
  --concurrency "$CONCURRENCY" --server-pid "$SERVER_PID" --database-url "$DB_URL" \
  --fault-at $((SECONDS_TOTAL / 2)) \
  --fault-cmd "$( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ')$PG_BIN/pg_ctl -D $PGDATA -m fast -w restart >/dev/null" \
  --timeline "$WORK/timeline.json" | tee "$WORK/soak.json"

echo "== crash: bulk registrations, gateway killed with SIGKILL $KILLS times"
ACKED="$WORK/acked.txt"
: >"$ACKED"
"$BENCH" bulk --url "http://127.0.0.1:$PORT" --duration $((KILLS * 20 + 20)) --concurrency 8 \
  --acked "$ACKED" >"$WORK/bulk.json" &
BULK_PID=$!
for _ in $(seq 1 "$KILLS"); do
  sleep $((8 + RANDOM % 8))
  before=$(wc -l <"$ACKED")
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  echo "   killed after $before acknowledged batches"
  sleep 1
  start_server
done
wait "$BULK_PID"
cat "$WORK/bulk.json"
"$BENCH" verify-bulk --database-url "$DB_URL" --acked "$ACKED" | tee "$WORK/verify.json" || echo "== verification FAILED"

python3 - "$WORK" "$LABEL" "$MINUTES" "$CONCURRENCY" "$SCALE" "$KILLS" "$OUT" <<'EOF'
import json, subprocess, sys, datetime
work, label, minutes, conc, scale, kills, out = sys.argv[1:]
line = {
    "label": label,
    "date": datetime.date.today().isoformat(),
    "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "minutes": int(minutes), "concurrency": int(conc), "scale": scale, "kills": int(kills),
    "soak": json.load(open(f"{work}/soak.json")),
    "bulk": json.load(open(f"{work}/bulk.json")),
    "verify": json.load(open(f"{work}/verify.json")),
}
with open(out, "a") as f:
    f.write(json.dumps(line) + "\n")
print(f"appended to {out}")
EOF
