//! The alert inbox (issue 16): alerts raised by detection runs over the caller's member's
//! indicators, their review and the incidents behind each (the signal line list).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use lintas_model::Action;
use lintas_model::alerts::{AlertState, AlertTransition, StoredAlert};
use lintas_store::{AlertFilter, SignalLineList};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::body::{CHECK_BYTES, Precondition, if_match, read_json, with_version};
use crate::auth::Auth;
use crate::problem::Problem;

/// Which alerts.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertParams {
    /// States, comma-separated: `new`, `under_review`, `confirmed`, `dismissed` (default all).
    state: Option<String>,
    /// One series name, e.g. `IDN/smuggling`.
    series: Option<String>,
    /// Only alerts that survive Benjamini–Hochberg (`true`).
    fdr: Option<bool>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size (default 50, at most 500).
    limit: Option<u32>,
}

/// One page of alerts, newest period first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertList {
    items: Vec<StoredAlert>,
    next_cursor: Option<String>,
}

/// An alert with the incidents behind it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertWithIncidents {
    #[serde(flatten)]
    alert: StoredAlert,
    /// The signal line list: the incidents of the alert's series and period the caller may
    /// see, and how many counted ones it may not.
    signal: SignalLineList,
}

/// States parsed from a comma-separated list, naming the bad one.
pub(crate) fn states(text: Option<&str>) -> Result<Vec<AlertState>, Problem> {
    text.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            AlertState::parse(s).ok_or_else(|| {
                Problem::bad_request(format!(
                    "state: `{s}` is not one of new, under_review, confirmed, dismissed"
                ))
            })
        })
        .collect()
}

fn id(text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| Problem::not_found())
}

/// Alerts raised on the caller's member's indicators; for analysts, regional analysts and
/// admins.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "trends", params(AlertParams),
    responses((status = 200, body = AlertList), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<AlertParams>,
) -> Result<Json<AlertList>, Problem> {
    p.require(Action::ReadTrends)?;
    let filter = AlertFilter {
        states: states(params.state.as_deref())?,
        series: params.series.filter(|s| !s.trim().is_empty()),
        fdr_only: params.fdr.unwrap_or(false),
        ..AlertFilter::default()
    };
    let page = state
        .store
        .list_alerts(&p, &filter, params.limit, params.cursor.as_deref())
        .await?;
    Ok(Json(AlertList {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// One alert with its signal line list (the incidents behind it that the caller may see;
/// audited as a list view).
#[utoipa::path(get, path = "/api/v1/alerts/{id}", tag = "trends", params(("id" = Uuid, Path)),
    responses((status = 200, body = AlertWithIncidents, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Response, Problem> {
    p.require(Action::ReadTrends)?;
    let alert = state.store.get_alert(&p, id(&text)?).await?;
    let signal = state.store.alert_incidents(&p, &alert).await?;
    Ok(with_version(
        StatusCode::OK,
        alert.version,
        AlertWithIncidents { alert, signal },
    ))
}

/// Move an alert in its review: `{"to": "under_review"}`, then `confirmed` or `dismissed`
/// with a `reason` (a decided alert may be reopened with a reason). Confirmed outbreaks are
/// left out of later baselines. `If-Match` is honoured.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/transitions", tag = "trends", params(("id" = Uuid, Path)), request_body = AlertTransition,
    responses((status = 200, body = StoredAlert, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
pub async fn transition(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    p.require(Action::ReadTrends)?;
    let id = id(&text)?;
    let expected = if_match(&headers)?.and_then(Precondition::version);
    let t: AlertTransition = read_json(&headers, body, CHECK_BYTES).await?;
    let stored = state.store.transition_alert(&p, id, expected, t).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}
