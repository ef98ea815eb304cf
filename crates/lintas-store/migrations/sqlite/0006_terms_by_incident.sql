-- Search terms keyed by incident first: `(incident_rid, term)`. New incidents get ever larger
-- `rid`s, so a bulk import appends to the end of this key instead of inserting into one place
-- per distinct term, and the same key serves both of its uses: the listing's per-incident
-- `EXISTS (… incident_rid = ? AND term = ?)` probe and replacing an incident's terms on update.
-- The separate by-incident index and the foreign key go: incidents are never deleted (only
-- marked deleted), terms are written only together with their incident in one transaction, and
-- the foreign-key probe on every term row cost an eighth of an import's database work.
-- Measured in docs/benchmarks.md (import: 126k → 82k instructions per incident on the writer).
CREATE TABLE incident_terms_v6 (
    incident_rid INTEGER NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (incident_rid, term)
) WITHOUT ROWID;
INSERT INTO incident_terms_v6 (incident_rid, term)
SELECT incident_rid, term FROM incident_terms ORDER BY incident_rid, term;
DROP TABLE incident_terms;
ALTER TABLE incident_terms_v6 RENAME TO incident_terms;
