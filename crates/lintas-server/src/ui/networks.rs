//! The network view: facilitator networks found across the incidents the user may see, one
//! network's graph with its brokers ranked, and an entity's page from which the graph expands
//! (drawn by `assets/network.js` with the vendored cytoscape.js).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::api::networks::{
    EntityDetail, EntityRef, GraphView, IncidentSummary, NetworkParams, NetworkSummary,
    entity_detail, filter, graph_view, network_detail, paginate, summary,
};
use crate::auth::UiAuth;

/// Networks per page.
const PAGE: usize = 25;

/// The list's filters as typed (empty = any).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    state: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    cursor: String,
}

/// Graph JSON for a `<script type="application/json">` block: nothing in it can close the
/// block or open markup.
fn embedded(graph: &GraphView) -> String {
    serde_json::to_string(graph)
        .unwrap_or_else(|_| "{\"nodes\":[],\"edges\":[]}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[derive(Template)]
#[template(path = "networks.html")]
struct ListPage {
    nav: Option<Nav>,
    filter: Filters,
    kinds: Vec<&'static str>,
    items: Vec<NetworkSummary>,
    total: usize,
    analysed: usize,
    method: String,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    nav: Option<Nav>,
    network: NetworkSummary,
    ranked: Vec<EntityRef>,
    incidents: Vec<IncidentSummary>,
    graph_json: String,
    truncated: bool,
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage {
    nav: Option<Nav>,
    entity: EntityDetail,
    graph_json: String,
}

fn list_query(f: &Filters, cursor: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("state", f.state.as_str()),
        ("kind", f.kind.as_str()),
        ("entity", f.entity.as_str()),
        ("cursor", cursor),
    ] {
        if !v.trim().is_empty() {
            q.append_pair(k, v.trim());
        }
    }
    q.finish()
}

/// `GET /networks`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    let a = match state.store.networks(&session.principal).await {
        Ok(a) => a,
        Err(e) => return error_page(&session, e),
    };
    let params = NetworkParams {
        state: opt(&f.state),
        kind: opt(&f.kind),
        entity: opt(&f.entity),
        ..NetworkParams::default()
    };
    let matching = filter(&a, &params);
    let total = matching.len();
    let (items, next) = paginate(matching, opt(&f.cursor).as_deref(), PAGE).unwrap_or_default();
    page(
        StatusCode::OK,
        &ListPage {
            nav: nav(&session, "networks"),
            kinds: lintas_model::codes::INCIDENT_KIND
                .codes
                .iter()
                .map(|c| c.code)
                .collect(),
            items: items.into_iter().map(|n| summary(&a, n)).collect(),
            total,
            analysed: a.incidents.len(),
            method: a.method.clone(),
            next: next.map(|c| format!("/networks?{}", list_query(&f, &c))),
            filter: f,
        },
    )
}

/// `GET /networks/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let (a, index) = match state.store.network(&session.principal, &id).await {
        Ok(x) => x,
        Err(e) => return error_page(&session, e),
    };
    let Some(n) = a.network_at(index) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    let detail = network_detail(&a, n);
    page(
        StatusCode::OK,
        &NetworkPage {
            nav: nav(&session, "networks"),
            graph_json: embedded(&detail.graph),
            truncated: detail.graph.truncated,
            network: detail.summary,
            ranked: detail.ranked,
            incidents: detail.incident_list,
        },
    )
}

/// `GET /entities/{id}`.
pub(crate) async fn entity(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let (a, index) = match state.store.entity(&session.principal, &id).await {
        Ok(x) => x,
        Err(e) => return error_page(&session, e),
    };
    let Some(entity) = entity_detail(&a, index) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    page(
        StatusCode::OK,
        &EntityPage {
            nav: nav(&session, "networks"),
            graph_json: embedded(&graph_view(&a, &[index], 1, 150)),
            entity,
        },
    )
}
