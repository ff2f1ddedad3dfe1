#!/usr/bin/env bash
# Chat-room benchmark of the social app: builds the server and the load generator, starts the server as its own
# process on 127.0.0.1 (development mode, SQLite in a temporary data dir, raised limits), runs the chat scenario
# (members made through the users API, one conversation, every member subscribed on /ws/user/<id>), stops the
# server, and prints each run's table and, last, the Markdown table that docs/BENCHMARKS.md shows.
#
#   bench/run-chat.sh                      the documented suite (1,000 members at three rates, about 3 minutes)
#   bench/run-chat.sh -m 1000 -r 50        one run; the arguments go to `switchboard-bench chat`
#
# Non-interactive. Environment: BENCH_NO_BUILD=1, BENCH_PORT (default 18110), BENCH_WARMUP / BENCH_DURATION,
# SWITCHBOARD_JAVA_OPTS, BENCH_JAVA_OPTS, BENCH_KEEP=1 (as in run-fanout.sh).
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-5s}"
duration="${BENCH_DURATION:-20s}"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare chat 18110


run_one() { # run_one N ARGS...
  local n="$1"; shift
  bench_start_server "$n" "$work/data-$n"
  echo "run-chat: run $n: chat $*" >&2
  set +e
  timeout 450 java $bench_opts -jar "$work/bench/switchboard-bench.jar" chat \
      --url "http://127.0.0.1:$port" --server-pid "$server_pid" --json-out "$results" "$@" \
      > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  stop_server
  bench_report_run "$n" "$rc"
  echo
}

info="$(bench_machine)"
common=(--warmup "$warmup" --duration "$duration")
if [ "$#" -eq 0 ]; then
  run_one 1 -m 1000 --senders 10 -r 10 "${common[@]}"
  run_one 2 -m 1000 --senders 10 -r 50 "${common[@]}"
  run_one 3 -m 1000 --senders 10 -r 100 "${common[@]}"
else
  run_one 1 "$@"
fi

echo "## Results"
echo
echo "$info"
echo
java -jar "$work/bench/switchboard-bench.jar" chat-report "$results"
