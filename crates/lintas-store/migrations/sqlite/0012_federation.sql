-- Federation (docs/federation.md). The outbox: one row per change of a record that is, or
-- was, shared beyond its owner, written in the change's own transaction and copied from the
-- row as it stood at commit. The relay publishes pending rows and stamps `published_at`.
CREATE TABLE federation_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    version INTEGER NOT NULL,
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL,
    deleted INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX federation_outbox_pending ON federation_outbox (published_at, seq);
CREATE INDEX federation_outbox_by_record ON federation_outbox (record_type, record_id, seq);

-- Received copies: the highest version applied per (owner, record), tombstones included, so
-- replays and stale versions are ignored even after the copy itself was deleted.
CREATE TABLE federation_applied (
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    version INTEGER NOT NULL,
    sharing TEXT NOT NULL,
    handling TEXT NOT NULL,
    tombstone INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (record_type, record_id)
);
