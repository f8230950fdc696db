#!/bin/bash
# Run once by the postgres image when it initialises an empty data directory
# (/docker-entrypoint-initdb.d, deploy/compose.yaml): the gateway's own role and database (the
# gateway does not connect as the superuser), a replication role that pg_hba.conf admits over
# the network, and the physical replication slot the read replica streams from.
set -e
: "${MEANDER_DB_PASSWORD:?the gateway role's password}"
: "${REPLICATION_PASSWORD:?the replication role's password}"
REPLICATION_USER=${REPLICATION_USER:-replicator}
REPLICATION_SLOT=${REPLICATION_SLOT:-replica_1}

# Each statement in its own transaction (CREATE DATABASE cannot run inside one); the values
# go in as psql variables, quoted by psql, never pasted into the SQL text.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v app_password="$MEANDER_DB_PASSWORD" \
  -v repl_user="$REPLICATION_USER" \
  -v repl_password="$REPLICATION_PASSWORD" \
  -v slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE meander LOGIN PASSWORD :'app_password';
-- The owner may create tables in its database's public schema (migrations need it).
CREATE DATABASE meander OWNER meander;
CREATE ROLE :"repl_user" WITH REPLICATION LOGIN PASSWORD :'repl_password';
SELECT pg_create_physical_replication_slot(:'slot');
SQL

# Replication connections match no `all` database line: they need one of their own. The
# image has already added `host all all all scram-sha-256` for ordinary connections.
echo "host replication ${REPLICATION_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
