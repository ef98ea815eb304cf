//! The dashboard: headline counts, incidents by month and kind over a chosen period (each bar
//! a link to the incidents behind it), top routes, latest incidents. Incidents whose date is
//! not known to the month are kept out of the monthly bins and counted in a note instead of
//! being piled into January.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, Months, NaiveDate};
use lintas_store::{IncidentFilter, IncidentStats};
use serde::Deserialize;

use super::incidents::{Row, row};
use super::{Nav, charts, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// `YYYY-MM` of every month from `since` (`YYYY-MM-DD`) to `until`.
fn months_between(since: &str, until: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(mut d) = NaiveDate::parse_from_str(since, "%Y-%m-%d") else {
        return out;
    };
    while d <= until {
        out.push(d.format("%Y-%m").to_string());
        match d.checked_add_months(Months::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// The first day of a `YYYY-MM` month.
fn month_start(month: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").ok()
}

/// The last day of the month `d` is in.
fn month_end(d: NaiveDate) -> NaiveDate {
    d.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(d)
}

/// The period picked (`YYYY-MM`, both optional).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Period {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    nav: Option<Nav>,
    member: String,
    from: String,
    to: String,
    since: String,
    until: String,
    problem: Option<String>,
    stats: IncidentStats,
    imprecise_total: i64,
    month_chart: String,
    kind_chart: String,
    latest: Vec<Row>,
}

/// Incidents list URL of a kind (or any) over a span of days.
fn incidents_url(kind: Option<&str>, from: &str, to: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(k) = kind {
        q.append_pair("kind", k);
    }
    q.append_pair("from", from).append_pair("to", to);
    format!("/incidents?{}", q.finish())
}

pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(period): Query<Period>,
) -> Response {
    let today = state.store.clock().now().date_naive();
    let default_from = today
        .checked_sub_months(Months::new(23))
        .unwrap_or(today)
        .with_day(1)
        .unwrap_or(today);
    let mut problem = None;
    let mut pick = |typed: &str, field: &str, default: NaiveDate| {
        if typed.trim().is_empty() {
            return default;
        }
        month_start(typed).unwrap_or_else(|| {
            problem = Some(format!(
                "`{field}` must be a month (YYYY-MM), not `{}`; showing the default period.",
                typed.trim()
            ));
            default
        })
    };
    let mut first = pick(&period.from, "from", default_from);
    let mut last = month_end(pick(&period.to, "to", today));
    if first > last {
        problem = Some("The period ends before it starts; showing the default period.".into());
        (first, last) = (default_from, month_end(today));
    }
    let since = first.format("%Y-%m-%d").to_string();
    let until = last.format("%Y-%m-%d").to_string();
    let stats = match state
        .store
        .incident_stats_between(&session.principal, &since, &until)
        .await
    {
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
    let month_link = |month: &str, kind: &str| {
        let start = month_start(month).unwrap_or(first);
        incidents_url(
            Some(kind),
            &start.format("%Y-%m-%d").to_string(),
            &month_end(start).format("%Y-%m-%d").to_string(),
        )
    };
    let kind_link = |kind: &str| incidents_url(Some(kind), &since, &until);
    page(
        StatusCode::OK,
        &Dashboard {
            nav: nav(&session, "dashboard"),
            member: session.principal.member.clone(),
            month_chart: charts::stacked_months_linked(
                &months_between(&since, last),
                &stats.by_month,
                &format!("Incidents known to the month, {since} to {until}, by kind"),
                Some(&month_link),
            ),
            kind_chart: charts::bars_linked(&stats.by_kind, "Incidents by kind", Some(&kind_link)),
            imprecise_total: stats.imprecise.iter().map(|(_, n)| n).sum(),
            from: first.format("%Y-%m").to_string(),
            to: last.format("%Y-%m").to_string(),
            since,
            until,
            problem,
            stats,
            latest,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_end_on_their_last_day() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(month_end(d("2024-02-10")), d("2024-02-29"));
        assert_eq!(month_end(d("2025-12-01")), d("2025-12-31"));
        assert_eq!(month_start("2025-13"), None);
        assert_eq!(
            months_between("2024-11-01", d("2025-01-31")),
            ["2024-11", "2024-12", "2025-01"]
        );
    }
}
