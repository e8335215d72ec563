#!/usr/bin/env bash
# Runs the load tool's benchmark suite (docs/benchmarks.md, "The load tool"):
#  - starts the packaged gateway (embedded in-memory default) with the launcher's JVM options
#    (scripts/jvm-options.sh), a user range large enough and the connection cap raised;
#  - runs each chosen scenario against it (load/target/load.jar), one JSON summary per run;
#  - stops it, starts the echo baseline (load.jar echo-server) and runs the same chat, idle and
#    storm loads against that, so every gateway figure has its raw ceiling beside it.
# With --urls the gateway is not started: the scenarios run against the URLs given (a cluster;
# fanout puts device i on URL i mod n), with --secret the cluster's GATEWAY_JWT_SECRET.
#
#   scripts/bench.sh                                   # everything, modest sizes
#   scripts/bench.sh --scenarios chat,echo --rate 20000 --pairs 2000 --duration 30
#   scripts/bench.sh --urls ws://127.0.0.1:8081/ws,ws://127.0.0.1:8082/ws --secret "$S" --scenarios chat,fanout
#
# Options (defaults in brackets): --scenarios idle,chat,stall,backlog,storm,fanout,echo [all]
#   (stall: chat with --stall-size byte messages twice, without and with 10 stalled readers,
#   --stall-rate MSGS_PER_S [2000] --stall-size B [8000]: the others' p99 should not move)
#   --out DIR [bench-results/<time>]  --idle N [15000]  --storm N [10000]  --pairs N [1000]
#   --rate MSGS_PER_S [10000]  --duration S [30]  --warmup S [5]  --backlog N [10000]
#   --fanout-rate N [40]  --port P [18443]  --echo-port P [19000]
#   --heap SIZE [the JVM's default]: fixed and touched at start (-Xms = -Xmx, -XX:+AlwaysPreTouch);
#   without it the first pass through a growing heap cost 25-40k page faults/s (docs/benchmarks.md)
#   --urls U1,U2,...  --secret S  --io-threads N (generator)  --users RANGE [1-300000]
#   --jit-warmup S [40]: before the first scenario, a chat run (2,000/s, 200 pairs, 8,000-byte
#   messages) that is not reported, so the scenarios meet a compiled gateway, as in production
#   (0: none). Cold, on 2 cores, it fell seconds behind at 2,000 8,000-byte messages/s for 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

scenarios=idle,chat,stall,backlog,storm,fanout,echo
stall_rate=2000
stall_size=8000
out=bench-results/$(date +%Y%m%d-%H%M%S)
idle=15000
storm=10000
pairs=1000
rate=10000
duration=30
warmup=5
jit_warmup=40
backlog=10000
fanout_rate=40
heap=
port=18443
echo_port=19000
urls=
secret=
io_threads=
users=1-300000
while [ $# -gt 0 ]; do
  case $1 in
    --scenarios) scenarios=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --storm) storm=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --jit-warmup) jit_warmup=$2; shift 2 ;;
    --backlog) backlog=$2; shift 2 ;;
    --stall-rate) stall_rate=$2; shift 2 ;;
    --stall-size) stall_size=$2; shift 2 ;;
    --fanout-rate) fanout_rate=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --echo-port) echo_port=$2; shift 2 ;;
    --urls) urls=$2; shift 2 ;;
    --secret) secret=$2; shift 2 ;;
    --io-threads) io_threads=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
has() { [[ ",$scenarios," == *",$1,"* ]]; }

say() { echo "bench.sh: $*" >&2; }

gateway_jar=bootstrap/target/gateway.jar
load_jar=load/target/load.jar
if [ ! -f "$gateway_jar" ] || [ ! -f "$load_jar" ] || \
   [ -n "$(find . \( -path ./.git -o -name target \) -prune -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$load_jar" -print -quit)" ]; then
  say "building $gateway_jar and $load_jar (tests skipped) ..."
  mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl load -am
fi

# Every connection is a file descriptor on both sides: raise the limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle + storm + 1000)) ]; then
  ulimit -n 1048576 2>/dev/null || say "warning: ulimit -n is $(ulimit -n); runs past that many connections fail (raise it as root)"
fi

mkdir -p "$out"
opts=()
while IFS= read -r option; do opts+=("$option"); done < <(scripts/jvm-options.sh "$JAVA_MAJOR")
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "gateway JVM options: ${opts[*]} ${heap:+-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch}"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
say "results go to $out"; cat "$out/machine.txt" >&2

load_opts=(--progress 5)
[ -n "$io_threads" ] && load_opts+=(--io-threads "$io_threads")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# True when something accepts connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until something accepts connections on 127.0.0.1:$1.
wait_port() {
  for _ in $(seq 1 300); do
    if listening "$1"; then return 0; fi
    sleep 0.2
  done
  say "nothing listens on port $1 after 60 s"; return 1
}

# Stops the run when port $1 is taken: it would measure whatever listens there. $2: the option.
require_free_port() {
  if listening "$1"; then
    say "something already listens on port $1: stop it, or choose another with $2"; exit 2
  fi
}

run() {
  local name=$1; shift
  local shown="$*"
  [ -n "$secret" ] && shown=${shown//"$secret"/'$SECRET'}
  say "run $name: java -jar $load_jar $shown ${load_opts[*]} --json $out/$name.json"
  if JDK_JAVA_OPTIONS="-Xlog:gc:file=$out/$name-generator-gc.log" "$JAVA_HOME/bin/java" -jar "$load_jar" "$@" "${load_opts[@]}" --json "$out/$name.json" 2>&1 | tee "$out/$name.log"; then
    say "$name passed"
  else
    say "$name FAILED (see $out/$name.log)"; failed=1
  fi
}
failed=0
started_gateway=0

if [ -z "$urls" ]; then
  require_free_port "$port" --port
  secret=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | head -c 48)
  say "starting the gateway on port $port (in memory, users $users, presence audience 'subscribed', heap ${heap:-default})"
  # GATEWAY_ADMIN_PORT=0: a free internal port (the banner in gateway.log names it), not 9090.
  GATEWAY_HOST=127.0.0.1 GATEWAY_PORT=$port GATEWAY_ADMIN_PORT=0 GATEWAY_JWT_SECRET=$secret GATEWAY_USERS=$users \
    GATEWAY_PRESENCE_AUDIENCE=subscribed GATEWAY_MAX_CONNECTIONS=$((idle + storm + 10000)) \
    GATEWAY_LOG_LEVEL=WARN JDK_JAVA_OPTIONS="${heap:+-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch }-Xlog:gc:file=$out/gateway-gc.log" \
    "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$gateway_jar" > "$out/gateway.log" 2>&1 &
  pids+=($!)
  wait_port "$port"
  urls=ws://127.0.0.1:$port/ws
  first_url=$urls
  started_gateway=1
else
  [ -n "$secret" ] || { say "--urls needs --secret (the cluster's GATEWAY_JWT_SECRET)"; exit 2; }
  first_url=${urls%%,*}
fi
gw=(--url "$first_url" --secret "$secret" --users "$users")
chat_args=(--pairs "$pairs" --rate "$rate" --duration "$duration" --warmup "$warmup")

if [ "$started_gateway" = 1 ] && [ "$jit_warmup" -gt 0 ]; then
  # Not a scenario: its figures are not reported and its failure fails nothing.
  say "warming the gateway's JIT for ${jit_warmup}s (chat, not reported; --jit-warmup 0 skips it) ..."
  "$JAVA_HOME/bin/java" -jar "$load_jar" chat "${gw[@]}" --pairs 200 --rate 2000 --size 8000 \
    --duration "$jit_warmup" --warmup 0 --progress 10 > "$out/jit-warmup.log" 2>&1 ||
    say "the warm-up run did not pass (see $out/jit-warmup.log); going on"
fi

if has idle; then
  run idle idle "${gw[@]}" --connections "$idle" --hold 35
fi
if has chat; then
  run chat chat "${gw[@]}" "${chat_args[@]}"
fi
if has stall; then
  # A stalled reader's socket takes some 4 MB of kernel buffers before the gateway's own queue
  # fills, hence large messages and a long enough run; the first run is the same without them.
  # 25 pairs per 2,000 msgs/s: 40 msgs/s per sender, under the default rate limit of 50/s.
  stall_args=(--pairs $((stall_rate / 80)) --rate "$stall_rate" --size "$stall_size" --duration 45 --warmup "$warmup")
  run chat-unstalled chat "${gw[@]}" "${stall_args[@]}"
  run chat-stalled chat "${gw[@]}" "${stall_args[@]}" --stalled 10
fi
if has backlog; then
  # The receiver is the last user of the range, so the other scenarios' users are not in its way.
  run backlog backlog "${gw[@]}" --messages "$backlog" --receiver "${users##*-}"
  # Again for another user, reading the catch-up sync pages too, as the client library does after
  # a reconnect: a message that arrives both ways counts as a duplicate.
  run backlog-sync backlog "${gw[@]}" --messages "$backlog" --receiver $(("${users##*-}" - 1)) --sync
fi
if has storm; then
  run storm storm "${gw[@]}" --connections "$storm"
fi
if has fanout; then
  run fanout fanout --url "$urls" --secret "$secret" --users "$users" --groups 1 --rate "$fanout_rate" \
    --duration "$duration" --warmup "$warmup"
fi

if has echo; then
  cleanup; pids=()
  require_free_port "$echo_port" --echo-port
  say "starting the echo baseline on port $echo_port (same JVM options and heap)"
  JDK_JAVA_OPTIONS="${heap:+-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch}" "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$load_jar" echo-server \
    --port "$echo_port" > "$out/echo-server.log" 2>&1 &
  pids+=($!)
  wait_port "$echo_port"
  echo_url=(--target echo --url "ws://127.0.0.1:$echo_port/ws")
  run echo-chat chat "${echo_url[@]}" "${chat_args[@]}"
  if has idle; then run echo-idle idle "${echo_url[@]}" --connections "$idle" --hold 5; fi
  if has storm; then run echo-storm storm "${echo_url[@]}" --connections "$storm"; fi
fi

say "summaries: $out/*.json; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
