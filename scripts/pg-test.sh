#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests (Debian's postgresql package), on a unix
# socket only (no TCP port), and prints the connection URL the tests read:
#   export FAZHI_TEST_PG_URL="$(bash scripts/pg-test.sh)"
# Safe to run again: an already running cluster is reused. Stop it with scripts/pg-test.sh stop.
set -euo pipefail
base="${FAZHI_PG_DIR:-/tmp/fazhi-pg}"
port="${FAZHI_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ]; then echo "未找到 PostgreSQL（sudo apt-get install -y postgresql）" >&2; exit 1; fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then as_pg "$bin/pg_ctl" -D "$base/data" -m fast stop >/dev/null 2>&1 || true; exit 0; fi
mkdir -p "$base/sock"
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$base"; fi
if [ ! -f "$base/data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$base/data" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres >"$base/initdb.log" 2>&1
fi
if ! as_pg "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w \
    -o "-k $base/sock -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
as_pg "$bin/psql" -h "$base/sock" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='fazhi_test'" | grep -q 1 ||
  as_pg "$bin/createdb" -h "$base/sock" -p "$port" -U postgres fazhi_test
echo "postgresql://postgres@localhost/fazhi_test?host=$base/sock&port=$port"
