#!/usr/bin/env bash
# End-to-end figures of the ETL on this machine: a full load of a simulated tenant into a fresh database, an
# incremental run after 1% of incidents and changes were updated, and a run with no changes. Each run is a
# separate `java -jar ... run` process, timed whole (JVM start included) with its peak RSS.
#
#   bench/pipeline.sh [INCIDENTS] [-- BEAM/RUN OPTIONS...]       (default 100000; build first: mvn -B package -DskipTests)
#
# Needs PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres (BENCH_PG_URL overrides the server).
set -euo pipefail
cd "$(dirname "$0")/.."
incidents="${1:-100000}"
shift || true
[[ "${1:-}" == "--" ]] && shift
extra=("$@")
jar=target/topdesk-warehouse.jar
[[ -f "$jar" ]] || { echo "build first: mvn -B package -DskipTests" >&2; exit 2; }
pg="${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432}"
db="bench_$(date +%s)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tmp=$(mktemp -d)
java -Xmx1g -jar "$jar" simulate --port "$port" --incidents "$incidents" --admin >"$tmp/sim.log" 2>&1 &
sim=$!
cleanup() { kill $sim 2>/dev/null || true; psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q "Press Ctrl+C" "$tmp/sim.log" && break; sleep 0.1; done
psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $db"
admin="http://127.0.0.1:$port/admin"

export TOPDESK_URL="http://127.0.0.1:$port" TOPDESK_USERNAME=reporting TOPDESK_APP_PASSWORD=reporting
export WAREHOUSE_JDBC_URL="$pg/$db" WAREHOUSE_USERNAME=postgres

served() { curl -s "$admin/counters" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(d["rows"].values()), sum(d["requests"].values()))'; }

run() {   # name; prints a result line
  local name=$1
  curl -s -X POST "$admin/counters/reset" >/dev/null
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" java -jar "$jar" run "${extra[@]}" >"$tmp/$name.out" 2>"$tmp/$name.err" \
    || { echo "run $name failed:"; cat "$tmp/$name.err" "$tmp/$name.out"; exit 1; }
  end=$(date +%s.%N)
  read -r rows requests < <(served)
  echo "$name $rows $requests $start $end $(tail -n 1 "$tmp/rss")" >>"$tmp/results"
}

run full
curl -s -X POST -d "{\"entitySet\":\"Incidents\",\"update\":$((incidents / 100))}" "$admin/mutations" >/dev/null
curl -s -X POST -d "{\"entitySet\":\"Changes\",\"update\":$((incidents / 1000))}" "$admin/mutations" >/dev/null
run incremental-1pct
run no-change

echo "pipeline: tenant of $incidents incidents, $(nproc) cores; each run a fresh JVM (wall time includes JVM start)"
python3 - "$tmp/results" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
print(f"{'run':<18} {'rows served':>12} {'requests':>9} {'wall s':>8} {'rows/s':>10} {'peak RSS MB':>12}")
full = None
for name, served, requests, start, end, rss in rows:
    wall = float(end) - float(start)
    full = full or wall
    print(f"{name:<18} {int(served):>12} {int(requests):>9} {wall:>8.2f} {int(served)/wall:>10.0f} {int(rss)/1024:>12.0f}")
inc = float(rows[1][4]) - float(rows[1][3])
print(f"incremental / full wall time: {inc/full:.1%}")
PY
echo "--- phases of the full load:"; grep -E "migrated|staged in|merged and" "$tmp/full.err" | sed 's/^[^ ]* [A-Z]* *[^ ]* - /  /'
echo "--- summary of the full load:"; cat "$tmp/full.out"
echo "--- summary of the incremental run:"; cat "$tmp/incremental-1pct.out"
