#!/usr/bin/env bash
# Bulk-import throughput into the embedded SQLite store.
# Usage: bench/import.sh [ROWS]   (default 200000; LINTAS_BIN=path uses an already built binary)
# Generates ROWS valid incidents as CSV (seeded), imports them with the release `lintas`
# into a fresh SQLite file, prints incidents/second; then re-imports the same file (all rows
# unchanged) to show the idempotent path's speed.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lintas=${LINTAS_BIN:-}
if [ -z "$lintas" ]; then
  cargo build --release -q -p lintas-cli
  lintas=./target/release/lintas
fi
python3 - "$rows" "$work/incidents.csv" <<'PY'
import csv, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(2026)
origins = ["AFG", "IRN", "IRQ", "LKA", "BGD", "MMR", "PAK"]
with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["external_ref", "kind", "occurred_on", "place_country", "place_name", "origin", "transit", "destination",
                "modes", "tags", "migrants", "suspects", "fee_amount", "fee_currency", "fee_basis", "narrative", "sharing_level"])
    for i in range(n):
        y, m, d = rnd.randint(2021, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        w.writerow([f"BENCH-{i:07d}", rnd.choice(["smuggling", "trafficking", "maritime"]), f"{y}-{m:02d}-{d:02d}", "IDN",
                    "Kupang", rnd.choice(origins), "MYS;IDN", rnd.choice(["AUS", "NZL"]), "air;sea", "sea_crossing",
                    rnd.randint(5, 120), rnd.randint(1, 4), rnd.randint(20, 150) * 100, "USD", "per_person",
                    "Wooden boat intercepted with migrants on board; passage arranged through a broker.", rnd.choice(["national", "regional"])])
PY
db="sqlite://$work/bench.db"
run() {
  local start end
  start=$(date +%s.%N)
  "$lintas" import incidents "$work/incidents.csv" --db "$db" --state IDN --agency "Bench agency" >/dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'$1: {int(sys.argv[3])} rows in {s:.2f} s = {int(sys.argv[3])/s:,.0f} incidents/s')" "$start" "$end" "$rows"
}
run "first import (all created)"
run "re-import (all unchanged)"
