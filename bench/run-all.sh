#!/usr/bin/env bash
# Runs benchmark scenarios against a release server started here, one server per
# configuration, and appends one JSON line per run to $OUT (see BENCHMARKS.md).
#
#   bench/run-all.sh DATABASE_URL LABEL [LOADER_DELAY_MICROS] [SCENARIOS...]
#
# Env: PORT (default 18480), CONCURRENCY (32), DURATION (30), WARMUP (5),
#      OUT (bench/results.jsonl), SERVER (target/release/meander-gateway),
#      BENCH (target/release/meander-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
DB_URL=$1
LABEL=$2
DELAY=${3:-0}
shift 3 || shift $#
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(mobile-home review-queue admin-report write-mix deep-nesting)
PORT=${PORT:-18480}
OUT=${OUT:-bench/results.jsonl}
SERVER=${SERVER:-target/release/meander-gateway}
BENCH=${BENCH:-target/release/meander-bench}

MEANDER__DATABASE__URL="$DB_URL" \
MEANDER__DATABASE__SEED_DEMO=false \
MEANDER__RATE_LIMIT__ENABLED=false \
MEANDER__GRAPHQL__SQL_COUNT_HEADER=true \
MEANDER__GRAPHQL__LOADER_DELAY_MICROS="$DELAY" \
MEANDER__JOBS__ENABLED=false \
MEANDER__LOG__LEVEL=warn \
  "$SERVER" serve --bind "127.0.0.1:$PORT" >"/tmp/meander-bench-server-$PORT.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null && break
  sleep 0.3
done

for s in "${SCENARIOS[@]}"; do
  line=$("$BENCH" run --url "http://127.0.0.1:$PORT" --scenario "$s" \
    --concurrency "${CONCURRENCY:-32}" --duration "${DURATION:-30}" --warmup "${WARMUP:-5}" --json \
    --server-pid "$SERVER_PID")
  rss=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
  echo "{\"label\":\"$LABEL\",\"loader_delay_micros\":$DELAY,\"server_rss_kib\":$rss,\"run\":$line}" | tee -a "$OUT"
done
