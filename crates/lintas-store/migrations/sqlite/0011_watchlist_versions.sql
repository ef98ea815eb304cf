-- One row per watchlist version (every import that changed the list): who imported it, the
-- counts, and the entries it added, changed (with the fields that changed) and removed, as
-- JSON. Diffs between any two recorded versions are composed from these rows.
CREATE TABLE watchlist_versions (
    list_id TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    source_format TEXT NOT NULL,
    entries INTEGER NOT NULL,
    added INTEGER NOT NULL,
    changed INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    changes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (list_id, version)
);
