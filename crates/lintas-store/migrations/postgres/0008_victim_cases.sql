-- Victim cases (HTCDS v2.0, docs/victims.md) and their consents, stored by the versioned-record
-- core. The record is its JSON document; the workflow (step, approvals, history) is kept beside
-- it so a transition and its history entry change with the case's version.
CREATE TABLE victim_cases (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL CHECK (sharing <> 'regional'),
    shared_with TEXT NOT NULL DEFAULT '',
    dedup_key TEXT NOT NULL,
    step TEXT NOT NULL,
    doc TEXT NOT NULL,
    workflow TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (agency_id, dedup_key)
);
CREATE INDEX victim_cases_by_created ON victim_cases (created_at DESC, id DESC);

-- A consent belongs to one case; revoking it is a change (version + 1), never a delete.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    case_id TEXT NOT NULL REFERENCES victim_cases (id),
    purpose TEXT NOT NULL,
    doc TEXT NOT NULL,
    revoked_at TEXT,
    revocation_reason TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX consents_by_case ON consents (case_id, created_at);
