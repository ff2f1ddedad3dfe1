# Shared by bench/run-*.sh (sourced, not run): the build, a private copy of both programs, a free port, stopping
# the server and cleaning up. The script sets its options first, then calls `bench_prepare NAME DEFAULT_PORT`,
# which sets here, work, results, port and server_pid. A script that must undo more when its server stops (a
# PostgreSQL schema) defines `on_server_stopped`. A script that pins the server and the generator to cores calls
# `bench_pin NAME` (which sets `server_pin` and `client_pin`); `bench_wait_ready` is how every server start waits
# for readiness.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_prepare() { # bench_prepare NAME DEFAULT_PORT
  bench_name="$1"
  if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
    echo "run-$bench_name: building server and bench..." >&2
    (cd "$here" && ./mvnw -q -B -DskipTests -pl server,bench -am package) >&2
  fi
  for f in "$here/server/target/switchboard-server.jar" "$here/bench/target/switchboard-bench.jar"; do
    [ -f "$f" ] || { echo "run-$bench_name: $f is missing (build without BENCH_NO_BUILD=1)" >&2; exit 1; }
  done
  # A private copy of both programs, so that a rebuild in the working tree cannot change them mid-run.
  work="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-$bench_name-bench.XXXXXX")"
  mkdir -p "$work/server" "$work/bench"
  cp -r "$here/server/target/switchboard-server.jar" "$here/server/target/lib" "$work/server/"
  cp -r "$here/bench/target/switchboard-bench.jar" "$here/bench/target/lib" "$work/bench/"
  results="$work/results.jsonl"
  : > "$results"
  server_pid=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  port="${BENCH_PORT:-$2}"
  for _ in $(seq 0 20); do port_free "$port" && break; port=$((port + 1)); done
  port_free "$port" || { echo "run-$bench_name: no free port from ${BENCH_PORT:-$2}" >&2; exit 1; }
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
  if declare -F on_server_stopped >/dev/null; then on_server_stopped; fi
}

bench_cleanup() {
  stop_server
  rm -rf "$work/server" "$work/bench"
  if [ "${BENCH_KEEP:-0}" = "1" ]; then echo "run-$bench_name: logs and results kept in $work" >&2; else rm -rf "$work"; fi
}

psql_do() { # psql_do SQL: against the PostgreSQL of pg_url as pg_user
  local hostport db
  hostport="$(echo "$pg_url" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')"
  db="$(echo "$pg_url" | sed -E 's#jdbc:postgresql://[^/]+/([^?]+).*#\1#')"
  psql -q -h "${hostport%%:*}" -p "${hostport##*:}" -U "$pg_user" -d "$db" -c "$1" >/dev/null
}

bench_machine() { # the lines that say where a table's figures come from
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'))," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory, $(uname -sr)"
  echo "- JDK: $(java -version 2>&1 | head -n 2 | tail -n 1)"
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ); server JVM: $server_opts; load generator JVM: $bench_opts"
  echo "- Load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_start_server() { # bench_start_server N DATA_DIR [SERVER ARGS...]: one node on $port with the limits raised
  local n="$1" data="$2"; shift 2
  mkdir -p "$data"
  # The server runs in $work so that no ./switchboard.properties of the caller applies.
  (cd "$work" && exec env -u SWITCHBOARD_PORT -u SWITCHBOARD_HOST -u SWITCHBOARD_DATA_DIR -u SWITCHBOARD_DATABASE_URL \
      ${server_pin:-} java $server_opts -jar "$work/server/switchboard-server.jar" serve --host 127.0.0.1 --port "$port" \
      --data-dir "$data" --set rate-limit-per-second=1000000 --set rate-limit-burst=1000000 \
      --set connect-rate-per-ip=1000000 --set connect-burst-per-ip=1000000 \
      --set rest-write-rate=1000000 --set rest-write-burst=1000000 \
      --set max-connections-per-user=100000 --set max-connections=100000 "$@") > "$work/server-$n.log" 2>&1 &
  server_pid=$!
  bench_wait_ready "$work/server-$n.log"
}

bench_pin() { # bench_pin NAME: server_pin and client_pin from BENCH_SERVER_CORE (0) and BENCH_CLIENT_CORE (1)
  command -v taskset >/dev/null || { echo "run-$1: taskset (util-linux) is needed to pin the processes" >&2; exit 1; }
  server_pin="taskset -c ${BENCH_SERVER_CORE:-0}"
  client_pin="taskset -c ${BENCH_CLIENT_CORE:-1}"
}

bench_start_baseline() { # bench_start_baseline N: the bench's minimal Netty server on $port, pinned like the server
  (cd "$work" && exec ${server_pin:-} java $server_opts -cp "$work/bench/switchboard-bench.jar" io.switchboard.bench.Bench \
      netty-baseline --port "$port" --max-run 300s) > "$work/server-$1.log" 2>&1 &
  server_pid=$!
  bench_wait_ready "$work/server-$1.log"
}

bench_wait_ready() { # bench_wait_ready LOG: until $server_pid answers /health/ready on $port (30 s at most)
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "run-$bench_name: the server did not become ready; its log:" >&2
  tail -n 40 "$1" >&2
  exit 1
}

bench_report_run() { # bench_report_run N RC: the run's table, and its log when it failed
  grep -v '^{"scenario"' "$work/bench-$1.out" || true
  if [ "$2" != 0 ]; then
    echo "run-$bench_name: run $1 ended with exit code $2; its log:" >&2
    tail -n 20 "$work/bench-$1.err" >&2
  fi
}
