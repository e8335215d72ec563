# Sourced by scripts/cluster-up.sh and scripts/cluster-down.sh: the state directory, pid files,
# waiting for a piece to answer. The caller sets tag (its name, for messages) and has sourced
# scripts/java-home.sh. Linux only (pid files are checked against /proc).

state=$(mkdir -p "${GATEWAY_CLUSTER_DIR:-$repo/.cluster}" && cd "${GATEWAY_CLUSTER_DIR:-$repo/.cluster}" && pwd)
run=$state/run
logs=$state/logs

say() {
  echo "$tag: $*" >&2
}

fail() {
  echo "$tag: FAILED: $*" >&2
  exit 1
}

# The start time of process $1 in clock ticks since boot (field 22 of /proc/PID/stat), which tells
# a process from a later one that was given the same pid; fails for a process that has ended,
# also one that has ended and was not yet reaped by its parent (a zombie).
start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  # shellcheck disable=SC2086 # split into fields on purpose
  set -- $stat
  [ "$1" != Z ] && [ "$1" != X ] || return 1
  echo "${20}"
}

# Starts "$@" in the background as piece $1 (name), output appended to log $2, and records its pid.
launch() {
  local name=$1 log=$2
  shift 2
  nohup "$@" >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid $(start_time "$pid")" >"$run/$name.pid"
}

pid_of() {
  local pid rest
  read -r pid rest <"$run/$1.pid" 2>/dev/null || return 1
  echo "$pid"
}

# Whether piece $1 runs: its pid file names a live process started when the pid file says.
alive() {
  local pid started now
  [ -f "$run/$1.pid" ] || return 1
  read -r pid started <"$run/$1.pid" || return 1
  [ -n "$pid" ] || return 1
  now=$(start_time "$pid") || return 1
  [ "$now" = "$started" ]
}

# Waits until "$check $@" succeeds for piece $name (described as $what, logging to $log); fails
# when the process ends first or after $timeout seconds, with the end of its log.
await() {
  local what=$1 name=$2 log=$3 check=$4
  shift 4
  local deadline=$((SECONDS + ${timeout:-120}))
  until "$check" "$@"; do
    if ! alive "$name"; then
      tail -n 30 "$log" >&2
      fail "$what exited before it was ready; its log: $log (end above)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$log" >&2
      fail "$what was not ready after ${timeout:-120} s; its log: $log (end above)"
    fi
    sleep 0.5
  done
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_port() {
  if port_open "$1"; then
    fail "port $1 (for $2) is taken by another process; set $3 to a free port"
  fi
}

# GET http://127.0.0.1:$1$2 over HTTP/1.0; prints the response, status line and headers included.
http_get() {
  (
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    timeout 5 cat <&3
  )
}

http_ok() {
  local status
  status=$(http_get "$1" "$2" | head -n 1)
  [[ $status == HTTP/1.[01]\ 200* ]]
}

redis_answers() {
  local reply
  reply=$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 line <&3 && echo "$line"
  ) || return 1
  [[ $reply == +PONG* ]]
}

# The broker's port accepts connections and its log says it finished starting.
kafka_answers() {
  port_open "$1" && grep -q "Kafka Server started" "$2"
}

# HAProxy's statistics (CSV) show both instances UP: its health checks reach their /readyz.
both_gateways_up() {
  local up
  up=$(http_get "$1" '/stats;csv' |
    awk -F, '$1 == "gateways" && ($2 == "gateway-1" || $2 == "gateway-2") && $18 == "UP"' | wc -l)
  [ "$up" -eq 2 ]
}

apt_install() {
  say "apt-get install $* (log: $logs/apt.log) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "$@" >>"$logs/apt.log" 2>&1 ||
    { apt-get update -q >>"$logs/apt.log" 2>&1 && apt-get install -y -q --no-install-recommends "$@" >>"$logs/apt.log" 2>&1; }
}

# The classpath of the Kafka broker (scripts/cluster/pom.xml), resolved by Maven once per cache.
kafka_classpath() {
  local file=$cache/kafka-classpath.txt entry
  if [ -s "$file" ]; then
    local complete=true
    IFS=: read -r -a entries <"$file"
    for entry in "${entries[@]}"; do
      [ -f "$entry" ] || complete=false
    done
    if $complete; then
      cat "$file"
      return 0
    fi
  fi
  say "resolving the Kafka broker's jars with Maven (scripts/cluster/pom.xml) ..."
  mvn -B -q -ntp -f "$repo/scripts/cluster/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$file" -DincludeScope=runtime -DexcludeArtifactIds=embedded-redis >&2 || return 1
  grep -q kafka_2.13 "$file" || { say "$file does not name kafka_2.13"; return 1; }
  cat "$file"
}

# The redis-server binary for this platform out of the com.github.codemonstur:embedded-redis jar,
# extracted once per cache; prints its path.
embedded_redis_binary() {
  local suffix jar entry
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) suffix=linux-amd64 ;;
    Linux-aarch64) suffix=linux-arm64 ;;
    *)
      say "no redis-server binary in embedded-redis for $(uname -sm): install Redis"
      return 1
      ;;
  esac
  local existing
  existing=$(find "$cache/redis" -maxdepth 1 -name "redis-server-*-$suffix" -perm -u+x 2>/dev/null | head -n 1)
  if [ -n "$existing" ]; then
    echo "$existing"
    return 0
  fi
  say "fetching the redis-server binary of com.github.codemonstur:embedded-redis with Maven ..."
  mvn -B -q -ntp -f "$repo/scripts/cluster/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$cache/embedded-redis-jar.txt" -DincludeArtifactIds=embedded-redis >&2 || return 1
  jar=$(cat "$cache/embedded-redis-jar.txt")
  entry=$("$JAVA_HOME/bin/jar" tf "$jar" | grep -E "^redis-server-.*-$suffix\$" | head -n 1)
  [ -n "$entry" ] || { say "no redis-server for $suffix in $jar"; return 1; }
  mkdir -p "$cache/redis"
  (cd "$cache/redis" && "$JAVA_HOME/bin/jar" xf "$jar" "$entry") || return 1
  chmod 755 "$cache/redis/$entry"
  echo "$cache/redis/$entry"
}

# Stops piece $1 (SIGTERM, then SIGKILL after $2 seconds) when it runs; removes its pid file.
stop_piece() {
  local name=$1 grace=$2 pid
  if alive "$name"; then
    pid=$(pid_of "$name")
    say "stopping $name (pid $pid) ..."
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while alive "$name" && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.2
    done
    if alive "$name"; then
      say "$name (pid $pid) did not stop in $grace s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 10))
      while alive "$name" && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.1
      done
      if alive "$name"; then
        say "$name (pid $pid) is still there after SIGKILL"
      fi
    fi
  fi
  rm -f "$run/$name.pid"
}
