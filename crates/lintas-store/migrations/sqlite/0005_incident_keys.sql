-- Incidents get an integer key, `rid` (SQLite's rowid), and their search terms refer to it
-- instead of repeating the 36-character UUID text in both of the terms' indexes: bulk imports
-- write a quarter fewer bytes per incident. The UUID stays the incident's public identifier.
-- SQLite cannot add a primary key to a table, so both tables are rebuilt, keeping every row.
CREATE TABLE incidents_v5 (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
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
INSERT INTO incidents_v5 (rid, id, owner, agency_id, kind, occurred_from, occurred_to, sharing,
    shared_with, dedup_key, content_hash, search_text, doc, version, created_at, updated_at, deleted_at)
SELECT rowid, id, owner, agency_id, kind, occurred_from, occurred_to, sharing,
    shared_with, dedup_key, content_hash, search_text, doc, version, created_at, updated_at, deleted_at
FROM incidents ORDER BY rowid;

CREATE TABLE incident_terms_v5 (
    term TEXT NOT NULL,
    incident_rid INTEGER NOT NULL REFERENCES incidents_v5 (rid) ON DELETE CASCADE,
    PRIMARY KEY (term, incident_rid)
) WITHOUT ROWID;
INSERT INTO incident_terms_v5 (term, incident_rid)
SELECT t.term, i.rid FROM incident_terms t JOIN incidents_v5 i ON i.id = t.incident_id;

DROP TABLE incident_terms;
DROP TABLE incidents;
-- Renaming also rewrites the terms' foreign key to the new name.
ALTER TABLE incidents_v5 RENAME TO incidents;
ALTER TABLE incident_terms_v5 RENAME TO incident_terms;
CREATE INDEX incidents_by_date ON incidents (occurred_from DESC, id DESC);
CREATE INDEX incidents_by_owner ON incidents (owner, occurred_from DESC);
CREATE INDEX incident_terms_by_incident ON incident_terms (incident_rid);
