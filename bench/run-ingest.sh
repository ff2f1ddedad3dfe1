#!/usr/bin/env bash
# Ingest benchmark (issue 4): builds the server and the load generator, and for each database (SQLite, then
# PostgreSQL) starts the server as its own process on 127.0.0.1 with a fresh database, enrols the devices,
# streams telemetry and waits for acks, stops the server; then prints each run's table and, last, the Markdown
# table that docs/BENCHMARKS.md shows.
#
#   bench/run-ingest.sh                        the documented suite (ten runs, about 5 minutes)
#   bench/run-ingest.sh sqlite -d 100 -w 4     one run on one database; the arguments go to `switchboard-bench ingest`
#                                              (see `java -jar bench/target/switchboard-bench.jar ingest --help`);
#                                              `sqlite-full` is SQLite with sqlite-synchronous=FULL
#   bench/run-ingest.sh synchronous            SQLite with synchronous NORMAL against FULL (issue 15): the same
#                                              scenarios back to back, four runs
#
# Non-interactive. Environment:
#   BENCH_NO_BUILD=1        use the jars already in server/target and bench/target
#   BENCH_PORT=18190        first port to try (the next free one up to +20 is used)
#   BENCH_WARMUP=5s BENCH_DURATION=15s   warm-up and measured window of each run
#   BENCH_PG_URL            PostgreSQL for the postgres runs (default jdbc:postgresql://127.0.0.1:5432/test, user
#                           BENCH_PG_USER or postgres, no password); each run gets a fresh schema, dropped after
#   SWITCHBOARD_JAVA_OPTS   JVM options of the server (default -Xms512m -Xmx1g)
#   BENCH_JAVA_OPTS         JVM options of the load generator (default -Xms256m -Xmx768m)
#   BENCH_KEEP=1            keep the temporary directory (logs, results) after the run
set -euo pipefail

server_opts="${SWITCHBOARD_JAVA_OPTS:--Xms512m -Xmx1g}"
bench_opts="${BENCH_JAVA_OPTS:--Xms256m -Xmx768m}"
warmup="${BENCH_WARMUP:-5s}"
duration="${BENCH_DURATION:-15s}"
pg_url="${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
pg_user="${BENCH_PG_USER:-postgres}"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
schema=""
on_server_stopped() {
  if [ -n "$schema" ]; then psql_do "DROP SCHEMA IF EXISTS $schema CASCADE" || true; schema=""; fi
}
bench_prepare ingest 18190

start_server() { # start_server N DB
  local n="$1" db="$2" data="$work/data-$1"
  local dbflags=()
  mkdir -p "$data"
  if [ "$db" = "sqlite-full" ]; then
    dbflags=(--set sqlite-synchronous=FULL)
  elif [ "$db" = "postgres" ]; then
    schema="bench_ingest_${n}_$$_${RANDOM}"
    psql_do "CREATE SCHEMA $schema"
    dbflags=(--database-url "$pg_url$( [[ "$pg_url" == *\?* ]] && echo '&' || echo '?')currentSchema=$schema" --set "database-user=$pg_user")
  fi
  (cd "$work" && exec env -u SWITCHBOARD_PORT -u SWITCHBOARD_HOST -u SWITCHBOARD_DATA_DIR -u SWITCHBOARD_DATABASE_URL \
      java $server_opts -jar "$work/server/switchboard-server.jar" serve --host 127.0.0.1 --port "$port" \
      --data-dir "$data" "${dbflags[@]}" --set rate-limit-per-second=1000000 --set rate-limit-burst=1000000 \
      --set connect-rate-per-ip=1000000 --set connect-burst-per-ip=1000000 \
      --set max-connections=100000) > "$work/server-$n.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  if ! curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
    echo "run-ingest: the server did not become ready; its log:" >&2
    tail -n 40 "$work/server-$n.log" >&2
    exit 1
  fi
  : > "$work/tokens-$n"
  for p in $(seq 1 20); do
    java -jar "$work/server/switchboard-server.jar" token --user "bench-parent-$p" --data-dir "$data" --ttl 1h >> "$work/tokens-$n"
  done
}

machine() {
  bench_machine
  echo "- PostgreSQL: $(psql -h 127.0.0.1 -U "$pg_user" -d postgres -tAc 'SHOW server_version' 2>/dev/null || echo n/a) (default settings, local socket over TCP); SQLite: WAL, synchronous=NORMAL (sqlite-full: FULL)"
  echo "- Data directory's file system: $(df -hT "$work" 2>/dev/null | awk 'NR==2 {print $2 " on " $1}')"
}

n=0
run_one() { # run_one DB LABEL ARGS...
  local db="$1" label="$2"; shift 2
  n=$((n + 1))
  start_server "$n" "$db"
  echo "run-ingest: run $n ($db): ingest $*" >&2
  set +e
  timeout 200 java $bench_opts -jar "$work/bench/switchboard-bench.jar" ingest \
      --url "http://127.0.0.1:$port" --token-file "$work/tokens-$n" --server-pid "$server_pid" \
      --label "$db: $label" --json-out "$results" --warmup "$warmup" --duration "$duration" "$@" \
      > "$work/bench-$n.out" 2> "$work/bench-$n.err"
  local rc=$?
  set -e
  stop_server
  grep -v '^{"scenario"' "$work/bench-$n.out" || true
  if [ "$rc" != 0 ]; then
    echo "run-ingest: run $n ended with exit code $rc; its log:" >&2
    tail -n 20 "$work/bench-$n.err" >&2
  fi
  echo
}

info="$(machine)"
if [ "$#" -eq 0 ]; then
  for db in sqlite postgres; do
    run_one "$db" "10 devices, window 1, location" -d 10 -w 1
    run_one "$db" "100 devices, window 1, location" -d 100 -w 1
    run_one "$db" "100 devices, window 8, location" -d 100 -w 8
    run_one "$db" "100 devices, window 1, mixed" -d 100 -w 1 --mix mixed
    run_one "$db" "100 devices, window 1, HTTP fallback" -d 100 -w 1 --transport http
  done
elif [ "$1" = "synchronous" ]; then
  for db in sqlite sqlite-full; do
    run_one "$db" "10 devices, window 1, location" -d 10 -w 1
    run_one "$db" "100 devices, window 1, location" -d 100 -w 1
  done
else
  db="$1"; shift
  case "$db" in sqlite|sqlite-full|postgres) ;; *) echo "run-ingest: the first argument is sqlite, sqlite-full, postgres or synchronous" >&2; exit 2 ;; esac
  run_one "$db" "$*" "$@"
fi

echo "## Results"
echo
echo "$info"
echo
java -jar "$work/bench/switchboard-bench.jar" ingest-report "$results"
