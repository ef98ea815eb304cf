//! The trends page: counts over time of what the user may see, by a chosen field, with
//! detection (`lintas_app::trends`, method auto) drawn on one chart per series and the
//! current alarms in a table.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_app::trends::{SeriesResult, detect_stored};
use lintas_model::Action;
use lintas_stats::Options;
use lintas_store::{Error, TrendField, TrendInterval, TrendQuery};
use serde::Deserialize;

use super::charts::{SeriesChart, series_chart};
use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// Charts drawn on one page; the rest are listed by name.
const MAX_CHARTS: usize = 12;

/// The form as typed (empty = default).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    by: String,
    #[serde(default)]
    then_by: String,
    #[serde(default)]
    interval: String,
    #[serde(default)]
    kind: String,
}

/// An alarm row.
pub(crate) struct AlarmRow {
    series: String,
    period: String,
    observed: u64,
    expected: String,
    upper: String,
    method: &'static str,
    fdr: bool,
    reason: String,
}

/// A chart with its heading.
pub(crate) struct Chart {
    pub(crate) name: String,
    pub(crate) method: &'static str,
    pub(crate) reason: String,
    pub(crate) svg: String,
}

#[derive(Template)]
#[template(path = "trends.html")]
struct TrendsPage {
    nav: Option<Nav>,
    filter: Filters,
    fields: Vec<&'static str>,
    kinds: Vec<&'static str>,
    interval: &'static str,
    periods: usize,
    recent: usize,
    counted: u64,
    imprecise: u64,
    suppressed: u64,
    suppress_below: u64,
    alarms: Vec<AlarmRow>,
    charts: Vec<Chart>,
    more: Vec<String>,
}

fn num(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(|| "–".into(), |x| format!("{x:.1}"))
}

/// Periods shown on a chart: two years.
fn shown(interval: TrendInterval) -> usize {
    match interval {
        TrendInterval::Week => 104,
        _ => 24,
    }
}

/// Periods whose alarms count as current: the last month, or the last quarter of months.
fn recent(interval: TrendInterval) -> usize {
    match interval {
        TrendInterval::Week => 4,
        _ => 3,
    }
}

pub(crate) fn chart(
    r: &SeriesResult,
    n: usize,
    interval: TrendInterval,
    suppressed: &[bool],
) -> Chart {
    let skip = r.detections.len().saturating_sub(shown(interval));
    let d = &r.detections[skip..];
    let labels: Vec<String> = d.iter().map(|x| x.period.to_string()).collect();
    let observed: Vec<u64> = d.iter().map(|x| x.observed).collect();
    let expected: Vec<Option<f64>> = d.iter().map(|x| x.expected).collect();
    let upper: Vec<Option<f64>> = d.iter().map(|x| x.upper).collect();
    let alarms: Vec<bool> = d.iter().map(|x| x.alarm).collect();
    let suppressed = suppressed.get(skip..).unwrap_or(&[]);
    Chart {
        name: r.name.clone(),
        method: r.method.name(),
        reason: r.reason.clone(),
        svg: series_chart(&SeriesChart {
            id: &format!("trend-{n}"),
            title: &format!(
                "{}: counts per {}, expected and upper bound ({})",
                r.name,
                interval.name(),
                r.method.name()
            ),
            labels: &labels,
            observed: &observed,
            expected: &expected,
            upper: &upper,
            alarms: &alarms,
            suppressed,
        }),
    }
}

/// `GET /trends`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    if let Err(e) = session.principal.require(Action::ReadTrends) {
        return error_page(&session, e);
    }
    let interval = match f.interval.as_str() {
        "week" => TrendInterval::Week,
        "" | "month" => TrendInterval::Month,
        other => {
            return error_page(
                &session,
                Error::BadRequest(format!(
                    "the trends page shows weeks or months, not `{other}`"
                )),
            );
        }
    };
    let by_text = if f.by.is_empty() && f.then_by.is_empty() {
        "kind".to_string()
    } else {
        format!("{},{}", f.by, f.then_by)
    };
    let by = match TrendField::parse_list(&by_text) {
        Ok(b) => b,
        Err(e) => return error_page(&session, Error::BadRequest(e)),
    };
    let mut q = TrendQuery::new(by, interval);
    q.kinds = Some(f.kind.trim().to_string())
        .filter(|k| !k.is_empty())
        .into_iter()
        .collect();
    let run = match detect_stored(&state.store, &session.principal, &q, Options::default()).await {
        Ok(r) => r,
        Err(e) => return error_page(&session, e),
    };
    let periods = run.set.periods.len();
    let current_from = periods.saturating_sub(recent(interval));
    let mut alarms = Vec::new();
    for r in &run.results {
        for (k, d) in r.detections.iter().enumerate() {
            if d.alarm && k >= current_from {
                alarms.push(AlarmRow {
                    series: r.name.clone(),
                    period: d.period.to_string(),
                    observed: d.observed,
                    expected: num(d.expected),
                    upper: num(d.upper),
                    method: d.method.name(),
                    fdr: d.alarm_fdr,
                    reason: d.reason.clone(),
                });
            }
        }
    }
    alarms.sort_by(|a, b| b.period.cmp(&a.period).then(a.series.cmp(&b.series)));
    // Series with current alarms first, then the largest.
    let mut order: Vec<usize> = (0..run.results.len()).collect();
    let alarmed = |i: usize| alarms.iter().any(|a| a.series == run.results[i].name);
    let total = |i: usize| -> u64 { run.results[i].detections.iter().map(|d| d.observed).sum() };
    order.sort_by(|&a, &b| {
        alarmed(b)
            .cmp(&alarmed(a))
            .then(total(b).cmp(&total(a)))
            .then(a.cmp(&b))
    });
    let mut charts = Vec::new();
    let mut more = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        let r = &run.results[i];
        if n < MAX_CHARTS {
            let suppressed: Vec<bool> = run.set.series[i]
                .cells
                .iter()
                .map(|c| c.suppressed)
                .collect();
            charts.push(chart(r, n, interval, &suppressed));
        } else {
            more.push(r.name.clone());
        }
    }
    page(
        StatusCode::OK,
        &TrendsPage {
            nav: nav(&session, "trends"),
            fields: TrendField::ALL.iter().map(|f| f.name()).collect(),
            kinds: lintas_model::codes::INCIDENT_KIND
                .codes
                .iter()
                .map(|c| c.code)
                .collect(),
            interval: interval.name(),
            periods,
            recent: recent(interval),
            counted: run.set.counted,
            imprecise: run.set.imprecise_excluded,
            suppressed: run.set.suppressed_cells,
            suppress_below: run.set.suppress_below,
            alarms,
            charts,
            more,
            filter: Filters {
                by: if f.by.is_empty() && f.then_by.is_empty() {
                    "kind".into()
                } else {
                    f.by
                },
                ..f
            },
        },
    )
}
