#!/usr/bin/env bash
# Start a local PostgreSQL (Debian's cluster, loopback only) with a `reportqa` role and database,
# for the backend tests. Prints the URL. Idempotent.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq postgresql) >/dev/null 2>&1
fi
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    pg_createcluster "$version" main >/dev/null
    cluster="$version main"
fi
# shellcheck disable=SC2086
pg_ctlcluster $cluster start >/dev/null 2>&1 || true
port=$(pg_lsclusters -h | awk 'NR==1 {print $3}')
as_postgres() { su postgres -c "$1"; }
as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='reportqa'\"" | grep -q 1 \
    || as_postgres "psql -p $port -qc \"CREATE ROLE reportqa LOGIN PASSWORD 'reportqa' CREATEDB\""
as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='reportqa'\"" | grep -q 1 \
    || as_postgres "createdb -p $port -O reportqa reportqa"
echo "postgresql+psycopg://reportqa:reportqa@127.0.0.1:$port/reportqa"
