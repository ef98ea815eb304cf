-- Border checks: the lost/stolen/revoked document registry and stored watchlists. Both are
-- shared like incidents (owner, sharing, shared_with, deleted_at), so the one visibility
-- predicate in src/visibility.rs decides who sees them.

-- One row per reporting member and document: reporting the same document again updates it;
-- reports of the same document by different members are separate hits. `document_number` is
-- normalised (upper case, no separators or fillers) so lookups by the MRZ's number match.
CREATE TABLE registry_documents (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    issuing_state TEXT NOT NULL,
    document_number TEXT NOT NULL,
    status TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    content_hash BYTEA NOT NULL,
    doc TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (owner, issuing_state, document_number)
);
CREATE INDEX registry_documents_by_number ON registry_documents (document_number, issuing_state);

-- Named watchlists of a member (its own list, or its copy of the UN, OFAC or OpenSanctions
-- list). `version` grows with every import that changed the list; in-memory screening
-- indexes are rebuilt when it moves.
CREATE TABLE watchlists (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    source_format TEXT NOT NULL,
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    entry_count BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (owner, name)
);

-- Entries keyed by the list's own identifier (UN reference number, OFAC ent_num, FtM id).
-- `doc` is the parsed entry (names, birth dates, nationalities, identifiers) as JSON.
CREATE TABLE watchlist_entries (
    list_id TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL,
    primary_name TEXT NOT NULL,
    listed_on TEXT,
    reason TEXT,
    content_hash BYTEA NOT NULL,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (list_id, entry_id)
);
