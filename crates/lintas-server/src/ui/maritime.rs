//! The maritime picture: a map (Leaflet over the bundled coastline, drawn by
//! `assets/maritime.js` from the JSON API) and the detected events as a filtered table.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime};
use lintas_model::maritime::AisEvent;
use lintas_store::{EVENT_KINDS, Error, EventFilter};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

/// The part of the world the basemap covers: the Bali Process region, from the Middle East
/// to the Pacific (`min_lon, min_lat, max_lon, max_lat`).
const REGION: [f32; 4] = [40.0, -50.0, 180.0, 45.0];

/// Events per page of the table.
const PAGE: u32 = 100;

/// What people call each event kind.
pub(crate) fn kind_label(kind: &str) -> &'static str {
    match kind {
        "ais_gap" => "going dark",
        "encounter" => "encounter",
        "loitering" => "loitering",
        "corridor_entry" => "corridor entry",
        _ => "other",
    }
}

/// The table's filters as typed (empty = any).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    cursor: String,
}

/// One line of the event table.
pub(crate) struct Row {
    start: String,
    end: String,
    kind: String,
    label: &'static str,
    vessels: String,
    duration: String,
    position: String,
    shore_nm: String,
    owner: String,
    /// For opening the vessel's track around the event: MMSI, start and end (RFC 3339).
    mmsi: u32,
    start_at: String,
    end_at: String,
}

fn row(e: &AisEvent) -> Row {
    let h = e.duration_s / 3600;
    let m = (e.duration_s % 3600) / 60;
    Row {
        start: e.start.replace('T', " ").replace("+00:00", "Z"),
        end: e.end.replace('T', " ").replace("+00:00", "Z"),
        kind: e.kind.clone(),
        label: kind_label(&e.kind),
        vessels: match e.other_mmsi {
            Some(o) => format!("{} & {o}", e.mmsi),
            None => e.mmsi.to_string(),
        },
        duration: format!("{h} h {m:02} min"),
        position: format!("{:.3}, {:.3}", e.lat, e.lon),
        shore_nm: format!("{:.1}", e.distance_from_shore_nm),
        owner: e.owner.clone(),
        mmsi: e.mmsi,
        start_at: e.start.clone(),
        end_at: e.end.clone(),
    }
}

#[derive(Template)]
#[template(path = "maritime.html")]
struct MaritimePage {
    nav: Option<Nav>,
    kinds: Vec<(&'static str, &'static str)>,
    filter: Filters,
    rows: Vec<Row>,
    error: Option<String>,
    /// API query of the same filter (without `?`), for the map and the exports.
    api_query: String,
    next: Option<String>,
}

fn date(s: &str, field: &str) -> Result<Option<NaiveDate>, String> {
    match opt(s) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{field}: `{d}` is not a date (YYYY-MM-DD)")),
    }
}

fn query(pairs: &[(&str, String)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    q.finish()
}

/// `GET /maritime`: the map and the event table.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    let mut error = None;
    let (from, to) = match (date(&f.from, "From"), date(&f.to, "To")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            error = Some(e);
            (None, None)
        }
    };
    let kind = opt(&f.kind);
    if let Some(k) = kind.as_deref().filter(|k| !EVENT_KINDS.contains(k)) {
        error = Some(format!("Kind: `{k}` is not a kind of event"));
    }
    let from_t = from.map(|d| d.and_time(NaiveTime::MIN).and_utc());
    let to_t = to
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc());
    let filter = EventFilter {
        kind: kind.clone(),
        from: from_t.map(|t| t.timestamp()),
        to: to_t.map(|t| t.timestamp()),
        bbox: None,
        mmsi: None,
    };
    let (rows, next_cursor) = if error.is_some() {
        (Vec::new(), None)
    } else {
        match state
            .store
            .list_events(
                &session.principal,
                &filter,
                opt(&f.cursor).as_deref(),
                Some(PAGE),
            )
            .await
        {
            Ok(p) => (p.items.iter().map(row).collect(), p.next_cursor),
            Err(Error::BadRequest(why)) => {
                error = Some(why);
                (Vec::new(), None)
            }
            Err(e) => return error_page(&session, e),
        }
    };
    let rfc = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default()
    };
    let api_query = if error.is_some() {
        String::new()
    } else {
        query(&[
            ("kind", kind.unwrap_or_default()),
            ("from", rfc(from_t)),
            ("to", rfc(to_t)),
        ])
    };
    let next = next_cursor.map(|c| {
        format!(
            "/maritime?{}",
            query(&[
                ("kind", f.kind.clone()),
                ("from", f.from.clone()),
                ("to", f.to.clone()),
                ("cursor", c),
            ])
        )
    });
    page(
        StatusCode::OK,
        &MaritimePage {
            nav: nav(&session, "maritime"),
            kinds: EVENT_KINDS.iter().map(|k| (*k, kind_label(k))).collect(),
            filter: f,
            rows,
            error,
            api_query,
            next,
        },
    )
}

fn coastline_json() -> &'static [u8] {
    static JSON: OnceLock<Vec<u8>> = OnceLock::new();
    JSON.get_or_init(|| {
        let lines: Vec<Value> = match lintas_ais::coast::bundled_outlines(REGION) {
            Ok(arcs) => arcs
                .into_iter()
                .map(|arc| {
                    // 1e-3 degree (about 100 m) is finer than the 1:50m source.
                    let r = |x: f32| (f64::from(x) * 1000.0).round() / 1000.0;
                    Value::Array(arc.into_iter().map(|(x, y)| json!([r(x), r(y)])).collect())
                })
                .collect(),
            Err(e) => {
                tracing::error!(error = %e, "bundled coastline unreadable");
                Vec::new()
            }
        };
        let doc = json!({
            "type": "Feature",
            "properties": {"source": "Natural Earth 1:50m land outlines (public domain)"},
            "geometry": {"type": "MultiLineString", "coordinates": lines},
        });
        serde_json::to_vec(&doc).unwrap_or_default()
    })
}

/// `GET /maritime/coastline.geojson`: the basemap, the region's coastline as one
/// MultiLineString feature.
pub(crate) async fn coastline(UiAuth(_session): UiAuth) -> Response {
    let mut r = (StatusCode::OK, coastline_json()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    r
}
