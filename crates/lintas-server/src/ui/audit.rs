//! The audit view: the member's events (or other members' events on the member's records),
//! newest first, filtered by user name, action, outcome, record and dates; exported as CSV.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use lintas_store::{
    Actor, AuditAction, AuditEntry, AuditFilter, Audited, Error, Outcome, PageLimit, Session,
};
use serde::Deserialize;

use super::{Nav, csv_download, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

const PAGE: u32 = 100;

#[derive(Deserialize, Default, Clone)]
pub(crate) struct Params {
    #[serde(default)]
    action: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// `1`: other members' events on this member's records.
    #[serde(default)]
    others: String,
    before: Option<u64>,
}

impl Params {
    /// The query string of these filters (without the page position).
    fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("action", &self.action),
            ("user", &self.user),
            ("outcome", &self.outcome),
            ("record", &self.record),
            ("from", &self.from),
            ("to", &self.to),
            ("others", &self.others),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

fn day(field: &str, value: &str) -> Result<Option<NaiveDate>, Error> {
    match opt(value) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Error::BadRequest(format!("{field}: `{v}` is not a date (YYYY-MM-DD)"))),
    }
}

/// The store filter for `p`; `None` when the named user does not exist in the member (so
/// nothing can match).
async fn filter_of(
    state: &AppState,
    session: &Session,
    p: &Params,
) -> Result<Option<AuditFilter>, Error> {
    let action = match opt(&p.action) {
        Some(a) => Some(a.parse::<AuditAction>()?.as_str().to_string()),
        None => None,
    };
    let outcome = match opt(&p.outcome) {
        Some(o) if OUTCOMES.contains(&o.as_str()) => Some(o),
        Some(o) => return Err(Error::BadRequest(format!("outcome: unknown `{o}`"))),
        None => None,
    };
    let actor = match opt(&p.user) {
        Some(name) => match state.store.member_actor(&session.principal, &name).await? {
            Some(id) => Some(id),
            None => return Ok(None),
        },
        None => None,
    };
    Ok(Some(AuditFilter {
        action,
        actor,
        record_id: opt(&p.record),
        before: p.before,
        others_on_ours: p.others == "1",
        outcome,
        from: day("from", &p.from)?,
        to: day("to", &p.to)?,
    }))
}

const OUTCOMES: [&str; 4] = ["success", "denied", "failed", "error"];

/// One event as the page shows it.
struct Row {
    time: String,
    who: String,
    member: String,
    agency: String,
    action: String,
    record: String,
    outcome: String,
    request: String,
}

fn rows(events: Vec<AuditEntry>, names: &HashMap<String, String>) -> Vec<Row> {
    events
        .into_iter()
        .map(|e| {
            let action = e
                .action
                .parse::<AuditAction>()
                .map(|a| a.label().to_string())
                .unwrap_or_else(|_| e.action.clone());
            let mut record = match (&e.record_type, &e.record_id) {
                (Some(t), Some(id)) => format!("{t} {id}"),
                (None, Some(id)) => id.clone(),
                (Some(t), None) if !e.records.is_empty() => {
                    format!("{} × {t}", e.records.len())
                }
                _ => String::new(),
            };
            if let Some(n) = e.count {
                record.push_str(&format!(" ({n} times)"));
            }
            Row {
                time: e.time,
                who: names.get(&e.actor).cloned().unwrap_or(e.actor),
                member: e.member.unwrap_or_default(),
                agency: e.agency.unwrap_or_default(),
                action,
                record,
                outcome: e.outcome,
                request: e.request_id.unwrap_or_default(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Option<Nav>,
    member: String,
    p: Params,
    actions: Vec<(&'static str, &'static str)>,
    outcomes: [&'static str; 4],
    rows: Vec<Row>,
    unknown_user: bool,
    older: Option<String>,
    export: String,
}

pub(crate) async fn events(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(p): Query<Params>,
) -> Response {
    let filter = match filter_of(&state, &session, &p).await {
        Ok(f) => f,
        Err(e) => return error_page(&session, e),
    };
    let events = match &filter {
        Some(f) => match state.store.audit_events(&session.principal, f, PAGE).await {
            Ok(e) => e,
            Err(e) => return error_page(&session, e),
        },
        None => Vec::new(),
    };
    let names = match state.store.actor_names(&session.principal, &events).await {
        Ok(n) => n,
        Err(e) => return error_page(&session, e),
    };
    let query = p.query();
    let older = (events.len() as u32 == PAGE)
        .then(|| events.last().map(|last| last.seq))
        .flatten()
        .map(|before| {
            let sep = if query.is_empty() { "" } else { "&" };
            format!("/audit?{query}{sep}before={before}")
        });
    page(
        StatusCode::OK,
        &AuditPage {
            nav: nav(&session, "audit"),
            member: session.principal.member.clone(),
            actions: AuditAction::ALL
                .iter()
                .map(|a| (a.as_str(), a.label()))
                .collect(),
            outcomes: OUTCOMES,
            rows: rows(events, &names),
            unknown_user: filter.is_none(),
            older,
            export: format!("/audit/export.csv?{query}"),
            p,
        },
    )
}

/// The filtered events as CSV (at most [`PageLimit::EXPORT_MAX`]); the export is itself
/// audited.
pub(crate) async fn export(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(p): Query<Params>,
) -> Response {
    let filter = match filter_of(&state, &session, &p).await {
        Ok(f) => f,
        Err(e) => return error_page(&session, e),
    };
    let events = match &filter {
        Some(f) => {
            match state
                .store
                .audit_events(&session.principal, f, PageLimit::EXPORT_MAX)
                .await
            {
                Ok(e) => e,
                Err(e) => return error_page(&session, e),
            }
        }
        None => Vec::new(),
    };
    let names = match state.store.actor_names(&session.principal, &events).await {
        Ok(n) => n,
        Err(e) => return error_page(&session, e),
    };
    let event = Audited::action(AuditAction::AuditExport, Outcome::Success).with_details(p.query());
    if let Err(e) = state
        .store
        .audit(&Actor::from(&session.principal), &[event])
        .await
    {
        return error_page(&session, e);
    }
    let lines = events.into_iter().map(|e| {
        vec![
            e.seq.to_string(),
            e.time,
            names.get(&e.actor).cloned().unwrap_or_default(),
            e.actor,
            e.member.unwrap_or_default(),
            e.agency.unwrap_or_default(),
            e.action,
            e.record_type.unwrap_or_default(),
            e.record_id.unwrap_or_default(),
            e.records.join(" "),
            e.count.map(|c| c.to_string()).unwrap_or_default(),
            e.outcome,
            e.request_id.unwrap_or_default(),
        ]
    });
    csv_download(
        &session,
        "audit-events.csv",
        &[
            "seq",
            "time",
            "name",
            "actor",
            "member",
            "agency",
            "action",
            "record_type",
            "record_id",
            "records",
            "count",
            "outcome",
            "request_id",
        ],
        lines,
    )
}
