#!/usr/bin/env bash
# The SDK's throughput over the WebSocket and over the HTTP fallback (docs/BENCHMARKS.md, "Java client SDK").
# Builds the modules, copies the classes and every library to a temporary directory (so that a rebuild in the
# working tree cannot change them mid-run), then runs SdkThroughputBench: one device, an in-process server on 127.0.0.1.
#   client-java/bench.sh [count] [window] [batch]        default 20000 64 100
#   BENCH_JAVA_OPTS="-Dbench.buffers=memory -Dbench.transports=http -Dbench.repeat=5" client-java/bench.sh
#   BENCH_NO_BUILD=1 client-java/bench.sh ...            skip the build
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  ./mvnw -q -B -pl protocol,server,testkit -am install -DskipTests
  ./mvnw -q -B -pl client-java test-compile
fi
./mvnw -q -B -pl client-java dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test
work=$(mktemp -d /tmp/sdk-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib"
cp -r client-java/target/classes "$work/classes"
cp -r client-java/target/test-classes "$work/test-classes"
cp $(tr ':' ' ' < client-java/target/test-classpath.txt) "$work/lib/"
java ${BENCH_JAVA_OPTS:-} -cp "$work/classes:$work/test-classes:$work/lib/*" \
    io.switchboard.client.bench.SdkThroughputBench "$@" 2> >(grep -v ' DEBUG \| INFO ' >&2)
