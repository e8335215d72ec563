#!/usr/bin/env bash
# Builds the gateway and starts it on the embedded default (in-memory, port 8443).
# Arguments go to the gateway: ./gateway.sh token --user 42 mints a development token.
# Set GATEWAY_SKIP_BUILD=1 to reuse bootstrap/target/gateway.jar without rebuilding.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
jar=bootstrap/target/gateway.jar
if [ "${GATEWAY_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$jar" ]; then
  echo "gateway.sh: building $jar with the JDK at $JAVA_HOME (tests skipped) ..." >&2
  mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
