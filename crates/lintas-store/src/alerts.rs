//! Trend alerts (issue 16) on the versioned-record core: one per member, series definition
//! (scope), series and period. A detection run raises them once (re-runs find them by the
//! unique key), reviewers move them through `AlertState`, and each alert opens the incidents
//! behind it — the signal line list — within what the viewer may see.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use lintas_model::alerts::{AlertFinding, AlertState, AlertTransition, StoredAlert};
pub use lintas_model::alerts::{SignalIncident, SignalLineList};
use lintas_model::{Action, FieldError, Sharing};
use serde::Serialize;
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{
    Keyset, Page, PageLimit, RecordAudit, RowGet, Values, Versioned, doc, insert_statement,
    page_of, uuid,
};
use crate::sql::{Arg, Sql, on_pool, query};
use crate::trends::{
    DocView, TrendField, TrendInterval, TrendMeasure, TrendQuery, combinations, date,
    incident_values,
};
use crate::visibility::push_visible_as;

const RECORD: &str = "alert";

impl Versioned for StoredAlert {
    const TABLE: &'static str = "trend_alerts";
    const ALIAS: &'static str = "t";
    const COLUMNS: &'static str = "t.id, CAST(t.version AS BIGINT) AS version, t.owner, \
        a.name AS agency, t.scope, t.series, t.strata, t.period, t.period_start, t.period_end, \
        CAST(t.observed AS BIGINT) AS observed, t.expected, t.upper_bound, t.method, \
        t.baseline_from, t.baseline_to, t.score, t.p_value, CAST(t.alarm AS BIGINT) AS alarm, \
        CAST(t.alarm_fdr AS BIGINT) AS alarm_fdr, t.reason, t.state, t.state_reason, \
        t.created_at, t.updated_at";
    const NOUN: &'static str = "alert";
    const AUDIT: RecordAudit = RecordAudit {
        record_type: RECORD,
        create: AuditAction::AlertCreate,
        update: AuditAction::AlertTransition,
        delete: AuditAction::AlertTransition,
    };
    const READ: Action = Action::ReadTrends;
    const CREATE: Action = Action::ReadTrends;
    const WRITE: Action = Action::ReadTrends;

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        let state = row.text("state")?;
        Ok(StoredAlert {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            finding: AlertFinding {
                scope: row.text("scope")?,
                series: row.text("series")?,
                strata: doc(row, "strata")?,
                period: row.text("period")?,
                period_start: row.text("period_start")?,
                period_end: row.text("period_end")?,
                observed: u64::try_from(row.int("observed")?).unwrap_or(0),
                expected: row.opt_real("expected")?,
                upper: row.opt_real("upper_bound")?,
                method: row.text("method")?,
                baseline_from: row.opt_text("baseline_from")?,
                baseline_to: row.opt_text("baseline_to")?,
                score: row.opt_real("score")?,
                p_value: row.opt_real("p_value")?,
                alarm: row.int("alarm")? != 0,
                alarm_fdr: row.int("alarm_fdr")? != 0,
                reason: row.text("reason")?,
            },
            state: AlertState::parse(&state)
                .ok_or_else(|| Error::Corrupt(format!("alert state `{state}`")))?,
            state_reason: row.opt_text("state_reason")?,
            created_at: row.text("created_at")?,
            updated_at: row.text("updated_at")?,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
}

/// Alerts stay with the member whose view raised them: counts of others' aggregate records
/// went into them.
fn national() -> Sharing {
    Sharing {
        level: "national".into(),
        states: Vec::new(),
    }
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn new_values<'a>(f: &AlertFinding, sharing: &'a Sharing) -> Result<Values<'a>> {
    let strata = serde_json::to_string(&f.strata).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(Values {
        sharing,
        columns: vec![
            ("scope", Arg::Text(f.scope.clone())),
            ("series", Arg::Text(f.series.clone())),
            ("strata", Arg::Text(strata)),
            ("period", Arg::Text(f.period.clone())),
            ("period_start", Arg::Text(f.period_start.clone())),
            ("period_end", Arg::Text(f.period_end.clone())),
            (
                "observed",
                Arg::Int(i64::try_from(f.observed).unwrap_or(i64::MAX)),
            ),
            ("expected", Arg::OptReal(finite(f.expected))),
            ("upper_bound", Arg::OptReal(finite(f.upper))),
            ("method", Arg::Text(f.method.clone())),
            ("baseline_from", Arg::OptText(f.baseline_from.clone())),
            ("baseline_to", Arg::OptText(f.baseline_to.clone())),
            ("score", Arg::OptReal(finite(f.score))),
            ("p_value", Arg::OptReal(finite(f.p_value))),
            ("alarm", Arg::Int(i64::from(f.alarm))),
            ("alarm_fdr", Arg::Int(i64::from(f.alarm_fdr))),
            ("reason", Arg::Text(f.reason.clone())),
            ("state", Arg::Text(AlertState::New.as_str().into())),
            ("state_reason", Arg::OptText(None)),
        ],
    })
}

/// What alerts to list.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only alerts in these states (empty: all).
    pub states: Vec<AlertState>,
    /// Only alerts of this series definition.
    pub scope: Option<String>,
    /// Only alerts of this series.
    pub series: Option<String>,
    /// Only alerts that survive Benjamini–Hochberg.
    pub fdr_only: bool,
}

/// What a detection run did to the inbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AlertsRaised {
    /// Alerts raised now.
    pub raised: u64,
    /// Alarms that already had their alert (left as they are, reviews included).
    pub already: u64,
}

impl TrendQuery {
    /// The series definition as stored with alerts: `measure|interval|fields|kinds`.
    pub fn scope(&self) -> String {
        let by: Vec<&str> = self.by.iter().map(|f| f.name()).collect();
        let mut kinds = self.kinds.clone();
        kinds.sort();
        format!(
            "{}|{}|{}|{}",
            self.measure.name(),
            self.interval.name(),
            by.join(","),
            kinds.join(",")
        )
    }

    /// The query a stored scope names (no range: the whole history).
    pub fn from_scope(scope: &str) -> Result<TrendQuery> {
        let bad = |e: String| Error::Corrupt(format!("alert scope `{scope}`: {e}"));
        let parts: Vec<&str> = scope.split('|').collect();
        let [measure, interval, by, kinds] = parts.as_slice() else {
            return Err(bad("expected four parts".into()));
        };
        let mut q = TrendQuery::new(
            TrendField::parse_list(by).map_err(bad)?,
            TrendInterval::parse(interval).map_err(bad)?,
        );
        q.measure = TrendMeasure::parse(measure).map_err(bad)?;
        q.kinds = kinds
            .split(',')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect();
        Ok(q)
    }
}

impl Store {
    /// Raises an alert for each finding that has none yet (same member, scope, series and
    /// period), each with its audit event, in one transaction. Findings already raised are
    /// left as they are, their review included: re-running detection does not duplicate.
    pub async fn raise_alerts(
        &self,
        principal: &Principal,
        findings: &[AlertFinding],
    ) -> Result<AlertsRaised> {
        principal.require(Action::ReadTrends)?;
        let mut existing: BTreeSet<(String, String, String)> = BTreeSet::new();
        let scopes: BTreeSet<&str> = findings.iter().map(|f| f.scope.as_str()).collect();
        for scope in scopes {
            let mut sql = Sql::new(
                "SELECT series, period FROM trend_alerts WHERE deleted_at IS NULL AND owner = ",
            );
            sql.bind_text(principal.member.as_str())
                .push(" AND scope = ")
                .bind_text(scope);
            on_pool!(self, pool => {
                for row in query!(sql).fetch_all(pool).await? {
                    existing.insert((scope.to_string(), row.try_get("series")?, row.try_get("period")?));
                }
            });
        }
        let sharing = national();
        let now = timestamp(self.clock.now());
        let mut out = AlertsRaised::default();
        let mut statements = Vec::new();
        let mut events = Vec::new();
        for f in findings {
            let key = (f.scope.clone(), f.series.clone(), f.period.clone());
            if !existing.insert(key) {
                out.already += 1;
                continue;
            }
            let id = Uuid::now_v7();
            statements.push(insert_statement::<StoredAlert>(
                principal,
                id,
                new_values(f, &sharing)?,
                &now,
            ));
            events.push(Audited::record(AuditAction::AlertCreate, RECORD, id));
            out.raised += 1;
        }
        if statements.is_empty() {
            return Ok(out);
        }
        self.write_records(
            principal,
            statements,
            false,
            events,
            Some(Error::BadRequest(
                "another detection run raised the same alerts meanwhile; run again".into(),
            )),
        )
        .await?;
        Ok(out)
    }

    /// The alert `id`, if the principal may see it.
    pub async fn get_alert(&self, principal: &Principal, id: Uuid) -> Result<StoredAlert> {
        self.fetch_record(principal, id).await
    }

    /// Alerts the principal may see, newest period first.
    pub async fn list_alerts(
        &self,
        principal: &Principal,
        filter: &AlertFilter,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<Page<StoredAlert>> {
        principal.require(Action::ReadTrends)?;
        let limit = PageLimit::clamp(limit);
        let mut sql =
            Self::select_visible::<StoredAlert>(principal, ", t.period_start AS sort_key");
        if !filter.states.is_empty() {
            sql.push(" AND t.state IN (");
            for (n, s) in filter.states.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(s.as_str());
            }
            sql.push(")");
        }
        if let Some(scope) = &filter.scope {
            sql.push(" AND t.scope = ").bind_text(scope.as_str());
        }
        if let Some(series) = &filter.series {
            sql.push(" AND t.series = ").bind_text(series.as_str());
        }
        if filter.fdr_only {
            sql.push(" AND t.alarm_fdr = 1");
        }
        if let Some(c) = cursor {
            let k = Keyset::decode(c, |k| NaiveDate::parse_from_str(k, "%Y-%m-%d").is_ok())?;
            k.push_after_desc(&mut sql, "t", "period_start");
        }
        sql.push(" ORDER BY t.period_start DESC, t.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let rows = self.fetch_rows(sql, Some("sort_key")).await?;
        Ok(page_of(rows, limit, |a: &StoredAlert| a.id))
    }

    /// Moves an alert in its review (any analyst of the owning member may), with its audit
    /// event. Refused: not visible (404), another member's (403), stale version (412), a move
    /// the workflow does not allow or a missing reason (422).
    pub async fn transition_alert(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
        t: AlertTransition,
    ) -> Result<StoredAlert> {
        let current: StoredAlert = self.fetch_record(principal, id).await?;
        principal.require(Action::ReadTrends)?;
        if current.owner != principal.member {
            return Err(Error::Forbidden(
                "only the member whose detection raised an alert reviews it".into(),
            ));
        }
        if let Some(v) = expected
            && v != current.version
        {
            return Err(Error::VersionConflict {
                current: current.version,
            });
        }
        let invalid = |field: &str, code: &str, message: String| {
            Error::Invalid(vec![FieldError {
                field: field.into(),
                code: code.into(),
                message,
            }])
        };
        if !current.state.may_move_to(t.to) {
            return Err(invalid(
                "to",
                "invalid_transition",
                format!(
                    "an alert {} cannot become {}",
                    current.state.label(),
                    t.to.label()
                ),
            ));
        }
        let reason = t.reason.trim();
        if reason.is_empty() && current.state.needs_reason(t.to) {
            return Err(invalid(
                "reason",
                "required",
                format!("say why the alert becomes {}", t.to.label()),
            ));
        }
        if reason.chars().count() > 2000 {
            return Err(invalid(
                "reason",
                "too_long",
                "at most 2000 characters".into(),
            ));
        }
        let sharing = national();
        let values = Values {
            sharing: &sharing,
            columns: vec![
                ("state", Arg::Text(t.to.as_str().into())),
                (
                    "state_reason",
                    Arg::OptText(Some(reason.to_string()).filter(|r| !r.is_empty())),
                ),
            ],
        };
        let event = Audited::record(AuditAction::AlertTransition, RECORD, id)
            .with_details(format!("{}>{}", current.state.as_str(), t.to.as_str()));
        self.update_record_audited(
            principal,
            id,
            current.version,
            values,
            Vec::new(),
            None,
            vec![event],
        )
        .await
    }

    /// Periods confirmed as outbreaks, per series, for the member's alerts of `scope`:
    /// detection leaves them out of later baselines.
    pub async fn confirmed_periods(
        &self,
        principal: &Principal,
        scope: &str,
    ) -> Result<BTreeMap<String, Vec<String>>> {
        let filter = AlertFilter {
            states: vec![AlertState::Confirmed],
            scope: Some(scope.to_string()),
            ..AlertFilter::default()
        };
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut cursor = None;
        loop {
            let page = self
                .list_alerts(principal, &filter, Some(PageLimit::MAX), cursor.as_deref())
                .await?;
            for a in page.items {
                if a.owner == principal.member {
                    out.entry(a.finding.series)
                        .or_default()
                        .push(a.finding.period);
                }
            }
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        Ok(out)
    }

    /// The signal line list of an alert: the incidents of its series and period that the
    /// principal may see (others' aggregate-shared records are counted, never listed). At
    /// most [`PageLimit::MAX`]. Audited as a list view naming the person-bearing incidents.
    pub async fn alert_incidents(
        &self,
        principal: &Principal,
        alert: &StoredAlert,
    ) -> Result<SignalLineList> {
        let listed = self.signal(principal, alert).await?;
        let ids: Vec<String> = listed
            .iter()
            .filter(|i| i.persons > 0)
            .map(|i| i.id.to_string())
            .collect();
        if !ids.is_empty() {
            let event = Audited::listed(AuditAction::IncidentList, "incident", ids);
            self.audit(&Actor::from(principal), &[event]).await?;
        }
        Ok(SignalLineList {
            not_shown: alert.finding.observed.saturating_sub(listed.len() as u64),
            incidents: listed,
        })
    }

    /// The routes (origin, transits, destination) of an alert's visible incidents with how
    /// many incidents took each, most first: what route grouping needs, without any person
    /// data (so not an audited read).
    pub async fn alert_routes(
        &self,
        principal: &Principal,
        alert: &StoredAlert,
    ) -> Result<Vec<(Vec<String>, u64)>> {
        let mut counts: BTreeMap<Vec<String>, u64> = BTreeMap::new();
        for i in self.signal(principal, alert).await? {
            *counts.entry(i.route).or_default() += 1;
        }
        let mut out: Vec<(Vec<String>, u64)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }

    async fn signal(
        &self,
        principal: &Principal,
        alert: &StoredAlert,
    ) -> Result<Vec<SignalIncident>> {
        principal.require(Action::ReadTrends)?;
        principal.require(Action::Read)?;
        let q = TrendQuery::from_scope(&alert.finding.scope)?;
        let f = &alert.finding;
        if q.measure != TrendMeasure::Incidents {
            return Ok(Vec::new());
        }
        let start = date(&f.period_start)?;
        let end = date(&f.period_end)?;
        let mut sql = Sql::new(
            "SELECT i.id, i.owner, i.kind, i.occurred_from, i.occurred_to, i.doc FROM incidents i WHERE 1 = 1",
        );
        push_visible_as(&mut sql, principal, "i", true);
        if principal.role == lintas_model::Role::RegionalAnalyst {
            // As counted: the RSO's own and regionally shared records.
            sql.push(" AND (i.owner = ")
                .bind_text(principal.member.as_str())
                .push(" OR i.sharing = 'regional')");
        }
        sql.push(" AND i.occurred_from >= ")
            .bind_text(start.to_string())
            .push(" AND i.occurred_to <= ")
            .bind_text(end.to_string());
        if !q.kinds.is_empty() {
            sql.push(" AND i.kind IN (");
            for (n, k) in q.kinds.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(k.as_str());
            }
            sql.push(")");
        }
        sql.push(" ORDER BY i.occurred_from DESC, i.id DESC");
        let mut listed = Vec::new();
        on_pool!(self, pool => {
            let mut rows = query!(sql).fetch(pool);
            while let Some(row) = rows.try_next().await? {
                let owner: String = row.try_get("owner")?;
                let kind: String = row.try_get("kind")?;
                let from_text: String = row.try_get("occurred_from")?;
                let to_text: String = row.try_get("occurred_to")?;
                let (from, to) = (date(&from_text)?, date(&to_text)?);
                if q.interval.start(from) != q.interval.start(to) {
                    continue;
                }
                let doc: DocView = serde_json::from_str(&row.try_get::<String, _>("doc")?)
                    .map_err(|e| Error::Corrupt(e.to_string()))?;
                let values: Vec<Vec<String>> = q
                    .by
                    .iter()
                    .map(|field| incident_values(*field, &owner, &kind, &doc, from, to))
                    .collect();
                if !combinations(&values).contains(&f.strata) {
                    continue;
                }
                let id: String = row.try_get("id")?;
                let mut route = vec![doc.route.origin.clone().unwrap_or_else(|| "unknown".into())];
                route.extend(doc.route.transit.iter().cloned());
                route.push(doc.route.destination.clone().unwrap_or_else(|| "unknown".into()));
                listed.push(SignalIncident {
                    id: Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
                    owner,
                    kind,
                    occurred_from: from.to_string(),
                    occurred_to: to.to_string(),
                    country: if doc.place.country.is_empty() {
                        "international_waters".into()
                    } else {
                        doc.place.country.clone()
                    },
                    route,
                    persons: doc.persons.len(),
                });
                if listed.len() >= PageLimit::MAX as usize {
                    break;
                }
            }
        });
        Ok(listed)
    }
}
