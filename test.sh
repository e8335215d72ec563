#!/usr/bin/env bash
# Runs the whole test suite: unit tests (Surefire), integration and end-to-end tests (Failsafe),
# architecture rules and the format check. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
echo "test.sh: using JDK at $JAVA_HOME"
exec mvn -B -ntp verify "$@"
