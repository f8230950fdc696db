#!/usr/bin/env bash
# Composition check with Apollo's own tooling: starts the gateway binary on a fresh SQLite file
# with the demo data, composes its subgraph SDL (`_service { sdl }`) with a second subgraph into
# a supergraph, serves that with @apollo/gateway and queries across both (supergraph.mjs).
# Exits non-zero on any failure; stops every process it started.
#
#   GATEWAY_BIN   the server binary (default: the workspace's target/debug/meander-gateway)
#   NPM_CI=0      skip `npm ci` when node_modules is already installed from package-lock.json
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${GATEWAY_BIN:-$root/target/debug/meander-gateway}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "no gateway binary at $bin (cargo build, or set GATEWAY_BIN)" >&2; exit 1; }

work="$(mktemp -d /tmp/meander-federation.XXXXXX)"
gateway_pid=""
cleanup() {
  status=$?
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/gateway.log" ]; then
    echo "--- gateway output" >&2
    tail -n 40 "$work/gateway.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

if [ "${NPM_CI:-1}" != 0 ] || [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# The development profile (no configuration): demo data, introspection on. Port 0 picks a free
# port; the server prints it. Its working directory is the scratch folder, so no `data/` or
# `config/` of the repository is used.
(
  cd "$work"
  export MEANDER__DATABASE__URL="sqlite://$work/meander.sqlite?mode=rwc"
  export MEANDER__SERVER__BIND="127.0.0.1:0"
  export MEANDER__LOG__LEVEL="warn"
  exec "$bin"
) >"$work/gateway.log" 2>&1 &
gateway_pid=$!

# The address is printed once the port is bound; supergraph.mjs waits for /readyz.
base=""
for _ in $(seq 1 600); do
  kill -0 "$gateway_pid" 2>/dev/null || { echo "the gateway exited" >&2; exit 1; }
  line="$(grep -m1 -o 'GraphiQL: http://[^/]*' "$work/gateway.log" || true)"
  if [ -n "$line" ]; then
    base="${line#GraphiQL: }"
    break
  fi
  sleep 0.1
done
[ -n "$base" ] || { echo "the gateway printed no address within 60 s" >&2; exit 1; }

# The SDL the command line prints must be the one the server answers (compared by the script).
(cd "$work" && "$bin" schema --federation) >"$work/cli.graphql"

cd "$here"
MEANDER_URL="$base" CLI_SDL="$work/cli.graphql" timeout 300 node supergraph.mjs
