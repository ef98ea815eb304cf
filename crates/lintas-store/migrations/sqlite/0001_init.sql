-- Agencies of members (tenants). `member` is an ISO 3166-1 alpha-3 code or an organisation code.
CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    member TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (member, name)
);

-- API keys: only a SHA-256 of the secret part is kept.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    secret_hash BLOB NOT NULL,
    member TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    role TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Incidents. `doc` holds the record as submitted (JSON); the other columns are what queries
-- filter on. `dedup_key` is the agency's external reference (or a content hash for imports
-- without one) and makes re-imports idempotent.
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    occurred_from TEXT NOT NULL,
    occurred_to TEXT NOT NULL,
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    dedup_key TEXT NOT NULL,
    content_hash BLOB NOT NULL,
    search_text TEXT NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (agency_id, dedup_key)
);
CREATE INDEX incidents_by_date ON incidents (occurred_from DESC, id DESC);
CREATE INDEX incidents_by_owner ON incidents (owner, occurred_from DESC);

-- Search terms of an incident: `c:AFG` (country on the route or the place), `m:sea` (mode),
-- `t:sea_crossing` (modus operandi), `i:phone:+628…` (normalised identifier).
CREATE TABLE incident_terms (
    term TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    PRIMARY KEY (term, incident_id)
) WITHOUT ROWID;
CREATE INDEX incident_terms_by_incident ON incident_terms (incident_id);
