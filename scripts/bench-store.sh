#!/usr/bin/env bash
# The message store benchmark (docs/benchmarks.md): starts a throwaway PostgreSQL from Debian's
# binaries (installed with apt-get when missing and run as root) with the durable defaults, fsync and synchronous_commit on,
# on 127.0.0.1, runs adapters-persistence's StoreBenchmark against it (with group commit, then
# without), and removes the server again. Arguments go to the benchmark, for example
#   scripts/bench-store.sh --senders 1000 --seconds 60 --modes group
# With GATEWAY_TEST_DB_URL set, that server is used instead and nothing is started.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

started=""
if [ -z "${GATEWAY_TEST_DB_URL:-}" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if { [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench-store: installing Debian's PostgreSQL (apt-get install postgresql) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "bench-store: no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)," >&2
    echo "             or point GATEWAY_TEST_DB_URL at a server" >&2
    exit 1
  fi
  dir=$(mktemp -d /tmp/bench-store-pg.XXXXXX)
  port=${BENCH_PG_PORT:-55499}
  as_server=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres "$dir"
    as_server=(runuser -u postgres --)
  fi
  "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" start >/dev/null
  started="$dir"
  stop() {
    "${as_server[@]}" "$bin/pg_ctl" -D "$started/data" -m fast stop >/dev/null || true
    rm -rf "$started"
  }
  trap stop EXIT
  export GATEWAY_TEST_DB_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
  export GATEWAY_TEST_DB_USER=postgres
  echo "bench-store: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $dir on port $port (initdb defaults)"
fi

mvn -B -ntp -q -pl adapters-persistence -am -Pbench -DskipTests test -Dbench.args="$*"
