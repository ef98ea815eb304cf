-- The ids a list view showed, one row per id, copied from the event's `records` (lintas-audit
-- encoding version 2) so "who saw record X" is one indexed lookup. Verification checks these
-- rows against the events, as it checks audit_events' other index columns.
CREATE TABLE audit_records (
    record_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (record_id, seq)
);
CREATE INDEX audit_records_by_seq ON audit_records (seq);

-- Refused logins that name no account, counted per client address and minute, then written to
-- the audit log as one event per address and minute, so a flood cannot flood the log.
CREATE TABLE login_refusals (
    address TEXT NOT NULL,
    minute TEXT NOT NULL,
    refusals INTEGER NOT NULL,
    PRIMARY KEY (address, minute)
);
