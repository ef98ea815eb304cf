-- The maritime picture: AIS positions and vessels, detected events, corridors, SAR incidents.

-- Who fed AIS data in, and how it is shared. Positions and vessels point here by a small
-- integer instead of carrying owner and sharing on every row.
CREATE TABLE ais_sources (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (agency_id, sharing, shared_with)
);

-- Positions, compact: coordinates in AIS's unit (1/10 000 minute) as integers, speed and
-- course in tenths, receive time in Unix seconds; one row per vessel, source and second; no
-- index but the key, which keeps each vessel's track together (docs/ais.md, "Storage layout").
CREATE TABLE ais_positions (
    mmsi INTEGER NOT NULL,
    t INTEGER NOT NULL,
    source INTEGER NOT NULL,
    lat INTEGER NOT NULL,
    lon INTEGER NOT NULL,
    sog INTEGER,
    cog INTEGER,
    heading INTEGER,
    PRIMARY KEY (mmsi, source, t)
) WITHOUT ROWID;

-- Vessels per source: static data (types 5, 19, 24) and the latest position.
CREATE TABLE ais_vessels (
    source INTEGER NOT NULL,
    mmsi INTEGER NOT NULL,
    name TEXT,
    callsign TEXT,
    imo INTEGER,
    ship_type INTEGER,
    length_m INTEGER,
    beam_m INTEGER,
    static_t INTEGER,
    last_t INTEGER,
    last_lat INTEGER,
    last_lon INTEGER,
    last_sog INTEGER,
    last_cog INTEGER,
    last_heading INTEGER,
    PRIMARY KEY (source, mmsi)
);

-- Detected behaviours. `dedup_key` makes re-running detection over the same data idempotent.
CREATE TABLE ais_events (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    mmsi INTEGER NOT NULL,
    other_mmsi INTEGER,
    start_t INTEGER NOT NULL,
    end_t INTEGER NOT NULL,
    duration_s INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    distance_from_shore_nm REAL NOT NULL,
    detail TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (agency_id, dedup_key)
);
CREATE INDEX ais_events_by_start ON ais_events (start_t DESC, id DESC);
CREATE INDEX ais_events_by_mmsi ON ais_events (mmsi, start_t);

-- Watched corridors (GeoJSON polygons).
CREATE TABLE ais_corridors (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    geometry TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

-- Search and rescue incidents. `doc` is the record as submitted; counts are columns for trends.
CREATE TABLE sar_incidents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL,
    country TEXT NOT NULL,
    rescued INTEGER NOT NULL,
    dead INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX sar_incidents_by_time ON sar_incidents (occurred_at DESC, id DESC);

-- Vessels and incidents a SAR incident is linked to, for lookups from either side.
CREATE TABLE sar_links (
    sar_id TEXT NOT NULL REFERENCES sar_incidents (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    PRIMARY KEY (term, sar_id)
) WITHOUT ROWID;
