#!/usr/bin/env bash
# The benchmark harness (issue: speed and scale). One command, one table, on this machine:
#
#   bench/run.sh [INCIDENTS]            (default 1000000; build first: mvn -B package -DskipTests)
#
# 1. starts the simulator with INCIDENTS (other sets scale with it) and creates a fresh warehouse database;
# 2. the limits: reading every page of Incidents over HTTP without parsing (curl, 10,000 rows a page), and COPY of
#    the same rows, from a prepared file, into an equivalent table (same columns, primary key);
# 3. the full load; an incremental run after 1% of incidents and changes were updated; a run with no changes —
#    each a fresh `bin/topdesk-warehouse run` process (JVM start included), its peak RSS measured;
# 4. prints rows, wall seconds, rows/s, peak RSS, HTTP requests, and the ratios full-load/COPY-limit and
#    incremental/full-load; then the CPU seconds of each run by the ETL, the simulator and PostgreSQL (the three
#    share this machine's cores: their sum over the number of cores is the least wall time the run could take).
# PostgreSQL: 127.0.0.1:5432, user postgres, trust auth (BENCH_PG_HOST / BENCH_PG_USER override).
set -euo pipefail
cd "$(dirname "$0")/.."
incidents="${1:-1000000}"
jar=target/topdesk-warehouse.jar
[[ -f "$jar" ]] || { echo "build first: mvn -B package -DskipTests" >&2; exit 2; }
pg_host="${BENCH_PG_HOST:-127.0.0.1}"
pg_user="${BENCH_PG_USER:-postgres}"
db="bench_$(date +%s)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tmp=$(mktemp -d)
java -Xmx1g -jar "$jar" simulate --port "$port" --incidents "$incidents" --admin --user bench:bench >"$tmp/sim.log" 2>&1 &
sim=$!
cleanup() {
  kill $sim 2>/dev/null || true
  psql -h "$pg_host" -U "$pg_user" -q -c "DROP DATABASE IF EXISTS $db" postgres 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q "Press Ctrl+C" "$tmp/sim.log" && break; sleep 0.1; done
psql -h "$pg_host" -U "$pg_user" -q -c "CREATE DATABASE $db" postgres
root="http://127.0.0.1:$port/services/reporting/v2/odata"
admin="http://127.0.0.1:$port/admin"
printf 'user = "bench:bench"\n' >"$tmp/curlrc"
: >"$tmp/results"; : >"$tmp/cpu"
now() { date +%s.%N; }
counters() { curl -s "$admin/counters" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(d["rows"].values()), sum(d["requests"].values()))'; }
# CPU seconds used so far by the simulator and by PostgreSQL (every postgres process, plus the backends that have
# exited, which the postmaster has reaped): with the ETL's own (from time), where a run's CPU went on 2 cores
cpu() {
  python3 - "$sim" <<'PY'
import os, sys
hz = os.sysconf('SC_CLK_TCK')
def used(pid, children):
    try:
        f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        return (int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if children else 0)) / hz
    except (OSError, IndexError, ValueError):
        return 0.0
pg = 0.0
for p in os.listdir('/proc'):
    if p.isdigit():
        try:
            if open(f'/proc/{p}/comm').read().strip() == 'postgres':
                pg += used(p, True)
        except OSError:
            pass
print(f"{used(sys.argv[1], False):.2f} {pg:.2f}")
PY
}

echo "limit: HTTP read of Incidents (no parsing) ..." >&2
curl -s -X POST "$admin/counters/reset" >/dev/null
url="$root/Incidents"; start=$(now)
while [[ -n "$url" ]]; do
  curl -sS --fail -K "$tmp/curlrc" -H "Prefer: odata.maxpagesize=10000" -o "$tmp/page" "$url"
  tail=$(tail -c 512 "$tmp/page")
  if [[ $tail =~ \"@odata.nextLink\":\"([^\"]*)\" ]]; then url="${BASH_REMATCH[1]}"; else url=""; fi
done
end=$(now); read -r rows requests < <(counters)
echo "http-read-limit $rows $requests $start $end 0" >>"$tmp/results"

export TOPDESK_URL="http://127.0.0.1:$port" TOPDESK_USERNAME=bench TOPDESK_APP_PASSWORD=bench
export WAREHOUSE_JDBC_URL="jdbc:postgresql://$pg_host:5432/$db" WAREHOUSE_USERNAME="$pg_user"
run() {
  local name=$1; shift
  echo "$name ..." >&2
  curl -s -X POST "$admin/counters/reset" >/dev/null
  local start end sim0 pg0 sim1 pg1
  read -r sim0 pg0 < <(cpu)
  start=$(now)
  /usr/bin/time -f "%M %U %S" -o "$tmp/rss" bin/topdesk-warehouse run "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" \
    || { echo "run $name failed:"; cat "$tmp/$name.err" "$tmp/$name.out"; exit 1; }
  end=$(now)
  read -r sim1 pg1 < <(cpu)
  read -r rows requests < <(counters)
  read -r rss user sys < <(tail -n 1 "$tmp/rss")
  echo "$name $rows $requests $start $end $rss" >>"$tmp/results"
  echo "$name $(python3 -c "print(f'{$user + $sys:.1f} {$sim1 - $sim0:.1f} {$pg1 - $pg0:.1f}')")" >>"$tmp/cpu"
}
run full-load
echo "limit: COPY of the loaded incidents from a file ..." >&2
cols=$(psql -h "$pg_host" -U "$pg_user" -d "$db" -Atc "SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position)
  FROM information_schema.columns WHERE table_schema = 'dw' AND table_name = 'fact_incident'
  AND column_name NOT IN ('loaded_at', 'is_deleted', 'deleted_at')")
psql -h "$pg_host" -U "$pg_user" -d "$db" -q -c "\\copy (SELECT $cols FROM dw.fact_incident) TO '$tmp/incidents.tsv'"
psql -h "$pg_host" -U "$pg_user" -d "$db" -q -c "CREATE TABLE public.copy_limit AS SELECT $cols FROM dw.fact_incident WITH NO DATA;
  ALTER TABLE public.copy_limit ADD PRIMARY KEY (incident_id)"
start=$(now)
psql -h "$pg_host" -U "$pg_user" -d "$db" -q -c "\\copy public.copy_limit ($cols) FROM '$tmp/incidents.tsv'"
end=$(now)
copied=$(psql -h "$pg_host" -U "$pg_user" -d "$db" -Atc "SELECT count(*) FROM public.copy_limit")
echo "copy-limit $copied 0 $start $end 0" >>"$tmp/results"

curl -s -X POST -d "{\"entitySet\":\"Incidents\",\"update\":$((incidents / 100))}" "$admin/mutations" >/dev/null
curl -s -X POST -d "{\"entitySet\":\"Changes\",\"update\":$((incidents / 1000))}" "$admin/mutations" >/dev/null
run incremental-1pct
run no-change

echo
echo "topdesk-warehouse benchmark: $incidents incidents, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
python3 - "$tmp/results" "$tmp/cpu" <<'PY'
import os, sys
rows = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
print(f"{'measurement':<18} {'rows':>10} {'wall s':>8} {'rows/s':>10} {'peak RSS MB':>12} {'requests':>9}")
wall = {}
for name in ["http-read-limit", "copy-limit", "full-load", "incremental-1pct", "no-change"]:
    n, req, start, end, rss = rows[name]
    wall[name] = float(end) - float(start)
    rss_mb = f"{int(rss) / 1024:.0f}" if int(rss) else "-"
    print(f"{name:<18} {int(n):>10} {wall[name]:>8.2f} {int(n) / wall[name]:>10.0f} {rss_mb:>12} {int(req):>9}")
print(f"full load / COPY limit:        {wall['full-load'] / wall['copy-limit']:.2f}x   (target <= 2.5x)")
print(f"incremental / full load:       {wall['incremental-1pct'] / wall['full-load']:.1%}   (target <= 5%)")
print(f"no-change run:                 {wall['no-change']:.2f} s   (target < 5 s)")
print()
print(f"{'CPU seconds':<18} {'ETL':>8} {'simulator':>10} {'PostgreSQL':>11} {'total':>8} {'/ cores':>8}")
cores = os.cpu_count()
for line in open(sys.argv[2]):
    name, etl, sim, pg = line.split()
    total = float(etl) + float(sim) + float(pg)
    print(f"{name:<18} {float(etl):>8.1f} {float(sim):>10.1f} {float(pg):>11.1f} {total:>8.1f} {total / cores:>7.1f}s")
PY
echo "--- phases of the full load:"; grep -E "migrated|staged in|merged and" "$tmp/full-load.err" | sed 's/^[^ ]* [A-Z]* *[^ ]* - /  /'
echo "--- summary of the full load:"; cat "$tmp/full-load.out"
