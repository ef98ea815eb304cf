-- Users of the web UI. Each belongs to one member and agency; `username` is stored lower-case.
-- `password_hash` is an argon2id PHC string (parameters in docs/security.md).
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    member TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    disabled_at TEXT
);
CREATE INDEX users_by_member ON users (member, username);

-- Browser sessions. Only SHA-256 of the cookie value is kept, so a copy of the database does not
-- let anyone take over a session.
CREATE TABLE sessions (
    id_hash BLOB PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- The audit log: `event` holds the canonical bytes (lintas-audit encoding, version 1) and
-- `leaf_hash` = SHA-256(0x00 || event); `seq` is the leaf index. The other columns copy fields
-- of the event so the UI can filter; verification reads only `event` and `leaf_hash`.
CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    event BLOB NOT NULL,
    leaf_hash BLOB NOT NULL,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    member TEXT,
    action TEXT NOT NULL,
    record_id TEXT,
    outcome TEXT NOT NULL
);
CREATE INDEX audit_events_by_member ON audit_events (member, seq);

-- The log's head: its name (origin), the public key that signs its checkpoints, and the
-- compact Merkle frontier after the last event, updated in the same transaction as each append.
CREATE TABLE audit_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    origin TEXT NOT NULL,
    verifier_key TEXT NOT NULL,
    size INTEGER NOT NULL,
    frontier BLOB NOT NULL
);

-- Signed checkpoints (C2SP signed notes), one per signed size.
CREATE TABLE audit_checkpoints (
    size INTEGER PRIMARY KEY,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
);
