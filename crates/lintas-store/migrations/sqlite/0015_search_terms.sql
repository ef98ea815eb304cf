-- Search finds incidents by term (a phone, a document, a name's sound key), so terms are also
-- keyed term first. `incident_terms_version` says which derivation the stored terms follow;
-- the store rebuilds older ones when it opens (search.rs).
CREATE INDEX incident_terms_by_term ON incident_terms (term, incident_rid);
CREATE TABLE incident_terms_version (version INTEGER NOT NULL);
INSERT INTO incident_terms_version (version) VALUES (1);

-- Reveals of victims' details in incidents by readers outside the owning agency, with the
-- reason they gave (the audit event carries its keyed hash).
CREATE TABLE incident_reveals (
    incident_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    member TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX incident_reveals_by_incident ON incident_reveals (incident_id);
