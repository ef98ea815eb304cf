//! The reports page: pick a report (monthly, quarterly, annual) and its period, download the
//! PDF or its figures as JSON. Generation is `lintas_app::report::generate` (audited there);
//! the fonts are read once, on first use.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use lintas_app::report::{ReportKind, ReportPeriod, generate};
use lintas_model::Action;
use lintas_report::{DEFAULT_CJK_DIR, DEFAULT_FONT_DIR, Fonts};
use lintas_store::{Error, Session};
use serde::Deserialize;

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// The fonts, read on first use (a few megabytes; most servers never make a report).
static FONTS: std::sync::OnceLock<std::result::Result<Arc<Fonts>, String>> =
    std::sync::OnceLock::new();

fn fonts() -> std::result::Result<Arc<Fonts>, Error> {
    FONTS
        .get_or_init(|| {
            let dir = std::env::var_os("LINTAS_REPORT_FONTS")
                .map_or_else(|| DEFAULT_FONT_DIR.into(), std::path::PathBuf::from);
            Fonts::load(&dir, Some(std::path::Path::new(DEFAULT_CJK_DIR)))
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Error::Corrupt)
}

/// The form as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Choice {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    nav: Option<Nav>,
    months: Vec<String>,
    quarters: Vec<String>,
    years: Vec<String>,
}

/// `GET /reports`.
pub(crate) async fn show(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    if let Err(e) = session.principal.require(Action::ReadTrends) {
        return error_page(&session, e);
    }
    // Offer the last complete periods: reports are made after a period closes.
    let today = state.store.clock().now().date_naive();
    let mut months = Vec::new();
    let mut d = today.with_day(1).unwrap_or(today);
    for _ in 0..24 {
        d = d.pred_opt().and_then(|x| x.with_day(1)).unwrap_or(d);
        months.push(d.format("%Y-%m").to_string());
    }
    let mut quarters = Vec::new();
    let (mut y, mut q) = (today.year(), (today.month() - 1) / 3 + 1);
    for _ in 0..12 {
        if q == 1 {
            (y, q) = (y - 1, 4);
        } else {
            q -= 1;
        }
        quarters.push(format!("{y}-Q{q}"));
    }
    let years = (1..=6).map(|k| (today.year() - k).to_string()).collect();
    page(
        StatusCode::OK,
        &ReportsPage {
            nav: nav(&session, "reports"),
            months,
            quarters,
            years,
        },
    )
}

fn download(session: &Session, body: Vec<u8>, mime: &'static str, filename: &str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    match HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        Ok(v) => {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        Err(_) => return error_page(session, Error::BadRequest("bad file name".into())),
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /reports/download?kind=…&period=…&format=pdf|json`.
pub(crate) async fn make(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(c): Query<Choice>,
) -> Response {
    if let Err(e) = session.principal.require(Action::ReadTrends) {
        return error_page(&session, e);
    }
    let kind = match ReportKind::parse(&c.kind) {
        Ok(k) => k,
        Err(e) => return error_page(&session, Error::BadRequest(format!("kind: {e}"))),
    };
    let period = match ReportPeriod::parse(kind, &c.period) {
        Ok(p) => p,
        Err(e) => return error_page(&session, Error::BadRequest(format!("period: {e}"))),
    };
    let json = match c.format.as_str() {
        "" | "pdf" => false,
        "json" => true,
        other => {
            return error_page(
                &session,
                Error::BadRequest(format!("format: `{other}` is not pdf or json")),
            );
        }
    };
    let fonts = match fonts() {
        Ok(f) => f,
        Err(e) => return error_page(&session, e),
    };
    // Typesetting takes a core for a second or more: one report per user at a time.
    let _slot = state.work.acquire(&session.principal.actor).await;
    let made = match generate(&state.store, &session.principal, &period, &[], fonts).await {
        Ok(m) => m,
        Err(e) => return error_page(&session, e),
    };
    let stem = format!(
        "lintas-{}-{}-{}",
        kind.name(),
        period.label,
        session.principal.member.to_ascii_lowercase()
    );
    if json {
        download(
            &session,
            made.data_json,
            "application/json",
            &format!("{stem}.json"),
        )
    } else {
        download(
            &session,
            made.pdf,
            "application/pdf",
            &format!("{stem}.pdf"),
        )
    }
}
