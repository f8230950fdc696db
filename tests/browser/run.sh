#!/usr/bin/env bash
# The browser check of the embedded GraphiQL, as CI runs it: installs Chromium (Debian package)
# and puppeteer-core (pinned in package-lock.json) if missing, starts the gateway with demo data
# on a fresh SQLite file, and runs graphiql.js against it. Where the machine allows it (root, or
# unprivileged user namespaces), gateway and browser run in a network namespace of their own
# with only loopback: the IDE must work with no network at all.
#
#   tests/browser/run.sh [screenshot.png]   (default target/artifacts/graphiql.png)
#   GATEWAY_BIN=path/to/meander-gateway     (default target/debug/meander-gateway)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shot=$(realpath -m "${1:-$root/target/artifacts/graphiql.png}")
bin=$(realpath -m "${GATEWAY_BIN:-$root/target/debug/meander-gateway}")

if [ "${MEANDER_BROWSER_INNER:-}" != 1 ]; then
  [ -x "$bin" ] || { echo "no gateway binary at $bin (cargo build first)" >&2; exit 1; }
  if ! command -v chromium >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y --no-install-recommends chromium
  fi
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$(dirname "$shot")"
  if unshare --net --map-root-user true 2>/dev/null; then
    echo "== in a network namespace with loopback only"
    exec unshare --net --map-root-user env MEANDER_BROWSER_INNER=1 GATEWAY_BIN="$bin" \
      bash -c 'ip link set lo up && exec "$0" "$1"' "$0" "$shot"
  fi
  echo "== no network namespace here: the page's requests are still checked to stay on the gateway"
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MEANDER_CONFIG_DIR="$work" MEANDER__DATABASE__URL="sqlite://$work/meander.sqlite?mode=rwc" \
  MEANDER__LOG__LEVEL=warn "$bin" serve --bind "127.0.0.1:$port" > "$work/gateway.log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true; wait $gateway 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  kill -0 $gateway 2>/dev/null || { cat "$work/gateway.log" >&2; exit 1; }
  sleep 0.1
done
node "$here/graphiql.js" "http://127.0.0.1:$port" "$shot" "$(command -v chromium)"
