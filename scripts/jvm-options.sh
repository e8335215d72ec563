#!/usr/bin/env bash
# Prints the JVM options the gateway runs with, one per line, for a JDK of feature version $1.
# The one place they are kept: gateway.sh starts the gateway with them, and the process-level tests
# (bootstrap GatewayProcess) start the packaged jar with them, so the tests run it as users do.
# More options (a heap size, for example) go in JDK_JAVA_OPTIONS, which every java launcher reads.
set -euo pipefail
major=${1:?usage: scripts/jvm-options.sh <java feature version, e.g. 25>}
# An OutOfMemoryError ends the process (exit status 3) instead of leaving a half-dead one that
# answers nothing, yet holds its port and ignores SIGTERM: a supervisor then restarts it.
echo "-XX:+ExitOnOutOfMemoryError"
# msgpack-core's fast buffers use sun.misc.Unsafe; JDK 24+ warns unless this is allowed.
if [ "$major" -ge 24 ]; then
  echo "--sun-misc-unsafe-memory-access=allow"
fi
