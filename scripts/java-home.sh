# Sourced by gateway.sh, test.sh and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer,
# and JAVA_MAJOR, its feature version.
# Order: an explicit JAVA_HOME that is new enough, the Temurin 25 this project is built with,
# any other JDK 21+ under /usr/lib/jvm, then the java on PATH.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

use_jdk() {
  local home=$1
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  local major
  major=$(java_major "$home/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ] || return 1
  export JAVA_HOME=$home
  export JAVA_MAJOR=$major
  export PATH="$JAVA_HOME/bin:$PATH"
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && use_jdk "$JAVA_HOME"; then return 0; fi
  if use_jdk /usr/lib/jvm/temurin-25-jdk-amd64; then return 0; fi
  local candidate
  for candidate in /usr/lib/jvm/*; do
    if use_jdk "$candidate"; then return 0; fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if use_jdk "$candidate"; then return 0; fi
  fi
  echo "error: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm/* and the javac on PATH)." >&2
  echo "       Install one (for example Temurin 25) and set JAVA_HOME to it, then run this again." >&2
  return 1
}

find_jdk || exit 1
