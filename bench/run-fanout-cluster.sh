#!/usr/bin/env bash
# Fan-out across nodes (issue 8): the same fan-out scenario as run-fanout.sh, in three setups, each run against
# fresh server processes on 127.0.0.1:
#
#   memory   one node, the memory broker (no Redis): the baseline
#   redis-1  one node on Redis: every publication goes to Redis and back before the node fans it out
#   redis-2  two nodes on Redis, the subscribers split between them, the publisher on the first
#
# The suite: 1,000 subscribers at 50 and 100 msg/s and saturating (window 16 on delivery) in each setup, then 10
# subscribers at 2,000 msg/s on memory and redis-1, where the Redis hop is paid per publication, not shared by a
# thousand deliveries.
#
# The nodes share a jwt-secret (one token works on both) and a Redis key prefix of their own (bench-<pid>-<n>), so
# several runs, and other users of the same Redis, do not meet. The script prints each run's table and, last, the
# Markdown table that docs/BENCHMARKS.md shows, with the Redis server's CPU apart when Redis runs on this machine.
#
#   bench/run-fanout-cluster.sh                 the documented suite (eleven runs, about six minutes)
#   bench/run-fanout-cluster.sh redis-2 -s 1000 --saturate --window 16 --window-on delivery
#                                               one run in one setup; the arguments go to `switchboard-bench fanout`
#
# Non-interactive. Environment:
#   BENCH_NO_BUILD=1        use the jars already in server/target and bench/target
#   BENCH_PORT=18390        first port to try (the next free ones up to +20 are used)
#   BENCH_REDIS=redis://127.0.0.1:6379   the Redis the nodes share
#   BENCH_WARMUP=5s BENCH_DURATION=15s   warm-up and measured window of the suite's runs
#   SWITCHBOARD_JAVA_OPTS   JVM options of each node (default -Xms512m -Xmx1g)
#   BENCH_JAVA_OPTS         JVM options of the load generator (default -Xms512m -Xmx1g)
#   BENCH_KEEP=1            keep the temporary directory (logs, /metrics) after the run
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms512m -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-5s}"
duration="${BENCH_DURATION:-15s}"
redis="${BENCH_REDIS:-redis://127.0.0.1:6379}"
secret="bench-cluster-secret-of-at-least-32-bytes"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
second_pid=""
prefix=""
on_server_stopped() {
  if [ -n "$second_pid" ] && kill -0 "$second_pid" 2>/dev/null; then
    kill -TERM "$second_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$second_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$second_pid" 2>/dev/null && kill -KILL "$second_pid" 2>/dev/null || true
    wait "$second_pid" 2>/dev/null || true
  fi
  second_pid=""
  if [ -n "$prefix" ] && command -v redis-cli >/dev/null; then
    # Pub/sub leaves no keys, but channel history would: delete whatever the run's prefix holds.
    redis-cli -u "$redis" --scan --pattern "$prefix:*" 2>/dev/null | head -n 100000 \
        | xargs -r -n 500 redis-cli -u "$redis" DEL >/dev/null 2>&1 || true
  fi
  prefix=""
}
bench_prepare fanout-cluster 18390
port2=$((port + 1))
for _ in $(seq 0 20); do port_free "$port2" && break; port2=$((port2 + 1)); done
port_free "$port2" || { echo "run-fanout-cluster: no second free port after $port" >&2; exit 1; }

redis_pid=""
if command -v redis-cli >/dev/null && [[ "$redis" == redis://127.0.0.1* || "$redis" == redis://localhost* ]]; then
  redis_pid="$(redis-cli -u "$redis" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')"
fi
redis-cli -u "$redis" PING >/dev/null 2>&1 || { echo "run-fanout-cluster: Redis at $redis does not answer" >&2; exit 1; }

start_node() { # start_node LOGNAME PORT REDIS_FLAGS...: starts one node, prints nothing, sets last_pid
  local name="$1" p="$2"; shift 2
  mkdir -p "$work/data-$name"
  (cd "$work" && exec env -u SWITCHBOARD_PORT -u SWITCHBOARD_HOST -u SWITCHBOARD_DATA_DIR -u SWITCHBOARD_REDIS \
      -u SWITCHBOARD_REDIS_PREFIX -u SWITCHBOARD_JWT_SECRET \
      java $server_opts -jar "$work/server/switchboard-server.jar" serve --host 127.0.0.1 --port "$p" \
      --data-dir "$work/data-$name" --set "jwt-secret=$secret" "$@" \
      --set rate-limit-per-second=1000000 --set rate-limit-burst=1000000 \
      --set connect-rate-per-ip=1000000 --set connect-burst-per-ip=1000000 \
      --set max-connections-per-user=100000 --set max-connections=100000) > "$work/server-$name.log" 2>&1 &
  last_pid=$!
}

await_ready() { # await_ready PORT PID LOGNAME
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.2
  done
  echo "run-fanout-cluster: the node on port $1 did not become ready; its log:" >&2
  tail -n 40 "$work/server-$3.log" >&2
  exit 1
}

n=0
run_one() { # run_one SETUP ARGS...
  local setup="$1"; shift
  n=$((n + 1))
  local urls=(--subscriber-url "ws://127.0.0.1:$port/ws")
  local pids=()
  case "$setup" in
    memory)
      start_node "$n-a" "$port"; server_pid=$last_pid ;;
    redis-1)
      prefix="bench-$$-$n"
      start_node "$n-a" "$port" --redis "$redis" --set "redis-prefix=$prefix"; server_pid=$last_pid ;;
    redis-2)
      prefix="bench-$$-$n"
      start_node "$n-a" "$port" --redis "$redis" --set "redis-prefix=$prefix"; server_pid=$last_pid
      start_node "$n-b" "$port2" --redis "$redis" --set "redis-prefix=$prefix"; second_pid=$last_pid
      urls+=(--subscriber-url "ws://127.0.0.1:$port2/ws") ;;
    *) echo "run-fanout-cluster: setup must be memory, redis-1 or redis-2, not '$setup'" >&2; exit 2 ;;
  esac
  await_ready "$port" "$server_pid" "$n-a"
  pids=(--server-pid "$server_pid")
  if [ -n "$second_pid" ]; then
    await_ready "$port2" "$second_pid" "$n-b"
    pids+=(--server-pid "$second_pid")
  fi
  if [ ! -f "$work/token" ]; then
    java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data-$n-a" \
        --set "jwt-secret=$secret" --ttl 1h > "$work/token"
  fi
  local broker=()
  if [ "$setup" != memory ] && [ -n "$redis_pid" ]; then broker=(--broker-pid "$redis_pid"); fi
  echo "run-fanout-cluster: run $n ($setup): fanout $*" >&2
  set +e
  timeout 200 java $bench_opts -jar "$work/bench/switchboard-bench.jar" fanout \
      --url "ws://127.0.0.1:$port/ws" "${urls[@]}" --token-file "$work/token" "${pids[@]}" "${broker[@]}" \
      --json-out "$results" "$@" > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  for p in "$port" "$port2"; do
    curl -fsS "http://127.0.0.1:$p/metrics" 2>/dev/null \
        | grep -E '^switchboard_(closes|queue_overflows|fanout_deliveries|errors)' | sed "s/^/:$p /" >> "$work/metrics-$n.txt" || true
  done
  stop_server
  grep -v '^{"scenario"' "$work/bench-$n.out" || true
  if [ "$rc" != 0 ]; then
    echo "run-fanout-cluster: run $n ended with exit code $rc; its log:" >&2
    tail -n 20 "$work/bench-$n.err" >&2
  fi
  if [ -s "$work/metrics-$n.txt" ]; then
    echo "  nodes' /metrics after the run:"
    sed 's/^/    /' "$work/metrics-$n.txt"
  fi
  echo
}

info="$(bench_machine)"
common=(--warmup "$warmup" --duration "$duration")
if [ "$#" -eq 0 ]; then
  for rate in 50 100; do
    run_one memory -s 1000 -r "$rate" --label "1 node, memory broker: 1,000 subscribers, $rate msg/s" "${common[@]}"
    run_one redis-1 -s 1000 -r "$rate" --label "1 node, Redis broker: 1,000 subscribers, $rate msg/s" "${common[@]}"
    run_one redis-2 -s 1000 -r "$rate" --label "2 nodes, Redis broker: 500 + 500 subscribers, $rate msg/s" "${common[@]}"
  done
  # The sustainable rate: the next message goes when every subscriber has the 16th before it.
  sat=(-s 1000 --saturate --window 16 --window-on delivery)
  run_one memory "${sat[@]}" --label "1 node, memory broker: 1,000 subscribers, saturating (window 16 on delivery)" "${common[@]}"
  run_one redis-1 "${sat[@]}" --label "1 node, Redis broker: 1,000 subscribers, saturating (window 16 on delivery)" "${common[@]}"
  run_one redis-2 "${sat[@]}" --label "2 nodes, Redis broker: 500 + 500 subscribers, saturating (window 16 on delivery)" "${common[@]}"
  # What the Redis hop costs per publication, where it is not spread over a thousand deliveries.
  run_one memory -s 10 -r 2000 --label "1 node, memory broker: 10 subscribers, 2,000 msg/s" "${common[@]}"
  run_one redis-1 -s 10 -r 2000 --label "1 node, Redis broker: 10 subscribers, 2,000 msg/s" "${common[@]}"
else
  setup="$1"; shift
  run_one "$setup" "$@"
fi

echo "## Results"
echo
echo "$info"
echo "- Redis: $(redis-cli -u "$redis" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p') at $redis${redis_pid:+ (pid $redis_pid, its CPU sampled)}"
echo
java -jar "$work/bench/switchboard-bench.jar" report --with-broker "$results"
