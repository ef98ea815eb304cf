-- An analyst's corrections to entity resolution (issue 15): merge two entities, or split a
-- person's mention off its entity, each with a reason. Kept per member and applied on every
-- build of that member's network analysis, so they survive rebuilds. `a` and `b` are anchors
-- that outlive entity ids: `m:<incident id>#<person index>` for a person mention, or an
-- identifier's key (`phone:+6281…`); `b` is empty for a split.
CREATE TABLE entity_curations (
    id TEXT PRIMARY KEY,
    member TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    a TEXT NOT NULL,
    b TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX entity_curations_by_member ON entity_curations (member, created_at);
