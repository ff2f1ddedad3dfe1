#!/usr/bin/env bash
# Memory per idle authenticated socket (issue 12): builds the server and the load generator, starts the server as
# its own process on 127.0.0.1 with raised limits, opens N authenticated sockets that then stay idle, and prints
# the server's RSS and live-heap growth per socket (`switchboard-bench idle`, which says how it measures).
#
#   bench/run-idle-sockets.sh            5,000 sockets
#   bench/run-idle-sockets.sh -n 15000   the arguments go to `switchboard-bench idle` (see its --help)
#   BENCH_IDLE_PATH=/ws/user/ bench/run-idle-sockets.sh -n 15000
#                                        per-user sockets, /ws/user/idle-<i>, each as its own user (--per-user)
#   BENCH_IDLE_PATH=/ws/ingest/ bench/run-idle-sockets.sh -n 15000
#                                        device sockets, /ws/ingest/<hash>/, a child each, 100 to a parent (--ingest)
#   BENCH_IDLE_PATH=/socket.io/ bench/run-idle-sockets.sh -n 15000
#                                        Socket.IO sockets (WebSocket transport), each as its own user with its token
#                                        in the handshake's query (--socketio --per-user)
#
# Non-interactive and bounded (idle's --hard-stop, `timeout 400`). Needs jcmd (the JDK) and, for N near the
# descriptor limit (`ulimit -n`, 20,000 here), a higher limit for both processes. Environment: as
# bench/run-fanout.sh (BENCH_NO_BUILD, BENCH_PORT, SWITCHBOARD_JAVA_OPTS, BENCH_JAVA_OPTS, BENCH_KEEP), and
# BENCH_IDLE_PATH, the socket path (default /ws, every socket as one user; a path ending in / gets a user per socket,
# /ws/ingest/ a child per socket, /socket.io/ a user per Socket.IO socket).
set -euo pipefail

idle_path="${BENCH_IDLE_PATH:-/ws}"
server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms1g -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare idle 18090

info="$(bench_machine)"
bench_start_server 1 "$work/data"
if [[ "$idle_path" == /ws/ingest/ ]]; then
  users=(--ingest)
elif [[ "$idle_path" == /socket.io/ ]]; then
  users=(--socketio --per-user)
elif [[ "$idle_path" == */ ]]; then
  users=(--per-user)
else
  java -jar "$work/server/switchboard-server.jar" token --user bench --data-dir "$work/data" --ttl 1h > "$work/token"
  users=(--token-file "$work/token")
fi
set +e
timeout 400 java $bench_opts -jar "$work/bench/switchboard-bench.jar" idle --url "ws://127.0.0.1:$port$idle_path" \
    "${users[@]}" --server-pid "$server_pid" --json-out "$results" "$@" > "$work/bench-1.out" 2> "$work/bench-1.err"
rc=$?
set -e
grep -m1 "network transport" "$work/server-1.log" | sed 's/^/  server: /' || true
stop_server
bench_report_run 1 "$rc"
echo
echo "$info"
exit "$rc"
