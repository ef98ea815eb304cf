//! The alert inbox pages: alerts by state with route alerts grouped (`lintas_app::alerts`),
//! one alert with its series chart, figures, review form and signal line list.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lintas_app::alerts::{alert_series, inbox};
use lintas_model::Action;
use lintas_model::alerts::{AlertState, AlertTransition, StoredAlert};
use lintas_store::{AlertFilter, Error, SignalIncident, TrendQuery};
use serde::Deserialize;
use uuid::Uuid;

use super::trends::{Chart, chart};
use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// The inbox filter as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    state: String,
    #[serde(default)]
    fdr: String,
}

/// One alert row.
pub(crate) struct Row {
    id: Uuid,
    series: String,
    period: String,
    observed: u64,
    expected: String,
    upper: String,
    method: String,
    fdr: bool,
    state: &'static str,
    scope: String,
}

/// A route alert: the member alerts along one route in one period.
pub(crate) struct RouteRow {
    period: String,
    route: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct InboxPage {
    nav: Option<Nav>,
    state: String,
    fdr: bool,
    states: Vec<(&'static str, &'static str)>,
    routes: Vec<RouteRow>,
    rows: Vec<Row>,
    truncated: bool,
}

#[derive(Template)]
#[template(path = "alert.html")]
struct AlertPage {
    nav: Option<Nav>,
    csrf: String,
    a: Row,
    version: i64,
    reason: String,
    state_reason: String,
    baseline: String,
    score: String,
    p_value: String,
    alarm: bool,
    moves: Vec<(&'static str, &'static str)>,
    may_review: bool,
    chart: Option<Chart>,
    incidents: Vec<SignalIncident>,
    not_shown: u64,
}

fn num(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(|| "–".into(), |x| format!("{x:.1}"))
}

/// The series definition in words: `incidents per month by member, kind`.
fn scope_words(scope: &str) -> String {
    match TrendQuery::from_scope(scope) {
        Ok(q) => {
            let by: Vec<&str> = q.by.iter().map(|f| f.name()).collect();
            let mut s = format!("{} per {}", q.measure.name(), q.interval.name());
            if !by.is_empty() {
                s.push_str(&format!(" by {}", by.join(", ")));
            }
            if !q.kinds.is_empty() {
                s.push_str(&format!(" ({})", q.kinds.join(", ")));
            }
            s
        }
        Err(_) => scope.to_string(),
    }
}

fn row(a: &StoredAlert) -> Row {
    let f = &a.finding;
    Row {
        id: a.id,
        series: f.series.clone(),
        period: f.period.clone(),
        observed: f.observed,
        expected: num(f.expected),
        upper: num(f.upper),
        method: f.method.clone(),
        fdr: f.alarm_fdr,
        state: a.state.label(),
        scope: scope_words(&f.scope),
    }
}

/// `GET /alerts`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    if let Err(e) = session.principal.require(Action::ReadTrends) {
        return error_page(&session, e);
    }
    let states = match f.state.as_str() {
        "" => vec![AlertState::New, AlertState::UnderReview],
        "all" => Vec::new(),
        s => match AlertState::parse(s) {
            Some(s) => vec![s],
            None => {
                return error_page(
                    &session,
                    Error::BadRequest(format!("state: `{s}` is not an alert state")),
                );
            }
        },
    };
    let filter = AlertFilter {
        states,
        fdr_only: f.fdr == "on",
        ..AlertFilter::default()
    };
    let found = match inbox(&state.store, &session.principal, &filter).await {
        Ok(i) => i,
        Err(e) => return error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &InboxPage {
            nav: nav(&session, "alerts"),
            state: f.state.clone(),
            fdr: f.fdr == "on",
            states: AlertState::ALL
                .iter()
                .map(|s| (s.as_str(), s.label()))
                .collect(),
            routes: found
                .routes
                .iter()
                .map(|r| RouteRow {
                    period: r.period.clone(),
                    route: r.route.join(" → "),
                    rows: r.alerts.iter().map(row).collect(),
                })
                .collect(),
            rows: found.single.iter().map(row).collect(),
            truncated: found.truncated,
        },
    )
}

fn parse_id(text: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(text).map_err(|_| Error::NotFound)
}

/// `GET /alerts/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(text): Path<String>,
) -> Response {
    let p = &session.principal;
    let shown = async {
        p.require(Action::ReadTrends)?;
        let alert = state.store.get_alert(p, parse_id(&text)?).await?;
        let signal = state.store.alert_incidents(p, &alert).await?;
        let series = alert_series(&state.store, p, &alert).await?;
        Ok::<_, Error>((alert, signal, series))
    }
    .await;
    let (alert, signal, series) = match shown {
        Ok(v) => v,
        Err(e) => return error_page(&session, e),
    };
    let f = &alert.finding;
    let chart = series.as_ref().and_then(|s| {
        let q = TrendQuery::from_scope(&f.scope).ok()?;
        Some(chart(s, 0, q.interval, &[]))
    });
    page(
        StatusCode::OK,
        &AlertPage {
            nav: nav(&session, "alerts"),
            csrf: session.csrf.clone(),
            a: row(&alert),
            version: alert.version,
            reason: f.reason.clone(),
            state_reason: alert.state_reason.clone().unwrap_or_default(),
            baseline: match (&f.baseline_from, &f.baseline_to) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => "–".into(),
            },
            score: num(f.score),
            p_value: f.p_value.map_or_else(|| "–".into(), |p| format!("{p:.2e}")),
            alarm: f.alarm,
            moves: AlertState::ALL
                .iter()
                .filter(|s| alert.state.may_move_to(**s))
                .map(|s| (s.as_str(), s.label()))
                .collect(),
            may_review: alert.owner == p.member,
            chart,
            incidents: signal.incidents,
            not_shown: signal.not_shown,
        },
    )
}

/// `POST /alerts/{id}/transition`: the review form.
pub(crate) async fn transition(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(text): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let value = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let p = &session.principal;
    let done = async {
        p.require(Action::ReadTrends)?;
        let id = parse_id(&text)?;
        let to = AlertState::parse(&value("to")).ok_or_else(|| {
            Error::BadRequest("to: choose new state under review, confirmed or dismissed".into())
        })?;
        let expected = value("version").parse().ok();
        state
            .store
            .transition_alert(
                p,
                id,
                expected,
                AlertTransition {
                    to,
                    reason: value("reason"),
                },
            )
            .await
    }
    .await;
    match done {
        Ok(a) => Redirect::to(&format!("/alerts/{}", a.id)).into_response(),
        Err(e) => error_page(&session, e),
    }
}
