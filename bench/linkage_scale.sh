#!/usr/bin/env bash
# Generates N (default 1,000,000) seeded person records with known duplicates and links them with
# `lintas link`, reporting accuracy, time and peak memory (/usr/bin/time -v).
# Usage (from the repo root): bench/linkage_scale.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
SEED="${2:-2026}"
WORK="${LINKAGE_WORK:-/tmp/lintas-linkage-scale}"
mkdir -p "$WORK"
cargo build --release --quiet -p lintas-cli
cargo run --release --quiet -p lintas-link --example generate_people -- "$N" "$SEED" "$WORK/people.csv"
LINTAS="${CARGO_TARGET_DIR:-target}/release/lintas"
/usr/bin/time -v "$LINTAS" link --input "$WORK/people.csv" --id id --truth entity --out "$WORK/out" \
  > "$WORK/entities.jsonl" 2> "$WORK/stderr.log" || { tail -20 "$WORK/stderr.log"; exit 1; }
grep -E "^lintas link: (blocking rule|[0-9]+ candidate|truth|done)" "$WORK/stderr.log"
grep -E "Elapsed|Maximum resident|User time|System time" "$WORK/stderr.log"
