//! The audit view: the member's events, newest first, filterable.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_store::{AuditEntry, AuditFilter};
use serde::Deserialize;

use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

const PAGE: u32 = 100;

#[derive(Deserialize, Default)]
pub(crate) struct Params {
    #[serde(default)]
    action: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    record: String,
    before: Option<u64>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Option<Nav>,
    member: String,
    filter_action: String,
    filter_actor: String,
    filter_record: String,
    events: Vec<AuditEntry>,
    older: Option<String>,
}

pub(crate) async fn events(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(p): Query<Params>,
) -> Response {
    let filter = AuditFilter {
        action: opt(&p.action),
        actor: opt(&p.actor),
        record_id: opt(&p.record),
        before: p.before,
    };
    let events = match state
        .store
        .audit_events(&session.principal, &filter, PAGE)
        .await
    {
        Ok(e) => e,
        Err(e) => return error_page(&session, e),
    };
    let older = (events.len() as u32 == PAGE).then(|| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("action", &p.action),
            ("actor", &p.actor),
            ("record", &p.record),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        if let Some(last) = events.last() {
            q.append_pair("before", &last.seq.to_string());
        }
        format!("/audit?{}", q.finish())
    });
    page(
        StatusCode::OK,
        &AuditPage {
            nav: nav(&session, "audit"),
            member: session.principal.member.clone(),
            filter_action: p.action,
            filter_actor: p.actor,
            filter_record: p.record,
            events,
            older,
        },
    )
}
