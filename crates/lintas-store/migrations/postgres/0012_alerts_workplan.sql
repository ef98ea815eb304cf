-- Trend alerts (issue 16): one per member, series definition (scope), series and period,
-- raised by a detection run and reviewed (new, under_review, confirmed, dismissed).
CREATE TABLE trend_alerts (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL,
    series TEXT NOT NULL,
    strata TEXT NOT NULL,
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    observed BIGINT NOT NULL,
    expected DOUBLE PRECISION,
    upper_bound DOUBLE PRECISION,
    method TEXT NOT NULL,
    baseline_from TEXT,
    baseline_to TEXT,
    score DOUBLE PRECISION,
    p_value DOUBLE PRECISION,
    alarm BIGINT NOT NULL,
    alarm_fdr BIGINT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    state_reason TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
-- A re-run finds the alert it raised before instead of raising it again.
CREATE UNIQUE INDEX trend_alerts_once ON trend_alerts (owner, scope, series, period)
    WHERE deleted_at IS NULL;
CREATE INDEX trend_alerts_by_period ON trend_alerts (owner, period_start DESC, id DESC);

-- Work-plan activities (issue 16): trainings, workshops, roundtables, forums. `doc` is the
-- activity as submitted; kind and dates are columns for listing by year.
CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    sharing TEXT NOT NULL,
    shared_with TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    doc TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX activities_by_start ON activities (starts_on DESC, id DESC);
