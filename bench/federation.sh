#!/usr/bin/env bash
# Federation on loopback (docs/federation.md, numbers in docs/benchmarks.md): one
# nats-server -js, the hub and three member nodes (IDN on PostgreSQL when
# LINTAS_TEST_PG_URL is set), each member writing RATE regional records per second for SECS
# seconds; prints the hub's apply lag and revocation times. Then the placement, restart and
# loss scenarios of the default test run.
#   bench/federation.sh [RATE] [SECS]      (defaults: 50 300, the issue's scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
export LINTAS_FED_RATE=${1:-50} LINTAS_FED_SECS=${2:-300}
cargo test --workspace --test loopback -- --ignored --nocapture load_lag_and_revocation 2>&1 \
  | grep -E "FEDERATION|test result"
cargo test --workspace --test loopback -- --nocapture 2>&1 \
  | grep -E "converged|test result"
