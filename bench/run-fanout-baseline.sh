#!/usr/bin/env bash
# Fan-out against the baseline (issue 12): the same fan-out scenario, in one invocation, against Switchboard and
# against the minimal Netty server the bench builds (`switchboard-bench netty-baseline`), each server pinned to
# core 0 and the load generator to core 1, then one table with both servers' CPU per delivery side by side.
#
#   bench/run-fanout-baseline.sh                  the documented scenarios, each against both (six runs, about 5 minutes)
#   bench/run-fanout-baseline.sh -s 1000 -r 100   one scenario against both servers; the arguments go to `fanout`
#
# Non-interactive; every run is bounded (fanout's --hard-stop, `timeout 200`, the baseline's --max-run).
# Environment: as bench/run-fanout.sh (BENCH_NO_BUILD, BENCH_PORT, BENCH_WARMUP, BENCH_DURATION,
# SWITCHBOARD_JAVA_OPTS, BENCH_JAVA_OPTS, BENCH_KEEP), and
#   BENCH_SERVER_CORE=0 BENCH_CLIENT_CORE=1   the cores the servers and the load generator are pinned to
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-10s}"
duration="${BENCH_DURATION:-20s}"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_pin fanout-baseline
bench_prepare fanout-baseline 18090

run_one() { # run_one N SERVER ARGS...: SERVER is switchboard or netty
  local n="$1" server="$2"; shift 2
  if [ "$server" = switchboard ]; then
    bench_start_server "$n" "$work/data"
  else
    bench_start_baseline "$n"
  fi
  if [ ! -f "$work/token" ]; then
    # The baseline ignores the token; Switchboard's data dir holds the key, so it is made once the server ran.
    java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data" --ttl 1h > "$work/token"
  fi
  echo "run-fanout-baseline: run $n: $server: fanout $*" >&2
  set +e
  timeout 200 $client_pin java $bench_opts -jar "$work/bench/switchboard-bench.jar" fanout \
      --url "ws://127.0.0.1:$port/ws" --token-file "$work/token" --server-pid "$server_pid" \
      --label "$server: $(label "$@")" --json-out "$results" "$@" > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  grep -m1 -E "network transport|netty-baseline: listening" "$work/server-$n.log" | sed 's/^/  server: /' || true
  stop_server
  bench_report_run "$n" "$rc"
  echo
}

label() { # the scenario in words, from fanout's arguments
  local s="" mode="" window="" on=""
  while [ "$#" -gt 0 ]; do
    case "$1" in
      -s|--subscribers) s="$2"; shift ;;
      -r|--rate) mode="$2 msg/s"; shift ;;
      --saturate) mode="saturating" ;;
      --window) window="$2"; shift ;;
      --window-on) on="$2"; shift ;;
    esac
    shift
  done
  [ "$mode" = saturating ] && mode="saturating (window ${window:-256} on ${on:-ack})"
  echo "${s:-1000} subscribers, ${mode:-100 msg/s}"
}

info="$(bench_machine)"
common=(--warmup "$warmup" --duration "$duration")
n=0
pair() { # pair ARGS...: the scenario against both servers, back to back
  n=$((n + 1)); run_one "$n" switchboard "$@"
  n=$((n + 1)); run_one "$n" netty "$@"
}
if [ "$#" -eq 0 ]; then
  pair -s 1000 --saturate --window 16 --window-on delivery "${common[@]}"
  pair -s 1000 --saturate --window 256 --window-on ack "${common[@]}"
  pair -s 100 --saturate --window 160 --window-on delivery "${common[@]}"
else
  pair "$@"
fi

echo "## Results"
echo
echo "$info"
echo "- Pinned: servers with \`$server_pin\`, load generator with \`$client_pin\`"
echo
java -jar "$work/bench/switchboard-bench.jar" report "$results"
