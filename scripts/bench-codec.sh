#!/usr/bin/env bash
# The codec microbenchmarks (docs/benchmarks.md, "Codec (JMH)"): encode and decode of one frame per
# type with JMH, time per operation and bytes allocated per operation (-prof gc). Arguments replace
# the default JMH options, for example
#   scripts/bench-codec.sh -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc      # the default: about 2 minutes
#   scripts/bench-codec.sh -f 2 -wi 5 -i 10 -prof gc 'decodeChat$'   # longer, one benchmark
# JMH's own options: java -cp ... org.openjdk.jmh.Main -h
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(-f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc)
fi
offline=()
if [ -z "${BENCH_ONLINE:-}" ]; then offline=(-o); fi
exec mvn -B -ntp -q "${offline[@]}" -pl codec -am -Pbench -DskipTests -Dspotless.check.skip=true \
  test -Dbench.args="${args[*]}"
