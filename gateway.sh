#!/usr/bin/env bash
# Builds the gateway when a source is newer than the jar, then runs it with a JDK 21+.
# Without arguments it starts the embedded default (in-memory, port 8443). Other commands:
#   ./gateway.sh token --user 42                      mint a development token
#   ./gateway.sh chat --url ws://localhost:8443/ws --token "$T"   chat from the terminal
#   ./gateway.sh --help                               every command and option
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
jar=bootstrap/target/gateway.jar
# The jar is stale when a POM or anything under a module's src/main is newer than it.
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find . \( -path ./.git -o -name target \) -prune -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)" ]
}
if stale; then
  echo "gateway.sh: building $jar with the JDK at $JAVA_HOME (tests skipped; ./test.sh runs them) ..." >&2
  mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package
fi
# The JVM options (exit on OutOfMemoryError, ...) are kept in one place, shared with the tests.
opts=()
while IFS= read -r option; do
  opts+=("$option")
done < <(scripts/jvm-options.sh "$JAVA_MAJOR")
exec "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$jar" "$@"
