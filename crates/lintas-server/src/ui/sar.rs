//! Search-and-rescue incidents in the browser: a list (latest first, by country) and a page
//! per incident; they are also a layer of the maritime map (`assets/maritime.js`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_model::maritime::StoredSar;
use lintas_store::{Error, SarFilter};
use serde::Deserialize;

use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

/// Rescues per page.
const PAGE: u32 = 50;

/// The list's filters as typed (empty = any).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    country: String,
    #[serde(default)]
    cursor: String,
}

/// One rescue as the pages show it.
pub(crate) struct SarRow {
    id: String,
    occurred: String,
    country: String,
    position: String,
    on_board: String,
    rescued: u32,
    dead: u32,
    missing: u32,
    vessels: String,
    agency: String,
    owner: String,
}

fn sar_row(s: &StoredSar) -> SarRow {
    let r = &s.sar;
    SarRow {
        id: s.id.to_string(),
        occurred: r.occurred_at.format("%Y-%m-%d %H:%MZ").to_string(),
        country: r.country.clone(),
        position: format!("{:.3}, {:.3}", r.lat, r.lon),
        on_board: r
            .people_on_board
            .map(|n| n.to_string())
            .unwrap_or_else(|| "unknown".into()),
        rescued: r.rescued,
        dead: r.dead,
        missing: r.missing,
        vessels: r
            .vessels
            .iter()
            .map(|v| match (&v.name, v.mmsi) {
                (Some(n), Some(m)) => format!("{n} (MMSI {m})"),
                (Some(n), None) => n.clone(),
                (None, Some(m)) => format!("MMSI {m}"),
                (None, None) => "unnamed".into(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        agency: r.responding_agency.clone(),
        owner: s.owner.clone(),
    }
}

#[derive(Template)]
#[template(path = "sar_list.html")]
struct ListPage {
    nav: Option<Nav>,
    filter: Filters,
    rows: Vec<SarRow>,
    next: Option<String>,
}

/// `GET /sar?country=&cursor=`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    let filter = SarFilter {
        country: opt(&f.country).map(|c| c.to_ascii_uppercase()),
        ..SarFilter::default()
    };
    let p = match state
        .store
        .list_sar(
            &session.principal,
            &filter,
            opt(&f.cursor).as_deref(),
            Some(PAGE),
        )
        .await
    {
        Ok(p) => p,
        Err(e) => return error_page(&session, e),
    };
    let next = p.next_cursor.map(|c| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(country) = opt(&f.country) {
            q.append_pair("country", &country);
        }
        q.append_pair("cursor", &c);
        format!("/sar?{}", q.finish())
    });
    page(
        StatusCode::OK,
        &ListPage {
            nav: nav(&session, "maritime"),
            rows: p.items.iter().map(sar_row).collect(),
            next,
            filter: f,
        },
    )
}

#[derive(Template)]
#[template(path = "sar.html")]
struct DetailPage {
    nav: Option<Nav>,
    r: SarRow,
    narrative: String,
    incidents: Vec<String>,
    lat: f64,
    lon: f64,
}

/// `GET /sar/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return error_page(&session, Error::NotFound);
    };
    let s = match state.store.get_sar(&session.principal, id).await {
        Ok(s) => s,
        Err(e) => return error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &DetailPage {
            nav: nav(&session, "maritime"),
            narrative: s.sar.narrative.clone(),
            incidents: s.sar.incident_ids.iter().map(|i| i.to_string()).collect(),
            lat: s.sar.lat,
            lon: s.sar.lon,
            r: sar_row(&s),
        },
    )
}
