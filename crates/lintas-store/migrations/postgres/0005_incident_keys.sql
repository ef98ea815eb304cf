-- Incidents get an integer key, `rid`, and their search terms refer to it instead of repeating
-- the 36-character UUID text in both of the terms' indexes (see the SQLite migration). The
-- store assigns `rid`s itself (the largest plus one, inside the audited transaction that
-- serialises all writers), so both backends insert the same statements.
ALTER TABLE incidents ADD COLUMN rid BIGINT;
UPDATE incidents SET rid = n.rid
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS rid FROM incidents) n
WHERE n.id = incidents.id;
ALTER TABLE incidents ALTER COLUMN rid SET NOT NULL;
ALTER TABLE incidents ADD CONSTRAINT incidents_rid_key UNIQUE (rid);

CREATE TABLE incident_terms_v5 (
    term TEXT NOT NULL,
    incident_rid BIGINT NOT NULL REFERENCES incidents (rid) ON DELETE CASCADE,
    PRIMARY KEY (term, incident_rid)
);
INSERT INTO incident_terms_v5 (term, incident_rid)
SELECT t.term, i.rid FROM incident_terms t JOIN incidents i ON i.id = t.incident_id;
DROP TABLE incident_terms;
ALTER TABLE incident_terms_v5 RENAME TO incident_terms;
ALTER INDEX incident_terms_v5_pkey RENAME TO incident_terms_pkey;
CREATE INDEX incident_terms_by_incident ON incident_terms (incident_rid);
