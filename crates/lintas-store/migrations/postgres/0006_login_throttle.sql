-- Login throttling (docs/security.md): one row per account (`user:<name>`) or client address
-- (`addr:<ip>`). Kept in the database so that the counts survive a restart and are shared by
-- every server process on the same database. Times are Unix milliseconds so that the one
-- reserving UPDATE can compare and add them on both backends.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);
