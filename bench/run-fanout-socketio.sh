#!/usr/bin/env bash
# Fan-out over Socket.IO against the native protocol (issue 13): the same fan-out scenario, back to back, with the
# subscribers on the native protocol (/ws) and on Socket.IO (Engine.IO's WebSocket transport at /socket.io/, the
# `join` event), each on a fresh server pinned to core 0 with the load generator on core 1, then one table with
# both protocols' deliveries/s and server CPU per delivery side by side. The publisher is a native socket in both,
# so the only difference is what the subscribers speak.
#
#   bench/run-fanout-socketio.sh                   the documented scenarios (1,000 subscribers at 100 msg/s, and
#                                                  saturating), each over both protocols (four runs, about 3 minutes)
#   bench/run-fanout-socketio.sh -s 1000 -r 100    one scenario over both protocols; the arguments go to `fanout`
#
# Non-interactive; every run is bounded (fanout's --hard-stop, `timeout 200`).
# Environment: as bench/run-fanout.sh (BENCH_NO_BUILD, BENCH_PORT, BENCH_WARMUP, BENCH_DURATION,
# SWITCHBOARD_JAVA_OPTS, BENCH_JAVA_OPTS, BENCH_KEEP), and
#   BENCH_SERVER_CORE=0 BENCH_CLIENT_CORE=1   the cores the server and the load generator are pinned to
#   BENCH_SERVER_SET="socketio-recovery=false"  extra server settings (space-separated key=value, each a --set)
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-10s}"
duration="${BENCH_DURATION:-20s}"
server_set=()
for kv in ${BENCH_SERVER_SET:-}; do server_set+=(--set "$kv"); done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_pin fanout-socketio
bench_prepare fanout-socketio 18090

run_one() { # run_one N PROTOCOL ARGS...: PROTOCOL is native or socketio
  local n="$1" protocol="$2"; shift 2
  # A fresh server (and data dir) per run, so that one protocol's run leaves nothing behind for the other's.
  bench_start_server "$n" "$work/data-$n" ${server_set[@]+"${server_set[@]}"}
  java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data-$n" --ttl 1h > "$work/token-$n"
  echo "run-fanout-socketio: run $n: $protocol: fanout $*" >&2
  set +e
  timeout 200 $client_pin java $bench_opts -jar "$work/bench/switchboard-bench.jar" fanout \
      --url "ws://127.0.0.1:$port/ws" --protocol "$protocol" --token-file "$work/token-$n" --server-pid "$server_pid" \
      --label "$protocol: $(label "$@")" --json-out "$results" "$@" > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null \
      | grep -E '^switchboard_(closes|queue_overflows|fanout_deliveries|errors)' > "$work/metrics-$n.txt" || true
  stop_server
  bench_report_run "$n" "$rc"
  echo "  server /metrics after the run:"
  sed 's/^/    /' "$work/metrics-$n.txt"
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
pair() { # pair ARGS...: the scenario over both protocols, back to back
  n=$((n + 1)); run_one "$n" native "$@"
  n=$((n + 1)); run_one "$n" socketio "$@"
}
if [ "$#" -eq 0 ]; then
  pair -s 1000 -r 100 "${common[@]}"
  pair -s 1000 --saturate --window 16 --window-on delivery "${common[@]}"
else
  pair "$@"
fi

echo "## Results"
echo
echo "$info"
echo "- Pinned: server with \`$server_pin\`, load generator with \`$client_pin\`"
[ "${#server_set[@]}" -gt 0 ] && echo "- Server settings besides the raised limits: ${server_set[*]}"
echo
java -jar "$work/bench/switchboard-bench.jar" report "$results"
