#!/usr/bin/env bash
# Measures how many Incidents rows/s the simulator serves to one sequential reader (curl following
# @odata.nextLink to the end), so that later pipeline benchmarks know it is not their bottleneck.
#
#   bench/simulator.sh [INCIDENTS] ["PAGE_SIZES"]   (defaults: 1000000 and "1000 10000"; build the jar first)
#
# "rows/s" is wall time, including a curl process start per page (several ms here); "in transfer" counts only
# the time curl spent on requests, i.e. what a client that keeps its process (like the pipeline) sees.
set -euo pipefail
cd "$(dirname "$0")/.."
incidents="${1:-1000000}"
read -r -a page_sizes <<< "${2:-1000 10000}"
jar=target/topdesk-warehouse.jar
[[ -f "$jar" ]] || { echo "build first: mvn -B package -DskipTests" >&2; exit 2; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tmp=$(mktemp -d)
java -Xmx512m -jar "$jar" simulate --port "$port" --incidents "$incidents" --admin --user bench:bench >"$tmp/sim.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do grep -q "Press Ctrl+C" "$tmp/sim.log" && break; sleep 0.1; done
root="http://127.0.0.1:$port/services/reporting/v2/odata"
printf 'user = "bench:bench"\n' >"$tmp/curlrc"   # credentials in a file, not on the process list

read_all() {   # prints: pages, and seconds spent inside curl transfers (excludes process start-up)
  local url="$root/Incidents" pages=0 tailtext
  : >"$tmp/times"
  while [[ -n "$url" ]]; do
    curl -sS --fail -K "$tmp/curlrc" -H "Prefer: odata.maxpagesize=$1" -o "$tmp/page" -w '%{time_total}\n' "$url" >>"$tmp/times"
    pages=$((pages + 1))
    tailtext=$(tail -c 512 "$tmp/page")
    if [[ $tailtext =~ \"@odata.nextLink\":\"([^\"]*)\" ]]; then url="${BASH_REMATCH[1]}"; else url=""; fi
  done
  echo "$pages $(awk '{s += $1} END {print s}' "$tmp/times")"
}

echo "simulator: Incidents of a tenant with $incidents incidents, one sequential curl reader following nextLinks"
printf '%10s %10s %7s %9s %10s %18s\n' "page size" rows pages seconds rows/s "rows/s in transfer"
for size in "${page_sizes[@]}"; do
  read_all "$size" >/dev/null   # warm-up pass: JIT
  curl -sS -X POST "http://127.0.0.1:$port/admin/counters/reset" >/dev/null
  start=$(date +%s.%N)
  read -r pages inside < <(read_all "$size")
  end=$(date +%s.%N)
  rows=$(curl -sS "http://127.0.0.1:$port/admin/counters" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"]["Incidents"])')
  python3 - "$size" "$rows" "$pages" "$start" "$end" "$inside" "$incidents" <<'PY'
import sys
size, rows, pages = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
start, end, inside, n = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
secs = end - start
print(f"{size:>10} {rows:>10} {pages:>7} {secs:>9.2f} {rows/secs:>10.0f} {rows/inside:>18.0f}")
if rows != n:
    sys.exit(f"expected {n} rows, the simulator served {rows}")
PY
done
