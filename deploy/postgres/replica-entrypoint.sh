#!/bin/bash
# Entrypoint of the read replica (deploy/compose.yaml). On the first start, with an empty data
# directory, it clones the primary with pg_basebackup: streaming the WAL alongside (-X stream),
# from the primary's replication slot (-S), writing standby.signal and primary_conninfo (-R) so
# the server starts as a hot standby that keeps streaming. Then it hands over to the image's
# own entrypoint, which finds the data directory initialised and starts the server.
set -euo pipefail
: "${PRIMARY_HOST:?the primary's host name}"
: "${REPLICATION_PASSWORD:?the replication role's password}"
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICATION_USER=${REPLICATION_USER:-replicator}
REPLICATION_SLOT=${REPLICATION_SLOT:-replica_1}
PGDATA=${PGDATA:?}

# Started as root: prepare the directory, then go on as the postgres user.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  exec gosu postgres bash "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
    echo "waiting for the primary at ${PRIMARY_HOST}:${PRIMARY_PORT}" >&2
    sleep 2
  done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup \
    --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" \
    --pgdata="$PGDATA" --wal-method=stream --slot="$REPLICATION_SLOT" \
    --write-recovery-conf --checkpoint=fast --no-password
  chmod 0700 "$PGDATA"
fi

exec docker-entrypoint.sh "$@"
