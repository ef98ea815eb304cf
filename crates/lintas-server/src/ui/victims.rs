//! Victim cases in the web UI (victim roles only): the case list and a case's page with its
//! workflow history and consents. Every case shown is an audited read (the store's `_audited`
//! methods); other roles get the store's refusal as a page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_model::victims::StoredVictimCase;
use lintas_model::victims::consent::StoredConsent;
use lintas_store::VictimCaseFilter;
use serde::Deserialize;

use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

/// Cases per page.
const PAGE: u32 = 50;

/// The list's query.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    cursor: String,
}

/// One row of the list.
pub(crate) struct Row {
    id: String,
    reference: String,
    name: String,
    status: String,
    step: String,
    sharing: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "victims.html")]
struct ListPage {
    nav: Option<Nav>,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "victim.html")]
struct CasePage {
    nav: Option<Nav>,
    case: StoredVictimCase,
    name: String,
    consents: Vec<StoredConsent>,
}

fn name(c: &StoredVictimCase) -> String {
    let p = &c.case.person;
    let parts: Vec<&str> = [&p.first_name, &p.second_name]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    if parts.is_empty() {
        "(no name recorded)".into()
    } else {
        parts.join(" ")
    }
}

/// `GET /victims`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(q): Query<ListQuery>,
) -> Response {
    let cursor = opt(&q.cursor);
    let listed = state
        .store
        .list_victim_cases_audited(
            &session.principal,
            &VictimCaseFilter::default(),
            cursor.as_deref(),
            Some(PAGE),
        )
        .await;
    let listed = match listed {
        Ok(p) => p,
        Err(e) => return error_page(&session, e),
    };
    let rows = listed
        .items
        .iter()
        .map(|c| Row {
            id: c.id.to_string(),
            reference: c.case.external_ref.clone().unwrap_or_default(),
            name: name(c),
            status: c.case.case.status.clone().unwrap_or_default(),
            step: c.workflow.step.as_str().replace('_', " "),
            sharing: c.case.sharing.level.clone(),
            updated: c.updated_at.get(..10).unwrap_or(&c.updated_at).to_string(),
        })
        .collect();
    page(
        StatusCode::OK,
        &ListPage {
            nav: nav(&session, "victims"),
            rows,
            next: listed.next_cursor.map(|c| {
                let mut q = form_urlencoded::Serializer::new(String::new());
                q.append_pair("cursor", &c);
                format!("/victims?{}", q.finish())
            }),
        },
    )
}

/// `GET /victims/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    let case = match state
        .store
        .read_victim_case_audited(&session.principal, id)
        .await
    {
        Ok(c) => c,
        Err(e) => return error_page(&session, e),
    };
    // The case's read above is the audited one; its consents belong to it.
    let consents = match state
        .store
        .list_consents_audited(&session.principal, id)
        .await
    {
        Ok(c) => c,
        Err(e) => return error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &CasePage {
            nav: nav(&session, "victims"),
            name: name(&case),
            case,
            consents,
        },
    )
}
