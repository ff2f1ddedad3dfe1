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

start_server() {
  mkdir -p "$work/data-$1"
  (cd "$work" && exec env -u SWITCHBOARD_PORT -u SWITCHBOARD_HOST -u SWITCHBOARD_DATA_DIR -u SWITCHBOARD_DATABASE_URL \
      java $server_opts -jar "$work/server/switchboard-server.jar" serve --host 127.0.0.1 --port "$port" \
      --data-dir "$work/data-$1" --set rate-limit-per-second=1000000 --set rate-limit-burst=1000000 \
      --set max-connections-per-user=100000 --set max-connections=100000 \
      --set rest-write-rate=1000000 --set rest-write-burst=1000000 \
      --set connect-rate-per-ip=1000000 --set connect-burst-per-ip=1000000) > "$work/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "run-chat: the server did not become ready; its log:" >&2
  tail -n 40 "$work/server-$1.log" >&2
  exit 1
}

run_one() { # run_one N ARGS...
  local n="$1"; shift
  start_server "$n"
  echo "run-chat: run $n: chat $*" >&2
  set +e
  timeout 450 java $bench_opts -jar "$work/bench/switchboard-bench.jar" chat \
      --url "http://127.0.0.1:$port" --server-pid "$server_pid" --json-out "$results" "$@" \
      > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  stop_server
  grep -v '^{"scenario"' "$work/bench-$n.out" || true
  if [ "$rc" != 0 ]; then
    echo "run-chat: run $n ended with exit code $rc; its log:" >&2
    tail -n 20 "$work/bench-$n.err" >&2
  fi
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
