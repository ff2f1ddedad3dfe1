#!/usr/bin/env bash
# Bytes on the wire and server CPU per delivery (issue 17): a 2 KB JSON document republished with one field changing,
# fanned out to S subscribers that ask for one encoding each run (`switchboard-bench wire`, see its --help). One fresh
# server per mode, with websocket-compression=on and a `docs` namespace (delta = fossil for the delta run only), so
# that each mode is measured alone. Prints each run's table and, last, the Markdown table of docs/BENCHMARKS.md.
#
#   bench/run-wire.sh                           json deflate msgpack delta, 1000 subscribers, 20 publications/s
#   BENCH_SUBSCRIBERS=50 bench/run-wire.sh json deflate -- --rate 10   some modes; arguments after -- go to `wire`
#
# Non-interactive and bounded (wire's --hard-stop, `timeout 200` per run). Environment: as bench/run-fanout.sh
# (BENCH_NO_BUILD, BENCH_PORT, SWITCHBOARD_JAVA_OPTS, BENCH_JAVA_OPTS, BENCH_KEEP, BENCH_WARMUP, BENCH_DURATION), and
# BENCH_SUBSCRIBERS (1000).
# msgpack needs a server with the MessagePack sub-protocol, delta one with Fossil deltas (issue 17's other slices).
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
warmup="${BENCH_WARMUP:-10s}"
duration="${BENCH_DURATION:-20s}"
modes=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do modes+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ "${#modes[@]}" -gt 0 ] || modes=(json deflate msgpack delta)
extra=("$@")

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare wire 18090

info="$(bench_machine)"
rows=()
n=0
status=0
for mode in "${modes[@]}"; do
  n=$((n + 1))
  rm -rf "$work/data-$n"
  settings=(--set websocket-compression=on --set namespace.docs.subscribe=authenticated)
  [ "$mode" = "delta" ] && settings+=(--set namespace.docs.delta=fossil)
  bench_start_server "$n" "$work/data-$n" "${settings[@]}"
  java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data-$n" --ttl 1h > "$work/token"
  echo "run-wire: run $n: mode $mode" >&2
  set +e
  timeout 200 java $bench_opts -jar "$work/bench/switchboard-bench.jar" wire --url "ws://127.0.0.1:$port/ws" \
      --token-file "$work/token" --server-pid "$server_pid" --mode "$mode" -s "${BENCH_SUBSCRIBERS:-1000}" --warmup "$warmup" --duration "$duration" \
      --json-out "$results" "${extra[@]}" > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  rc=$?
  set -e
  stop_server
  if [ "$rc" -ne 0 ]; then
    echo "run-wire: run $n ($mode) failed with exit code $rc:" >&2
    tail -n 5 "$work/bench-$n.err" >&2
    status=1
    continue
  fi
  sed -n '1,5p' "$work/bench-$n.out"
  echo
  rows+=("$(grep '^| ' "$work/bench-$n.out")")
done

echo "## Results"
echo
echo "$info"
echo
echo "| mode | subscribers | document bytes | bytes on the wire per delivery | server CPU per delivery (µs) |"
echo "|---|---|---|---|---|"
for r in "${rows[@]}"; do echo "$r"; done
exit "$status"
