#!/usr/bin/env bash
# MRZ benchmark: python's `mrz` package vs `lintas mrz` over the same N seeded MRZs
# (mix of TD1/TD2/TD3, ~3% corrupted). Prints both throughputs and the ratio.
# Usage: bench/mrz.sh [N]   (default 1000000). Env: CARGO_TARGET_DIR, MRZ_BENCH_DIR (work
# directory for the data), LINTAS_BIN (use this binary instead of building).
set -euo pipefail
N="${1:-1000000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${MRZ_BENCH_DIR:-$(mktemp -d)}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

pip install --quiet mrz 2>/dev/null || pip install --quiet --break-system-packages mrz
# LINTAS_BIN=path skips the build (e.g. a release binary built earlier from the same tree).
if [ -n "${LINTAS_BIN:-}" ]; then
  LINTAS="$LINTAS_BIN"
else
  ( cd "$ROOT" && cargo build --release -p lintas-cli --quiet )
  LINTAS="$TARGET/release/lintas"
fi

DATA="$WORK/mrz_$N.txt"
python3 "$ROOT/bench/mrz_gen.py" "$N" 9303 > "$DATA"
echo "data: $DATA ($(wc -c < "$DATA") bytes, $N records)"

read -r PN PVALID PSECS < <(python3 "$ROOT/bench/mrz_peer.py" "$DATA")

START=$(date +%s.%N)
"$LINTAS" mrz --today 2026-11-23 "$DATA" > "$WORK/lintas_out.jsonl"
END=$(date +%s.%N)
LSECS=$(echo "$END - $START" | bc -l)
LN=$(wc -l < "$WORK/lintas_out.jsonl")
LVALID=$(grep -c '"valid":true' "$WORK/lintas_out.jsonl" || true)

python3 - "$PN" "$PVALID" "$PSECS" "$LN" "$LVALID" "$LSECS" <<'PY'
import sys
pn, pv, ps, ln, lv, ls = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
pr, lr = pn / ps, ln / ls
print(f"python mrz : {pn} records, {pv} valid, {ps:.2f} s, {pr:,.0f} records/s")
print(f"lintas mrz : {ln} records, {lv} valid, {ls:.2f} s, {lr:,.0f} records/s (JSON Lines written)")
print(f"ratio      : {lr / pr:.1f}x")
PY
