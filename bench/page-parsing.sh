#!/usr/bin/env bash
# Olingo's reader against our streaming Jackson parse of the same Incidents pages (see PageParsingBench).
#   bench/page-parsing.sh [ROWS] [ROUNDS]     (defaults 50000 and 7; needs: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/topdesk-warehouse.jar && -d target/test-classes ]] || { echo "build first: mvn -B package -DskipTests" >&2; exit 2; }
exec java -Xmx2g -cp target/test-classes:target/topdesk-warehouse.jar io.tdwarehouse.bench.PageParsingBench "$@"
