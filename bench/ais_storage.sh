#!/bin/sh
# Storage and ingest-rate benchmark of `lintas ais ingest` on SQLite and PostgreSQL.
# Usage: bench/ais_storage.sh [VESSELS REPORTS STEP] (default 1000 vessels x 2000 reports = 2M positions)
# Needs: the lintas binary and the ais_synth example built in $CARGO_TARGET_DIR (default target/),
# sqlite3 and psql; PostgreSQL at $PG (default postgres://postgres@127.0.0.1:5432/test).
set -eu
T=${CARGO_TARGET_DIR:-target}/${PROFILE:-debug}
PG=${PG:-postgres://postgres@127.0.0.1:5432/test}
V=${1:-1000}; R=${2:-2000}; S=${3:-180}
W=$(mktemp -d)
"$T/examples/ais_synth" "$V" "$R" "$S" > "$W/traffic.nmea"
N=$(wc -l < "$W/traffic.nmea")
echo "positions in input: $N"

echo "== SQLite"
"$T/lintas" ais ingest --db "sqlite://$W/ais.db" --state IDN "$W/traffic.nmea" 2>/dev/null
sqlite3 "$W/ais.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
FILE=$(stat -c %s "$W/ais.db")
TABLE=$(sqlite3 "$W/ais.db" "SELECT SUM(pgsize) FROM dbstat WHERE name = 'ais_positions';" 2>/dev/null || echo "")
ROWS=$(sqlite3 "$W/ais.db" "SELECT COUNT(*) FROM ais_positions;")
echo "rows $ROWS, database file $FILE bytes ($(echo "scale=1; $FILE / $ROWS" | bc) B/position), positions table ${TABLE:-n/a} bytes"

echo "== PostgreSQL"
SCHEMA=bench_ais_$$
psql -q "$PG" -c "CREATE SCHEMA $SCHEMA"
"$T/lintas" ais ingest --db "$PG?options=-csearch_path%3D$SCHEMA" --state IDN "$W/traffic.nmea" 2>/dev/null
psql -q "$PG" -c "VACUUM ANALYZE $SCHEMA.ais_positions"
psql -At "$PG" -c "SELECT COUNT(*), pg_total_relation_size('$SCHEMA.ais_positions'), pg_relation_size('$SCHEMA.ais_positions'), round(pg_total_relation_size('$SCHEMA.ais_positions')::numeric / COUNT(*), 1) FROM $SCHEMA.ais_positions" \
  | awk -F'|' '{print "rows " $1 ", total (heap+key) " $2 " bytes, heap " $3 " bytes, " $4 " B/position"}'
psql -q "$PG" -c "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE"
rm -rf "$W"
