//! The network view: facilitator networks found across the incidents the user may see, one
//! network's graph with its brokers ranked, and an entity's page from which the graph expands
//! (drawn by `assets/network.js` with the vendored cytoscape.js).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Nav, charts, csv_download, error_page, nav, opt, page};
use crate::AppState;
use crate::api::networks::{
    DetailFilter, EntityDetail, EntityRef, GraphView, IncidentSummary, NetworkParams,
    NetworkSummary, entity_detail, entity_ref, filter, filtered_incidents, graph_view,
    network_detail_filtered, paginate, summary,
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

/// A network page's filters as typed (empty = any).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DetailQuery {
    #[serde(default)]
    role: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl DetailQuery {
    fn filter(&self) -> Result<DetailFilter, lintas_store::Error> {
        let date = |field: &str, v: &str| -> Result<Option<String>, lintas_store::Error> {
            match opt(v) {
                None => Ok(None),
                Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map(|_| Some(d.clone()))
                    .map_err(|_| {
                        lintas_store::Error::BadRequest(format!(
                            "`{field}` must be a date (YYYY-MM-DD), not `{d}`"
                        ))
                    }),
            }
        };
        let role = opt(&self.role);
        if let Some(r) = &role
            && !lintas_model::codes::PERSON_ROLE
                .codes
                .iter()
                .any(|c| c.code == r)
        {
            return Err(lintas_store::Error::BadRequest(format!(
                "`role` must be a person role code, not `{r}`"
            )));
        }
        Ok(DetailFilter {
            role,
            state: opt(&self.state).map(|s| s.to_ascii_uppercase()),
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
        })
    }

    fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("role", &self.role),
            ("state", &self.state),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                q.append_pair(k, v.trim());
            }
        }
        q.finish()
    }
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    nav: Option<Nav>,
    network: NetworkSummary,
    ranked: Vec<EntityRef>,
    facilitators: Vec<EntityRef>,
    incidents: Vec<IncidentSummary>,
    shown_incidents: usize,
    graph_json: String,
    truncated: bool,
    filter: DetailQuery,
    filtered: bool,
    roles: Vec<(&'static str, &'static str)>,
    timeline: String,
    export: String,
}

/// The network's incidents per year and kind as stacked columns (the year of an incident
/// known only to the year is certain, so every incident has its column).
fn timeline(a: &lintas_store::Analysis, incidents: &[u32]) -> String {
    let mut counts: std::collections::BTreeMap<(String, String), i64> = Default::default();
    for r in incidents
        .iter()
        .filter_map(|&i| a.incidents.get(i as usize))
    {
        let year = r.occurred.get(..4).unwrap_or_default().to_string();
        *counts.entry((year, r.kind.clone())).or_default() += 1;
    }
    let years: Vec<i32> = counts.keys().filter_map(|(y, _)| y.parse().ok()).collect();
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return String::new();
    };
    let labels: Vec<String> = (first..=last).map(|y| y.to_string()).collect();
    let rows: Vec<(String, String, i64)> =
        counts.into_iter().map(|((y, k), n)| (y, k, n)).collect();
    charts::stacked_months(&labels, &rows, "Incidents of the network per year, by kind")
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage {
    nav: Option<Nav>,
    csrf: String,
    entity: EntityDetail,
    graph_json: String,
    /// Same-kind entities seen with it: (id, label), the likeliest to merge with.
    candidates: Vec<(String, String)>,
    /// Corrections that touch it: (action, reason, who, when).
    corrections: Vec<(String, String, String, String)>,
    errors: Vec<lintas_model::FieldError>,
    typed: Correction,
}

/// A merge or split as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Correction {
    #[serde(default)]
    with: String,
    #[serde(default)]
    incident: String,
    #[serde(default)]
    reason: String,
}

async fn entity_page(
    state: &AppState,
    session: &lintas_store::Session,
    id: &str,
    status: StatusCode,
    errors: Vec<lintas_model::FieldError>,
    typed: Correction,
) -> Response {
    let (a, index) = match state.store.entity(&session.principal, id).await {
        Ok(x) => x,
        Err(e) => return error_page(session, e),
    };
    let Some(entity) = entity_detail(&a, index) else {
        return error_page(session, lintas_store::Error::NotFound);
    };
    let candidates = entity
        .associates
        .iter()
        .filter(|o| o.entity.kind == entity.kind)
        .map(|o| (o.entity.id.clone(), o.entity.label.clone()))
        .collect();
    let corrections = a
        .curations
        .iter()
        .filter(|c| {
            [&c.a, &c.b]
                .iter()
                .any(|anchor| a.entity_of_anchor(anchor) == Some(index))
        })
        .map(|c| {
            (
                c.kind.as_str().to_string(),
                c.reason.clone(),
                c.actor.clone(),
                c.created_at.get(..10).unwrap_or_default().to_string(),
            )
        })
        .collect();
    page(
        status,
        &EntityPage {
            nav: nav(session, "networks"),
            csrf: session.csrf.clone(),
            graph_json: embedded(&graph_view(&a, &[index], 1, 150)),
            entity,
            candidates,
            corrections,
            errors,
            typed,
        },
    )
}

/// `POST /entities/{id}/merge`: merges entity `with` into this one, for a reason.
pub(crate) async fn merge(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Correction>,
) -> Response {
    match state
        .store
        .merge_entities(&session.principal, &id, &form.with, &form.reason)
        .await
    {
        Ok(merged) => axum::response::Redirect::to(&format!("/entities/{merged}")).into_response(),
        Err(lintas_store::Error::Invalid(errors)) => {
            entity_page(
                &state,
                &session,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                form,
            )
            .await
        }
        Err(e) => error_page(&session, e),
    }
}

/// `POST /entities/{id}/split`: splits this person's mention in one incident off, for a reason.
pub(crate) async fn split(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Correction>,
) -> Response {
    match state
        .store
        .split_entity(&session.principal, &id, &form.incident, &form.reason)
        .await
    {
        Ok(new) => axum::response::Redirect::to(&format!("/entities/{new}")).into_response(),
        Err(lintas_store::Error::Invalid(errors)) => {
            entity_page(
                &state,
                &session,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                form,
            )
            .await
        }
        Err(e) => error_page(&session, e),
    }
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

/// `GET /networks/{id}?role=&state=&from=&to=`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Response {
    let f = match q.filter() {
        Ok(f) => f,
        Err(e) => return error_page(&session, e),
    };
    let (a, index) = match state.store.network(&session.principal, &id).await {
        Ok(x) => x,
        Err(e) => return error_page(&session, e),
    };
    let Some(n) = a.network_at(index) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    let incidents = filtered_incidents(&a, n, &f);
    let detail = network_detail_filtered(&a, n, &f);
    let query = q.query();
    page(
        StatusCode::OK,
        &NetworkPage {
            nav: nav(&session, "networks"),
            graph_json: embedded(&detail.graph),
            truncated: detail.graph.truncated,
            timeline: timeline(&a, &incidents),
            shown_incidents: incidents.len(),
            export: format!(
                "/networks/{}/export.csv{}{query}",
                n.id,
                if query.is_empty() { "" } else { "?" }
            ),
            network: detail.summary,
            ranked: detail.ranked,
            facilitators: detail.facilitators,
            incidents: detail.incident_list,
            filtered: f.is_set(),
            roles: lintas_model::codes::PERSON_ROLE
                .codes
                .iter()
                .map(|c| (c.code, c.label))
                .collect(),
            filter: q,
        },
    )
}

/// `GET /networks/{id}/export.csv?role=&state=&from=&to=`: the network's entities and
/// incidents as the page shows them (audited as a read of the network).
pub(crate) async fn export(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Response {
    let f = match q.filter() {
        Ok(f) => f,
        Err(e) => return error_page(&session, e),
    };
    let (a, index) = match state.store.network(&session.principal, &id).await {
        Ok(x) => x,
        Err(e) => return error_page(&session, e),
    };
    let Some(n) = a.network_at(index) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    let incidents = filtered_incidents(&a, n, &f);
    let kept: std::collections::HashSet<u32> = incidents.iter().copied().collect();
    let facilitators: std::collections::HashMap<u32, usize> = a
        .facilitators(n)
        .into_iter()
        .enumerate()
        .map(|(rank, e)| (e, rank + 1))
        .collect();
    let entities = n.entities.iter().enumerate().filter_map(|(rank, &e)| {
        let ent = a.entities.get(e as usize)?;
        let shown =
            f.keeps_entity(ent) && (!f.is_set() || ent.incidents.iter().any(|i| kept.contains(i)));
        shown.then(|| {
            let r = entity_ref(ent);
            vec![
                "entity".into(),
                r.id,
                r.kind,
                r.label,
                r.roles.join(";"),
                r.incidents.to_string(),
                format!("{:.4}", r.betweenness),
                (rank + 1).to_string(),
                facilitators
                    .get(&e)
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
    });
    let incident_rows = crate::api::networks::incidents_latest_first(&a, &incidents, usize::MAX)
        .into_iter()
        .map(|i| {
            vec![
                "incident".into(),
                i.id,
                i.kind,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                i.occurred,
                i.owner,
                i.route.join(">"),
            ]
        });
    csv_download(
        &session,
        &format!("network-{}.csv", n.id),
        &[
            "record",
            "id",
            "kind",
            "label",
            "roles",
            "incidents",
            "betweenness",
            "centrality_rank",
            "broker_rank",
            "occurred",
            "reported_by",
            "route",
        ],
        entities.chain(incident_rows),
    )
}

/// An entity of an incident with its network, for the incident's links.
struct Linked {
    entity: EntityRef,
    network: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "incident_network.html")]
struct IncidentNetworkPage {
    nav: Option<Nav>,
    incident: String,
    linked: Vec<Linked>,
}

/// `GET /incidents/{id}/network`: the incident's persons and identifiers as resolved
/// entities, each with its network.
pub(crate) async fn incident_network(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    let (a, found) = match state
        .store
        .incident_entities(&session.principal, uuid)
        .await
    {
        Ok(x) => x,
        Err(e) => return error_page(&session, e),
    };
    let linked = found
        .iter()
        .filter_map(|&e| {
            let ent = a.entities.get(e as usize)?;
            Some(Linked {
                entity: entity_ref(ent),
                network: ent
                    .network
                    .and_then(|n| a.network_at(n))
                    .map(|n| (n.id.clone(), n.name.clone())),
            })
        })
        .collect();
    page(
        StatusCode::OK,
        &IncidentNetworkPage {
            nav: nav(&session, "networks"),
            incident: uuid.to_string(),
            linked,
        },
    )
}

/// `GET /entities/{id}`.
pub(crate) async fn entity(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    entity_page(
        &state,
        &session,
        &id,
        StatusCode::OK,
        Vec::new(),
        Correction::default(),
    )
    .await
}
