#!/usr/bin/env bash
# Splink (DuckDB) vs `lintas link` on FEBRL 1-4, fake_1000 and historical_figures_with_errors_50k,
# in one run: pairwise P/R/F1 at p >= 0.9 and wall time for both, and their ratio.
# Usage (from the repo root): bench/linkage_peer.sh [febrl1 febrl2 febrl3 febrl4 fake_1000 historical_50k]
set -euo pipefail
cd "$(dirname "$0")/.."
pip install --quiet splink pandas
cargo build --release --quiet -p lintas-cli
export LINTAS="${CARGO_TARGET_DIR:-target}/release/lintas"
export LINKAGE_DATA="${LINKAGE_DATA:-../shared/data}"
nproc | xargs printf 'cores: %s\n'
python3 bench/linkage_peer.py "$@"
