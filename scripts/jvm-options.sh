#!/usr/bin/env bash
# Prints the JVM options the gateway runs with, one per line, for a JDK of feature version $1.
# The one place they are kept: gateway.sh starts the gateway with them, and the process-level tests
# (bootstrap GatewayProcess) start the packaged jar with them, so the tests run it as users do.
# More options (a heap size, for example) go in JDK_JAVA_OPTIONS, which every java launcher reads.
# The java that will run them, when given as $2 (else $JAVA_HOME/bin/java), is asked whether it has
# the collector chosen below; without one to ask, it is assumed to be a Temurin-like build that has.
set -euo pipefail
major=${1:?usage: scripts/jvm-options.sh <java feature version, e.g. 25> [java binary]}
java=${2:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
# An OutOfMemoryError ends the process (exit status 3) instead of leaving a half-dead one that
# answers nothing, yet holds its port and ignores SIGTERM: a supervisor then restarts it.
echo "-XX:+ExitOnOutOfMemoryError"
# msgpack-core's fast buffers use sun.misc.Unsafe; JDK 24+ warns unless this is allowed.
if [ "$major" -ge 24 ]; then
  echo "--sun-misc-unsafe-memory-access=allow"
fi
# The heap holds every connection's state and the embedded store's messages: up to half of the
# memory (the JVM's default is a quarter); the rest is for the kernel's socket buffers and the
# JVM's own native memory. An -Xmx in JDK_JAVA_OPTIONS overrides it.
echo "-XX:MaxRAMPercentage=50"
# JDK 25+: 8-byte object headers instead of 12 (JEP 519, a product option since 25). An idle
# connection is some 150 small objects: about 11% less heap per connection.
if [ "$major" -ge 25 ]; then
  echo "-XX:+UseCompactObjectHeaders"
fi
# The collector (docs/benchmarks.md, "Single instance"): generational Shenandoah on JDK 25+, where
# it is a product feature. It evacuates concurrently, so its pauses stayed under 4 ms under chat
# load where G1's young pauses reached hundreds of ms (they copy every message the in-memory store
# keeps), and unlike ZGC it keeps compressed object pointers: idle connections cost ZGC about 40%
# more heap. On JDK 21-24 Shenandoah has one generation only. A collector chosen in
# JDK_JAVA_OPTIONS wins: none is added then (two would stop the JVM from starting).
has_collector() {
  [ -z "$java" ] || [ ! -x "$java" ] || "$java" "$@" -version >/dev/null 2>&1
}
if [[ "${JDK_JAVA_OPTIONS:-}" =~ -XX:[+]Use[A-Za-z0-9]+GC ]]; then
  :
elif [ "$major" -ge 25 ] && has_collector -XX:+UseShenandoahGC -XX:ShenandoahGCMode=generational; then
  echo "-XX:+UseShenandoahGC"
  echo "-XX:ShenandoahGCMode=generational"
elif has_collector -XX:+UseShenandoahGC; then
  echo "-XX:+UseShenandoahGC"
fi
