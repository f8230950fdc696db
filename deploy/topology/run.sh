#!/usr/bin/env bash
# A replicated deployment of the gateway on loopback, and checks of what its replicas promise each
# other (README "Replicas"): a PostgreSQL 15 primary and a streaming replica, three gateway
# processes, nginx in front; optionally PgBouncer between the gateways and the primary.
# Everything listens on 127.0.0.1 on free ports, lives in one temporary directory and is stopped
# on exit. The driver (driver.mjs) prints the figures and fails when a claim does not hold.
#
#   deploy/topology/run.sh [--pgbouncer [--pool-mode MODE]] [--trials N] [--lag-ms MS]
#                          [--statement-cache N] [--keep]
#
#   --pgbouncer          the gateways' pool goes through PgBouncer; their cluster listener keeps a
#                        direct connection (database.listen_url). In transaction mode PgBouncer
#                        1.18 (Debian 12) stops the gateways at start-up (README "Replicas")
#   --pool-mode MODE     PgBouncer's pool_mode: transaction (default) or session
#   --trials N           trials of the latency checks (default 20)
#   --lag-ms MS          the replica applies the primary's commits this late (recovery_min_apply_delay,
#                        default 1000): a lag the read-your-writes check can see
#   --statement-cache N  appended to the gateways' primary URL as statement-cache-capacity=N
#   --keep               leave the temporary directory (logs, configurations) in place
#
# Environment: GATEWAY_BIN (default: target/debug/meander-gateway of this workspace),
# PG_BIN (default /usr/lib/postgresql/15/bin). Needs node (>= 18), nginx and, with --pgbouncer,
# pgbouncer; as root the two are installed with apt-get when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
GATEWAY_BIN="${GATEWAY_BIN:-$root/target/debug/meander-gateway}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
pgbouncer=0 pool_mode=transaction trials=20 lag_ms=1000 statement_cache="" keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --pgbouncer) pgbouncer=1 ;;
        --pool-mode) pool_mode="$2"; shift ;;
        --trials) trials="$2"; shift ;;
        --lag-ms) lag_ms="$2"; shift ;;
        --statement-cache) statement_cache="$2"; shift ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,23p' "$0" | cut -c3-; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

case "$pool_mode" in transaction|session) ;; *) echo "run.sh: --pool-mode is transaction or session" >&2; exit 2 ;; esac

say() { printf '[topology] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$GATEWAY_BIN" ] || die "no gateway binary at $GATEWAY_BIN (cargo build, or set GATEWAY_BIN)"
[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL binaries in $PG_BIN (set PG_BIN)"
command -v node >/dev/null || die "node is needed for the driver"
command -v curl >/dev/null || die "curl is needed"
need_package() { # command, Debian package
    command -v "$1" >/dev/null && return
    [ -x "/usr/sbin/$1" ] && return
    [ "$(id -u)" = 0 ] || die "$1 is missing (apt-get install -y $2)"
    say "installing $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null
}
need_package nginx nginx
[ "$pgbouncer" = 1 ] && need_package pgbouncer pgbouncer
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
PGBOUNCER="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
if [ ! -d "$here/node_modules/graphql-ws" ]; then
    say "npm ci (driver dependencies)"
    (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
fi

# PostgreSQL and PgBouncer refuse to run as root: as root they run as postgres.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

tmp="$(mktemp -d /tmp/meander-topology.XXXXXX)"
chmod 755 "$tmp"
mkdir -p "$tmp/pg" "$tmp/nginx" "$tmp/pgbouncer"
[ "$(id -u)" = 0 ] && chown postgres "$tmp/pg" "$tmp/pgbouncer"
gateway_pids=()

teardown() {
    local status=$?
    trap - EXIT INT TERM
    say "stopping"
    for pid in "${gateway_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${gateway_pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    [ -f "$tmp/nginx/nginx.pid" ] && kill -QUIT "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null || true
    [ -f "$tmp/pgbouncer/pgbouncer.pid" ] && kill "$(cat "$tmp/pgbouncer/pgbouncer.pid")" 2>/dev/null || true
    for node in replica primary; do
        [ -f "$tmp/pg/$node/postmaster.pid" ] &&
            as_postgres "$PG_BIN/pg_ctl" -D "$tmp/pg/$node" -m immediate -w stop >/dev/null 2>&1 || true
    done
    if [ "$keep" = 1 ] || [ "$status" != 0 ]; then
        say "logs and configurations kept in $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL: a primary and a streaming replica ------------------------------------------
pg_port="$(free_port)" replica_port="$(free_port)"
say "PostgreSQL primary on $pg_port"
as_postgres "$PG_BIN/initdb" -D "$tmp/pg/primary" -U postgres -A trust -E UTF8 --no-sync >/dev/null
cat >>"$tmp/pg/primary/postgresql.conf" <<EOF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp/pg'
max_connections = 200
wal_level = replica
max_wal_senders = 4
EOF
as_postgres "$PG_BIN/pg_ctl" -D "$tmp/pg/primary" -l "$tmp/pg/primary.log" -w start >/dev/null
as_postgres "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
    -c "CREATE DATABASE meander" >/dev/null
say "replica (pg_basebackup -R) on $replica_port, applying commits ${lag_ms} ms late"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$pg_port" -U postgres \
    -D "$tmp/pg/replica" -R -X stream >/dev/null
cat >>"$tmp/pg/replica/postgresql.conf" <<EOF
port = $replica_port
recovery_min_apply_delay = '${lag_ms}ms'
EOF
as_postgres "$PG_BIN/pg_ctl" -D "$tmp/pg/replica" -l "$tmp/pg/replica.log" -w start >/dev/null
primary_url="postgres://postgres@127.0.0.1:$pg_port/meander"
replica_url="postgres://postgres@127.0.0.1:$replica_port/meander"

# --- PgBouncer (optional): transaction pooling in front of the primary ----------------------
pool_url="$primary_url"
if [ "$pgbouncer" = 1 ]; then
    pgb_port="$(free_port)"
    say "PgBouncer $("$PGBOUNCER" --version | head -1 | awk '{print $2}') ($pool_mode mode) on $pgb_port"
    echo '"postgres" ""' >"$tmp/pgbouncer/users.txt"
    cat >"$tmp/pgbouncer/pgbouncer.ini" <<EOF
[databases]
meander = host=127.0.0.1 port=$pg_port dbname=meander
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pgb_port
unix_socket_dir =
auth_type = trust
auth_file = $tmp/pgbouncer/users.txt
pool_mode = $pool_mode
; 3 gateways x database.max_connections (10): in session mode each holds a server connection.
max_client_conn = 200
default_pool_size = 40
; sqlx sends it at start-up; PgBouncer 1.18 does not track it.
ignore_startup_parameters = extra_float_digits
logfile = $tmp/pgbouncer/pgbouncer.log
pidfile = $tmp/pgbouncer/pgbouncer.pid
EOF
    [ "$(id -u)" = 0 ] && chown postgres "$tmp/pgbouncer"/*
    as_postgres "$PGBOUNCER" -d "$tmp/pgbouncer/pgbouncer.ini"
    pool_url="postgres://postgres@127.0.0.1:$pgb_port/meander"
fi
if [ -n "$statement_cache" ]; then
    pool_url="$pool_url?statement-cache-capacity=$statement_cache"
fi

# --- three gateways -------------------------------------------------------------------------
# Short, so that each read-your-writes trial can start after the last one's window (a session
# is marked on every replica for this long), and still past the replica's lag.
read_your_writes=$(( (lag_ms + 999) / 1000 + 1 ))
jwt_secret="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
names=(A B C)
ports=() ops_ports=()
start_gateway() { # index, seed
    local i=$1 name=${names[$1]} port ops
    port="$(free_port)" ops="$(free_port)"
    ports[i]=$port ops_ports[i]=$ops
    env MEANDER_PROFILE=development \
        MEANDER__SERVER__BIND="127.0.0.1:$port" \
        MEANDER__SERVER__OPERATIONS_BIND="127.0.0.1:$ops" \
        MEANDER__DATABASE__URL="$pool_url" \
        MEANDER__DATABASE__LISTEN_URL="$primary_url" \
        MEANDER__DATABASE__REPLICA_URL="$replica_url" \
        MEANDER__DATABASE__SEED_DEMO="$2" \
        MEANDER__DATABASE__READ_YOUR_WRITES_SECONDS="$read_your_writes" \
        MEANDER__AUTH__JWT_SECRET="$jwt_secret" \
        MEANDER__AUTH__VIEWER_CACHE_SECONDS=300 \
        MEANDER__SUBSCRIPTIONS__POLL_INTERVAL_MS=600000 \
        MEANDER__RATE_LIMIT__CLIENT_IP_HEADER=x-forwarded-for \
        MEANDER__RATE_LIMIT__IP_REQUESTS_PER_MINUTE=1000000 \
        MEANDER__RATE_LIMIT__USER_REQUESTS_PER_MINUTE=1000000 \
        MEANDER__RATE_LIMIT__LOGIN_ATTEMPTS_PER_MINUTE_PER_IP=1000 \
        MEANDER__RATE_LIMIT__LOGIN_ATTEMPTS_PER_MINUTE_PER_ACCOUNT=5 \
        MEANDER__JOBS__ENABLED=false \
        MEANDER__LOG__FORMAT=json MEANDER__LOG__LEVEL=warn \
        "$GATEWAY_BIN" serve >"$tmp/gateway-$name.log" 2>&1 &
    gateway_pids[i]=$!
    # Not a job of this shell: the driver's kill -9 of one is not reported as a crash.
    disown "$!"
}
wait_ready() { # index
    local i=$1
    for _ in $(seq 1 600); do
        curl -fsS "http://127.0.0.1:${ops_ports[i]}/readyz" >/dev/null 2>&1 && return
        kill -0 "${gateway_pids[i]}" 2>/dev/null ||
            die "gateway ${names[i]} exited: $(tail -5 "$tmp/gateway-${names[i]}.log")"
        sleep 0.1
    done
    die "gateway ${names[i]} not ready after 60 s"
}
say "gateway A (migrates and seeds the demo data)"
start_gateway 0 true
wait_ready 0
say "gateways B and C"
start_gateway 1 false
start_gateway 2 false
wait_ready 1
wait_ready 2
say "waiting for the replica to have the seeded data"
for _ in $(seq 1 300); do
    lag="$(as_postgres "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c \
        "SELECT pg_current_wal_lsn() - replay_lsn FROM pg_stat_replication" 2>/dev/null || true)"
    [ "$lag" = 0 ] && break
    sleep 0.1
done

# --- nginx in front -------------------------------------------------------------------------
lb_port="$(free_port)"
say "nginx on $lb_port -> ${ports[*]}"
mkdir -p "$tmp/nginx/temp"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $tmp/nginx/access.log;
    client_body_temp_path $tmp/nginx/temp/body;
    proxy_temp_path $tmp/nginx/temp/proxy;
    fastcgi_temp_path $tmp/nginx/temp/fastcgi;
    uwsgi_temp_path $tmp/nginx/temp/uwsgi;
    scgi_temp_path $tmp/nginx/temp/scgi;
    upstream gateways {
        server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:${ports[2]} max_fails=1 fail_timeout=10s;
        keepalive 32;
    }
    map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
    server {
        listen 127.0.0.1:$lb_port;
        # Which gateway answered, for the driver's figures.
        add_header x-upstream \$upstream_addr always;
        proxy_http_version 1.1;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        # A request is tried on another gateway only when it could not be sent (connection
        # refused, a dead keepalive connection): a POST that reached a gateway is never sent twice
        # (no "non_idempotent" here), so a mutation cannot run on two replicas.
        proxy_next_upstream error timeout;
        location /graphql/ws {
            proxy_pass http://gateways;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_read_timeout 1h;
        }
        location / {
            proxy_pass http://gateways;
            proxy_set_header Connection "";
        }
    }
}
EOF
"$NGINX" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf"
for _ in $(seq 1 50); do
    curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' \
        "http://127.0.0.1:$lb_port/graphql" 2>/dev/null && break
    sleep 0.1
done

# --- the checks -----------------------------------------------------------------------------
say "driver"
set +e
env LB="http://127.0.0.1:$lb_port" \
    GATEWAYS="http://127.0.0.1:${ports[0]},http://127.0.0.1:${ports[1]},http://127.0.0.1:${ports[2]}" \
    GATEWAY_PIDS="${gateway_pids[*]}" TRIALS="$trials" LAG_MS="$lag_ms" \
    READ_YOUR_WRITES_SECONDS="$read_your_writes" \
    POOL="$([ "$pgbouncer" = 1 ] && echo "PgBouncer, $pool_mode mode" || echo "direct")" \
    node "$here/driver.mjs"
status=$?
set -e
for i in 0 1 2; do
    errors="$(grep -c '"level":"ERROR"' "$tmp/gateway-${names[i]}.log" || true)"
    [ "$errors" = 0 ] || say "gateway ${names[i]} logged $errors errors (kept in $tmp/gateway-${names[i]}.log)"
done
exit "$status"
