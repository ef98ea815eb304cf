//! Facilitator networks and resolved entities (issue 6). Everything is computed from the
//! incidents the caller may see; ids of networks or entities the caller cannot see answer 404.

use axum::Json;
use axum::extract::{Path, Query, State};
use lintas_store::{Analysis, Entity, IncidentRef, Network, Node};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// Query of the network list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NetworkParams {
    /// Networks touching this country (ISO 3166-1 alpha-3): reported by it or on a route.
    pub state: Option<String>,
    /// Networks with at least one incident of this kind.
    pub kind: Option<String>,
    /// Networks with an entity written like this (a name, phone number or vessel; any part,
    /// case-insensitive).
    pub entity: Option<String>,
    /// Networks with at least this many incidents (default 2).
    pub min_incidents: Option<usize>,
    /// Networks per page, 1–200 (default 20).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// An entity in a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntityRef {
    /// Entity id.
    pub id: String,
    /// `person`, `phone`, `email`, `social_handle`, `document`, `bank_account`, `vessel` or `vehicle`.
    pub kind: String,
    /// How it is most often written.
    pub label: String,
    /// Incidents that mention it.
    pub incidents: usize,
    /// Roles a person was reported in.
    pub roles: Vec<String>,
    /// Betweenness centrality in its network, normalised to [0, 1].
    pub betweenness: f64,
}

/// Incidents between one origin and destination.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RouteRef {
    /// First country of the route.
    pub origin: String,
    /// Last country of the route.
    pub destination: String,
    /// Incidents on it.
    pub incidents: usize,
}

/// A network in a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NetworkSummary {
    /// Network id.
    pub id: String,
    /// Its top broker (most central person in a facilitation role) and main route.
    pub name: String,
    /// Incidents it joins.
    pub incidents: usize,
    /// Entities in it.
    pub entities: usize,
    /// Members whose incidents it joins.
    pub reporting_states: Vec<String>,
    /// Countries it touches (reporting members and every route country).
    pub states: Vec<String>,
    /// Origin → destination routes, most incidents first.
    pub routes: Vec<RouteRef>,
    /// Incidents per kind.
    pub kinds: std::collections::BTreeMap<String, usize>,
    /// Earliest occurrence.
    pub first_occurred: String,
    /// Latest occurrence.
    pub last_occurred: String,
    /// Its most central entities (brokers first), at most 5.
    pub brokers: Vec<EntityRef>,
}

/// What the analysis was built from.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AnalysisInfo {
    /// Incidents analysed (every one the caller may see).
    pub incidents: usize,
    /// Entities resolved.
    pub entities: usize,
    /// Networks (components with two or more incidents).
    pub networks: usize,
    /// How persons were linked.
    pub method: String,
}

/// A page of networks.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NetworkList {
    /// Largest first.
    pub items: Vec<NetworkSummary>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
    /// Matching networks in all.
    pub total: usize,
    /// The analysis behind the list.
    pub analysis: AnalysisInfo,
}

/// An incident in a network.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IncidentSummary {
    /// Incident id.
    pub id: String,
    /// Reporting member.
    pub owner: String,
    /// Kind.
    pub kind: String,
    /// When it happened.
    pub occurred: String,
    /// Route countries, origin first.
    pub route: Vec<String>,
}

/// A graph node, in the shape cytoscape.js reads (`data` of an element).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GraphNode {
    /// Entity or incident id.
    pub id: String,
    /// `incident` or the entity kind.
    #[serde(rename = "type")]
    pub node_type: String,
    /// Display label.
    pub label: String,
    /// For entities: incidents that mention it; for incidents: 1.
    pub incidents: usize,
    /// For entities: betweenness in its network.
    pub betweenness: f64,
    /// For incidents: the reporting member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Drawing position computed on the server (a force layout; no two nodes on one spot).
    pub x: f64,
    /// Drawing position, downwards.
    pub y: f64,
}

/// A graph edge.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GraphEdge {
    /// One end's id.
    pub source: String,
    /// The other end's id.
    pub target: String,
}

/// Part of the entity–incident graph.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GraphView {
    /// Nodes, nearest to the start first.
    pub nodes: Vec<GraphNode>,
    /// Edges between them.
    pub edges: Vec<GraphEdge>,
    /// Whether nodes were left out to stay within `max_nodes`.
    pub truncated: bool,
}

/// One network with its ranked entities, incidents and graph.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NetworkDetail {
    /// Summary.
    #[serde(flatten)]
    pub summary: NetworkSummary,
    /// Every entity, brokers first (at most 500).
    pub ranked: Vec<EntityRef>,
    /// Persons reported in facilitation roles (organiser, facilitator, crew), most central
    /// first (at most 100): the broker ranking beside the plain centrality list.
    pub facilitators: Vec<EntityRef>,
    /// Its incidents, latest first (at most 500).
    pub incident_list: Vec<IncidentSummary>,
    /// The graph from its top brokers (at most 400 nodes).
    pub graph: GraphView,
}

/// An entity with where it appears and who it appears with.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntityDetail {
    /// Entity id.
    pub id: String,
    /// Entity kind.
    pub kind: String,
    /// How it is most often written.
    pub label: String,
    /// Every way it was written, most frequent first.
    pub variants: Vec<String>,
    /// Roles a person was reported in.
    pub roles: Vec<String>,
    /// Nationalities reported for a person.
    pub nationalities: Vec<String>,
    /// Betweenness centrality in its network.
    pub betweenness: f64,
    /// Its network, when it joins two or more incidents.
    pub network: Option<String>,
    /// Its place in the network's broker ranking (1 = most central).
    pub rank: Option<usize>,
    /// Incidents that mention it, latest first.
    pub incidents: Vec<IncidentSummary>,
    /// Entities in the same incidents or joined to it, most shared incidents first (at most 100).
    pub associates: Vec<Associate>,
}

/// An entity seen with another.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Associate {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Incidents both appear in.
    pub shared_incidents: usize,
}

/// Query of a neighbourhood graph.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GraphParams {
    /// Entity hops to expand, 1–3 (default 1).
    pub depth: Option<usize>,
    /// At most this many nodes, 10–2000 (default 300).
    pub max_nodes: Option<usize>,
}

pub(crate) fn entity_ref(e: &Entity) -> EntityRef {
    EntityRef {
        id: e.id.clone(),
        kind: e.kind.as_str().to_string(),
        label: e.label.clone(),
        incidents: e.incidents.len(),
        roles: e.roles.clone(),
        betweenness: round(e.betweenness),
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub(crate) fn incident_summary(r: &IncidentRef) -> IncidentSummary {
    IncidentSummary {
        id: r.id.to_string(),
        owner: r.owner.clone(),
        kind: r.kind.clone(),
        occurred: r.occurred.clone(),
        route: r.route.clone(),
    }
}

/// Incidents by analysis index, latest occurrence first.
pub(crate) fn incidents_latest_first(
    a: &Analysis,
    indexes: &[u32],
    max: usize,
) -> Vec<IncidentSummary> {
    let mut refs: Vec<&IncidentRef> = indexes
        .iter()
        .filter_map(|&i| a.incidents.get(i as usize))
        .collect();
    refs.sort_by(|x, y| y.occurred.cmp(&x.occurred).then(y.id.cmp(&x.id)));
    refs.into_iter().take(max).map(incident_summary).collect()
}

pub(crate) fn summary(a: &Analysis, n: &Network) -> NetworkSummary {
    NetworkSummary {
        id: n.id.clone(),
        name: n.name.clone(),
        incidents: n.incidents.len(),
        entities: n.entities.len(),
        reporting_states: n.reporting_states.clone(),
        states: n.states.clone(),
        routes: n
            .routes
            .iter()
            .take(5)
            .map(|r| RouteRef {
                origin: r.origin.clone(),
                destination: r.destination.clone(),
                incidents: r.incidents,
            })
            .collect(),
        kinds: n.kinds.clone(),
        first_occurred: n.first_occurred.clone(),
        last_occurred: n.last_occurred.clone(),
        brokers: n
            .entities
            .iter()
            .take(5)
            .filter_map(|&e| a.entities.get(e as usize))
            .map(entity_ref)
            .collect(),
    }
}

/// The networks matching `params`, largest first.
pub(crate) fn filter<'a>(a: &'a Analysis, params: &NetworkParams) -> Vec<&'a Network> {
    let state = params
        .state
        .as_ref()
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty());
    let kind = params
        .kind
        .as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let needle = params
        .entity
        .as_ref()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let min = params.min_incidents.unwrap_or(2).max(2);
    a.networks
        .iter()
        .filter(|n| n.incidents.len() >= min)
        .filter(|n| state.as_ref().is_none_or(|s| n.states.contains(s)))
        .filter(|n| kind.as_ref().is_none_or(|k| n.kinds.contains_key(k)))
        .filter(|n| {
            needle.as_ref().is_none_or(|needle| {
                n.entities
                    .iter()
                    .filter_map(|&e| a.entities.get(e as usize))
                    .any(|e| e.variants.iter().any(|v| v.to_lowercase().contains(needle)))
            })
        })
        .collect()
}

pub(crate) fn graph_view(a: &Analysis, start: &[u32], depth: usize, max_nodes: usize) -> GraphView {
    graph_view_where(a, start, depth, max_nodes, |_| true)
}

/// The graph around `start` through the nodes `keep` admits, laid out on the server.
pub(crate) fn graph_view_where(
    a: &Analysis,
    start: &[u32],
    depth: usize,
    max_nodes: usize,
    keep: impl Fn(u32) -> bool,
) -> GraphView {
    let sub = a.around_where(start, depth, max_nodes, keep);
    let positions = sub.layout();
    let name = |v: u32| match sub.node(v) {
        Some(Node::Entity(e)) => e.id.clone(),
        Some(Node::Incident(i)) => i.id.to_string(),
        None => String::new(),
    };
    let nodes = sub
        .nodes
        .iter()
        .zip(positions)
        .filter_map(|(&v, (x, y))| {
            let x = x.round();
            let y = y.round();
            Some(match sub.node(v)? {
                Node::Entity(e) => GraphNode {
                    id: e.id.clone(),
                    node_type: e.kind.as_str().to_string(),
                    label: e.label.clone(),
                    incidents: e.incidents.len(),
                    betweenness: round(e.betweenness),
                    owner: None,
                    x,
                    y,
                },
                Node::Incident(i) => GraphNode {
                    id: i.id.to_string(),
                    node_type: "incident".into(),
                    label: format!("{} {} {}", i.owner, i.kind.replace('_', " "), i.occurred),
                    incidents: 1,
                    betweenness: 0.0,
                    owner: Some(i.owner.clone()),
                    x,
                    y,
                },
            })
        })
        .collect();
    let edges = sub
        .edges
        .iter()
        .map(|&(s, t)| GraphEdge {
            source: name(s),
            target: name(t),
        })
        .collect();
    GraphView {
        nodes,
        edges,
        truncated: sub.truncated,
    }
}

pub(crate) fn entity_detail(a: &Analysis, index: u32) -> Option<EntityDetail> {
    let e = a.entities.get(index as usize)?;
    let network = e.network.and_then(|n| a.network_at(n));
    Some(EntityDetail {
        id: e.id.clone(),
        kind: e.kind.as_str().to_string(),
        label: e.label.clone(),
        variants: e.variants.clone(),
        roles: e.roles.clone(),
        nationalities: e.nationalities.clone(),
        betweenness: round(e.betweenness),
        network: network.map(|n| n.id.clone()),
        rank: network.and_then(|n| n.entities.iter().position(|&x| x == index).map(|p| p + 1)),
        incidents: incidents_latest_first(a, &e.incidents, usize::MAX),
        associates: a
            .associates(index)
            .into_iter()
            .take(100)
            .filter_map(|(o, shared)| {
                Some(Associate {
                    entity: entity_ref(a.entities.get(o as usize)?),
                    shared_incidents: shared,
                })
            })
            .collect(),
    })
}

pub(crate) fn network_detail(a: &Analysis, n: &Network) -> NetworkDetail {
    network_detail_filtered(a, n, &DetailFilter::default())
}

/// What a network page shows of a network: persons in a role, incidents touching a state
/// (reported by it or on their route) and within a period. Empty = any.
#[derive(Debug, Default, Clone)]
pub(crate) struct DetailFilter {
    /// A `person_role` code: persons reported in it (other entity kinds stay).
    pub role: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub state: Option<String>,
    /// `YYYY-MM-DD`: incidents that may have happened on or after it.
    pub from: Option<String>,
    /// `YYYY-MM-DD`: incidents that may have happened on or before it.
    pub to: Option<String>,
}

impl DetailFilter {
    /// Whether any filter is set.
    pub fn is_set(&self) -> bool {
        self.role.is_some() || self.state.is_some() || self.from.is_some() || self.to.is_some()
    }

    /// An incident passes when its route or reporter touches the state and its date (to its
    /// precision: `2024` covers the whole year) overlaps the period.
    pub fn keeps_incident(&self, r: &IncidentRef) -> bool {
        let first = pad(&r.occurred, "-01-01");
        let last = pad(&r.occurred, "-12-31");
        self.state
            .as_ref()
            .is_none_or(|s| r.owner == *s || r.route.contains(s))
            && self
                .from
                .as_ref()
                .is_none_or(|f| last.as_str() >= f.as_str())
            && self
                .to
                .as_ref()
                .is_none_or(|t| first.as_str() <= t.as_str())
    }

    /// A person passes when reported in the role; other entities always.
    pub fn keeps_entity(&self, e: &Entity) -> bool {
        self.role
            .as_ref()
            .is_none_or(|r| e.kind != lintas_store::EntityKind::Person || e.roles.contains(r))
    }
}

/// `2024` → `2024-01-01` (or `-12-31`), `2024-03` → `2024-03-01` (or `-03-31`, which compares
/// right against any day of March), a full date unchanged.
fn pad(date: &str, fill: &str) -> String {
    let have = date.len().min(10);
    format!(
        "{date}{}",
        fill.get(have.saturating_sub(4)..).unwrap_or_default()
    )
}

/// The network's incidents that pass `f`, by analysis index.
pub(crate) fn filtered_incidents(a: &Analysis, n: &Network, f: &DetailFilter) -> Vec<u32> {
    n.incidents
        .iter()
        .copied()
        .filter(|&i| {
            a.incidents
                .get(i as usize)
                .is_some_and(|r| f.keeps_incident(r))
        })
        .collect()
}

pub(crate) fn network_detail_filtered(
    a: &Analysis,
    n: &Network,
    f: &DetailFilter,
) -> NetworkDetail {
    let n_entities = a.entities.len() as u32;
    let incidents = filtered_incidents(a, n, f);
    let kept: std::collections::HashSet<u32> = incidents.iter().copied().collect();
    // An entity shows when it passes the role filter and appears in a kept incident.
    let entity_kept = |e: &Entity| {
        f.keeps_entity(e) && (!f.is_set() || e.incidents.iter().any(|i| kept.contains(i)))
    };
    let keep = |v: u32| {
        if v < n_entities {
            a.entities.get(v as usize).is_some_and(entity_kept)
        } else {
            kept.contains(&(v - n_entities))
        }
    };
    let ranked: Vec<u32> = n
        .entities
        .iter()
        .copied()
        .filter(|&e| a.entities.get(e as usize).is_some_and(entity_kept))
        .collect();
    let top: Vec<u32> = ranked.iter().take(3).copied().collect();
    let in_ranked: std::collections::HashSet<u32> = ranked.iter().copied().collect();
    let refs = |ids: &mut dyn Iterator<Item = u32>, max: usize| -> Vec<EntityRef> {
        ids.filter_map(|e| a.entities.get(e as usize))
            .take(max)
            .map(entity_ref)
            .collect()
    };
    NetworkDetail {
        summary: summary(a, n),
        facilitators: refs(
            &mut a
                .facilitators(n)
                .into_iter()
                .filter(|e| in_ranked.contains(e)),
            100,
        ),
        ranked: refs(&mut ranked.iter().copied(), 500),
        incident_list: incidents_latest_first(a, &incidents, 500),
        graph: graph_view_where(a, &top, 3, 400, keep),
    }
}

fn info(a: &Analysis) -> AnalysisInfo {
    AnalysisInfo {
        incidents: a.incidents.len(),
        entities: a.entities.len(),
        networks: a.networks.len(),
        method: a.method.clone(),
    }
}

/// Page `cursor` of `items`: (page, next cursor).
pub(crate) fn paginate<T>(
    items: Vec<T>,
    cursor: Option<&str>,
    limit: usize,
) -> Result<(Vec<T>, Option<String>), Problem> {
    let start = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c
            .parse::<usize>()
            .map_err(|_| Problem::bad_request("`cursor` is not one this API returned"))?,
    };
    let end = start.saturating_add(limit).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    Ok((items.into_iter().skip(start).take(limit).collect(), next))
}

/// Facilitator networks among the incidents the caller may see, largest first.
#[utoipa::path(get, path = "/api/v1/networks", tag = "networks", params(NetworkParams),
    responses((status = 200, body = NetworkList), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<NetworkParams>,
) -> Result<Json<NetworkList>, Problem> {
    let limit = params.limit.unwrap_or(20);
    if !(1..=200).contains(&limit) {
        return Err(Problem::bad_request("`limit` must be between 1 and 200"));
    }
    let a = state.store.networks(&p).await?;
    let matching = filter(&a, &params);
    let total = matching.len();
    let (page, next_cursor) = paginate(matching, params.cursor.as_deref(), limit)?;
    Ok(Json(NetworkList {
        items: page.into_iter().map(|n| summary(&a, n)).collect(),
        next_cursor,
        total,
        analysis: info(&a),
    }))
}

/// One network: its entities ranked as brokers, its incidents and its graph.
#[utoipa::path(get, path = "/api/v1/networks/{id}", tag = "networks", params(("id" = String, Path)),
    responses((status = 200, body = NetworkDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> Result<Json<NetworkDetail>, Problem> {
    let (a, index) = state.store.network(&p, &id).await?;
    let n = a
        .network_at(index)
        .ok_or_else(|| Problem::from(lintas_store::Error::NotFound))?;
    Ok(Json(network_detail(&a, n)))
}

/// One entity: how it was written, its incidents and its associates.
#[utoipa::path(get, path = "/api/v1/entities/{id}", tag = "networks", params(("id" = String, Path)),
    responses((status = 200, body = EntityDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn entity(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> Result<Json<EntityDetail>, Problem> {
    let (a, index) = state.store.entity(&p, &id).await?;
    entity_detail(&a, index)
        .map(Json)
        .ok_or_else(|| lintas_store::Error::NotFound.into())
}

/// The graph around an entity, for expanding it in the network view.
#[utoipa::path(get, path = "/api/v1/entities/{id}/graph", tag = "networks", params(("id" = String, Path), GraphParams),
    responses((status = 200, body = GraphView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn entity_graph(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    Query(params): Query<GraphParams>,
) -> Result<Json<GraphView>, Problem> {
    let depth = params.depth.unwrap_or(1);
    if !(1..=3).contains(&depth) {
        return Err(Problem::bad_request("`depth` must be 1, 2 or 3"));
    }
    let max_nodes = params.max_nodes.unwrap_or(300);
    if !(10..=2000).contains(&max_nodes) {
        return Err(Problem::bad_request(
            "`max_nodes` must be between 10 and 2000",
        ));
    }
    let (a, index) = state.store.entity(&p, &id).await?;
    Ok(Json(graph_view(&a, &[index], depth, max_nodes)))
}
