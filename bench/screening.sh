#!/usr/bin/env bash
# Screening accuracy and speed (issue 5): nomenklatura P/R/F1, yente UN recall and
# false-positive rate, transliteration cross-script recall, and the 1,000,000-entry
# index benchmark (build time, peak RSS, query p50/p99, recall index vs exhaustive).
# Usage: bench/screening.sh [ENTRIES] [EXHAUSTIVE_SAMPLE]   (run from the repo root)
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=${1:-1000000}
SAMPLE=${2:-20}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p lintas-names --example evaluate --example bench_index
echo "== accuracy (default threshold)"
"$CARGO_TARGET_DIR/release/examples/evaluate"
echo "== index: $ENTRIES generated entries + UN, OFAC, FtM lists"
"$CARGO_TARGET_DIR/release/examples/bench_index" "$ENTRIES" "$SAMPLE"
