#!/usr/bin/env bash
# Fan-out benchmark: builds the server and the load generator, starts the server as its own process on
# 127.0.0.1 with a temporary data dir and raised limits, runs the fan-out scenario, stops the server, and
# prints each run's table and, last, the Markdown table that docs/BENCHMARKS.md shows.
#
#   bench/run-fanout.sh                   the documented suite (five runs, about 4 minutes)
#   bench/run-fanout.sh -s 1000 -r 100    one run; the arguments go to `switchboard-bench fanout`
#                                         (see `java -jar bench/target/switchboard-bench.jar fanout --help`)
#
# Non-interactive. Environment:
#   BENCH_NO_BUILD=1        use the jars already in server/target and bench/target
#   BENCH_PORT=18090        first port to try (the next free one up to +20 is used)
#   BENCH_WARMUP=10s BENCH_DURATION=20s   warm-up and measured window of the suite's runs
#   SWITCHBOARD_JAVA_OPTS   JVM options of the server (default -Xms1g -Xmx1g)
#   BENCH_JAVA_OPTS         JVM options of the load generator (default -Xms512m -Xmx1g)
#   BENCH_KEEP=1            keep the temporary directory (logs, /metrics, top snapshots) after the run
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-10s}"
duration="${BENCH_DURATION:-20s}"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare fanout 18090



run_one() { # run_one N ARGS...
  local n="$1"; shift
  bench_start_server "$n" "$work/data"
  if [ ! -f "$work/token" ]; then
    java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data" --ttl 1h > "$work/token"
  fi
  # A CPU snapshot from the middle of the run (the server's threads and everything else on the machine).
  ( sleep 20; { echo "== top, run $n"; top -b -n1 -H -w 160 2>/dev/null | head -n 30; } > "$work/top-$n.txt" ) &
  local top_pid=$!
  echo "run-fanout: run $n: fanout $*" >&2
  set +e
  timeout 200 java $bench_opts -jar "$work/bench/switchboard-bench.jar" fanout \
      --url "ws://127.0.0.1:$port/ws" --token-file "$work/token" --server-pid "$server_pid" \
      --json-out "$results" "$@" > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  kill "$top_pid" 2>/dev/null || true
  wait "$top_pid" 2>/dev/null || true
  curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null \
      | grep -E '^switchboard_(closes|queue_overflows|fanout_deliveries|acks|errors)' > "$work/metrics-$n.txt" || true
  stop_server
  bench_report_run "$n" "$rc"
  echo "  server /metrics after the run:"
  sed 's/^/    /' "$work/metrics-$n.txt"
  [ -f "$work/top-$n.txt" ] && sed -n '1,18p' "$work/top-$n.txt" | sed 's/^/    /'
  echo
}

info="$(bench_machine)"
common=(--warmup "$warmup" --duration "$duration")
if [ "$#" -eq 0 ]; then
  run_one 1 -s 1000 -r 100 "${common[@]}"
  run_one 2 -s 1000 --saturate --window 256 --window-on ack "${common[@]}"
  run_one 3 -s 1000 --saturate --window 16 --window-on delivery "${common[@]}"
  run_one 4 -s 100 --saturate --window 256 --window-on ack "${common[@]}"
  run_one 5 -s 100 --saturate --window 160 --window-on delivery "${common[@]}"
else
  run_one 1 "$@"
fi

echo "## Results"
echo
echo "$info"
echo
java -jar "$work/bench/switchboard-bench.jar" report "$results"
