#!/usr/bin/env bash
# Stalled readers against the outbound budget (issue 12): for each heap size, a fresh server with that heap and its
# default budget (a quarter of the heap), N sockets that subscribe and stop reading, 4 that keep reading, and
# 32 KiB messages published at 50/s for 30 s (`switchboard-bench stalled`, see its --help), then a wait until every
# publication is answered and every reader caught up (or nothing changed for --settle, 15 s). Prints, per heap, the
# peaks of the server's RSS and heap, what it closed and what the readers got: the rows of the sizing table in
# docs/OPERATIONS.md.
#
#   bench/run-stalled-readers.sh                        256m:300 512m:600 1g:1200 (heap:stalled sockets)
#   bench/run-stalled-readers.sh 1g:3000 -- --rate 200  other pairs; arguments after -- go to `stalled`
#
# Non-interactive and bounded (stalled's --hard-stop, `timeout 300` per run). Environment: as bench/run-fanout.sh
# (BENCH_NO_BUILD, BENCH_PORT, BENCH_JAVA_OPTS, BENCH_KEEP); the server's heap comes from each pair.
set -euo pipefail

bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
pairs=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do pairs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ "${#pairs[@]}" -gt 0 ] || pairs=(256m:300 512m:600 1g:1200)
server_opts="(per run)"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare stalled 18090

info="$(bench_machine)"
java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data" --ttl 1h > "$work/token" 2>/dev/null || true
n=0
status=0
for pair in "${pairs[@]}"; do
  heap="${pair%%:*}" stalled="${pair##*:}"
  n=$((n + 1))
  server_opts="-Xms$heap -Xmx$heap -XX:+ExitOnOutOfMemoryError"
  rm -rf "$work/data-$n"
  bench_start_server "$n" "$work/data-$n"
  java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data-$n" --ttl 1h > "$work/token"
  echo "run-stalled-readers: run $n: heap $heap, $stalled stalled sockets" >&2
  echo "  load average         $(cut -d' ' -f1-3 /proc/loadavg) (before the run)"
  set +e
  timeout 300 java $bench_opts -jar "$work/bench/switchboard-bench.jar" stalled --url "ws://127.0.0.1:$port/ws" \
      --token-file "$work/token" --server-pid "$server_pid" --stalled "$stalled" --label "heap $heap, $stalled stalled" \
      --json-out "$results" "$@" > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  rc=$?
  set -e
  echo "  load average         $(cut -d' ' -f1-3 /proc/loadavg) (after the run)"
  alive=yes
  kill -0 "$server_pid" 2>/dev/null || alive="NO (it exited)"
  echo "  server still up      $alive"
  stop_server
  bench_report_run "$n" "$rc"
  [ "$rc" = 0 ] || status="$rc"
  echo
done
echo "$info"
exit "$status"
