#!/usr/bin/env bash
# Starts a PostgreSQL cluster for the tests on loopback only, as the postgres user (PostgreSQL
# refuses to run as root), with an ordinary role `gopy` owning the database `gopy_test`: the portal
# and its migrations need no superuser rights. Idempotent: run it again and it leaves what exists.
# Prints the URL to export as TEST_DATABASE_URL.
#
#   PG_VERSION (default: the newest installed), PG_CLUSTER (gopy), PG_PORT (5433)
set -euo pipefail

PG_CLUSTER="${PG_CLUSTER:-gopy}"
PG_PORT="${PG_PORT:-5433}"
if [ -z "${PG_VERSION:-}" ]; then
  PG_VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
fi

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  # Loopback only; a throwaway test cluster need not survive a power cut, so no fsync.
  cat >"/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/gopy-test.conf" <<'CONF'
listen_addresses = '127.0.0.1'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

psql_admin() { as_postgres psql -X -q -p "$PG_PORT" -v ON_ERROR_STOP=1 "$@"; }
if [ "$(psql_admin -tAc "select 1 from pg_roles where rolname = 'gopy'")" != "1" ]; then
  psql_admin -c "create role gopy login password 'gopy'"
fi
if [ "$(psql_admin -tAc "select 1 from pg_database where datname = 'gopy_test'")" != "1" ]; then
  as_postgres createdb -p "$PG_PORT" -O gopy gopy_test
fi

echo "postgres://gopy:gopy@127.0.0.1:${PG_PORT}/gopy_test"
