#!/usr/bin/env bash
# Per-user sends against the baseline (issue 12): `inbox --mode push` (transient events, POST /api/inbox/push to
# users' sockets on /ws/user/<id>), in one invocation, against Switchboard and against the minimal Netty server the
# bench builds (`switchboard-bench netty-baseline`), each server a fresh process pinned to core 0 and the load
# generator to core 1, then one table with both servers' CPU per delivered event side by side.
#
#   bench/run-inbox-baseline.sh                   the documented scenarios, each against both (four runs, about 3 minutes)
#   bench/run-inbox-baseline.sh -u 100 -b 10 -w 8 one scenario against both servers; the arguments go to `inbox --mode push`
#
# Switchboard runs in development mode (its default), so the generator takes tokens from its dev token endpoint and
# the API key from its data directory; the baseline checks neither. Non-interactive; every run is bounded (inbox's
# --hard-stop, `timeout 200`, the baseline's --max-run). Environment: as bench/run-fanout-baseline.sh
# (BENCH_NO_BUILD, BENCH_PORT, BENCH_WARMUP, BENCH_DURATION, SWITCHBOARD_JAVA_OPTS, BENCH_JAVA_OPTS, BENCH_KEEP,
# BENCH_SERVER_CORE=0, BENCH_CLIENT_CORE=1).
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-10s}"
duration="${BENCH_DURATION:-20s}"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_pin inbox-baseline
bench_prepare inbox-baseline 18390

run_one() { # run_one N SERVER ARGS...: SERVER is switchboard or netty
  local n="$1" server="$2"; shift 2
  local key="$work/data-$n/api-key"
  if [ "$server" = switchboard ]; then
    bench_start_server "$n" "$work/data-$n"
  else
    bench_start_baseline "$n"
    mkdir -p "$work/data-$n" && echo "unchecked" > "$key"
  fi
  echo "run-inbox-baseline: run $n: $server: inbox --mode push $*" >&2
  set +e
  timeout 200 $client_pin java $bench_opts -jar "$work/bench/switchboard-bench.jar" inbox --mode push \
      --url "http://127.0.0.1:$port" --api-key-file "$key" --server-pid "$server_pid" \
      --label "$server: $(label "$@")" --json-out "$results" --warmup "$warmup" --duration "$duration" "$@" \
      > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  grep -m1 -E "network transport|netty-baseline: listening" "$work/server-$n.log" | sed 's/^/  server: /' || true
  stop_server
  bench_report_run "$n" "$rc"
  echo
}

label() { # the scenario in words, from inbox's arguments
  local u="100" b="100" w="4"
  while [ "$#" -gt 0 ]; do
    case "$1" in
      -u|--users) u="$2"; shift ;;
      -b|--batch) b="$2"; shift ;;
      -w|--window) w="$2"; shift ;;
    esac
    shift
  done
  echo "$u users, batches of $b, $w in flight"
}

info="$(bench_machine)"
n=0
pair() { # pair ARGS...: the scenario against both servers, back to back
  n=$((n + 1)); run_one "$n" switchboard "$@"
  n=$((n + 1)); run_one "$n" netty "$@"
}
if [ "$#" -eq 0 ]; then
  pair -u 1000 -b 100 -w 4
  pair -u 100 -b 100 -w 4
else
  pair "$@"
fi

echo "## Results"
echo
echo "$info"
echo "- Pinned: servers with \`$server_pin\`, load generator with \`$client_pin\`"
echo
java -jar "$work/bench/switchboard-bench.jar" inbox-report "$results"
