-- Closed-loop referrals (docs/victims.md, "Referrals"), stored by the versioned-record core. A
-- referral is shared with the receiving member (bilateral) once it has left; its content holds
-- only the case's fields of the classes the sender chose, and is emptied when the consent it
-- was sent under is revoked.
CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL CHECK (sharing IN ('national', 'bilateral')),
    shared_with TEXT NOT NULL DEFAULT '',
    case_id TEXT NOT NULL REFERENCES victim_cases (id),
    to_agency_id TEXT NOT NULL REFERENCES agencies (id),
    step TEXT NOT NULL,
    consent_id TEXT,
    doc TEXT NOT NULL,
    content TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX referrals_by_case ON referrals (case_id, created_at);
CREATE INDEX referrals_by_receiver ON referrals (to_agency_id, created_at DESC);
CREATE INDEX referrals_by_consent ON referrals (consent_id);
