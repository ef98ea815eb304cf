//! The dashboard: counts by kind and month, top routes, latest incidents.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Months, NaiveDate};
use lintas_store::{IncidentFilter, IncidentStats};

use super::incidents::{Row, row};
use super::{Nav, charts, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// `YYYY-MM` of every month from `since` (`YYYY-MM-DD`) to `today`.
fn months_between(since: &str, today: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(mut d) = NaiveDate::parse_from_str(since, "%Y-%m-%d") else {
        return out;
    };
    while d <= today {
        out.push(d.format("%Y-%m").to_string());
        match d.checked_add_months(Months::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    nav: Option<Nav>,
    member: String,
    since: String,
    stats: IncidentStats,
    month_chart: String,
    kind_chart: String,
    latest: Vec<Row>,
}

pub(crate) async fn show(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    let today = state.store.clock().now().date_naive();
    let since = today
        .checked_sub_months(Months::new(24))
        .unwrap_or(today)
        .format("%Y-%m-01")
        .to_string();
    let stats = match state.store.incident_stats(&session.principal, &since).await {
        Ok(s) => s,
        Err(e) => return super::error_page(&session, e),
    };
    let latest = match state
        .store
        .list_incidents_audited(
            &session.principal,
            &IncidentFilter::default(),
            None,
            Some(8),
        )
        .await
    {
        Ok(p) => p.items.iter().map(row).collect(),
        Err(e) => return super::error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &Dashboard {
            nav: nav(&session, "dashboard"),
            member: session.principal.member.clone(),
            month_chart: charts::stacked_months(
                &months_between(&since, today),
                &stats.by_month,
                &format!("Incidents per month since {since}, by kind"),
            ),
            kind_chart: charts::bars(&stats.by_kind, "Incidents by kind"),
            since,
            stats,
            latest,
        },
    )
}
