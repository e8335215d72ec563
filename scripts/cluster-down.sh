#!/usr/bin/env bash
# Stops what scripts/cluster-up.sh started, by its pid files: HAProxy, the gateway instances (SIGTERM:
# they drain, closing their clients with 1001), Kafka, Redis, then PostgreSQL. Harmless when nothing
# runs. The data stays in the state directory for the next cluster-up.sh; --purge deletes it too.
#
#   scripts/cluster-down.sh            # the cluster of ./.cluster (or GATEWAY_CLUSTER_DIR)
#   scripts/cluster-down.sh --purge    # ... and delete the state directory
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tag=cluster-down
purge=false
case "${1:-}" in
  "") ;;
  --purge) purge=true ;;
  *)
    echo "usage: scripts/cluster-down.sh [--purge]" >&2
    exit 2
    ;;
esac
if [ ! -d "${GATEWAY_CLUSTER_DIR:-$repo/.cluster}" ]; then
  echo "$tag: no cluster state in ${GATEWAY_CLUSTER_DIR:-$repo/.cluster}: nothing to stop" >&2
  exit 0
fi
. scripts/cluster-common.sh
pg_tag=$tag
. scripts/embedded-postgres.sh

stop_piece haproxy 10
# Both at once: each drains within its GATEWAY_SHUTDOWN_TIMEOUT (10 s unless set otherwise).
stop_piece gateway-2 40 &
second=$!
stop_piece gateway-1 40
wait "$second"
stop_piece kafka 40
stop_piece redis 10

if [ -f "$state/cluster.env" ]; then
  pg_binaries=$(sed -n 's/^CLUSTER_PG_BINARIES=//p' "$state/cluster.env")
  pgdata=$(sed -n 's/^CLUSTER_PGDATA=//p' "$state/cluster.env")
  if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
    pg_run_as_for "$state" GATEWAY_CLUSTER_DIR || exit 1
    pg_stop "$pgdata"
    if [ -f "$pgdata/postmaster.pid" ]; then
      # pg_ctl could not stop it (or it had died, leaving the file): end it by its pid, if alive.
      pid=$(head -n 1 "$pgdata/postmaster.pid")
      if [ -n "$pid" ] && start_time "$pid" >/dev/null; then
        say "PostgreSQL (pid $pid) is still there: killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
fi

left=$(find "$run" -name '*.pid' 2>/dev/null | wc -l)
if [ "$left" -ne 0 ]; then
  fail "pid files left in $run"
fi
if $purge; then
  say "deleting $state ..."
  rm -rf "$state"
fi
say "stopped (state: $state)"
