//! The entity–incident graph: resolved entities joined to the incidents that mention them (and a
//! person to the phones and documents attributed to them), its connected components as
//! networks, and brokers ranked by betweenness within their network.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lintas_link::graph::Graph;
use lintas_model::StoredIncident;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::curation::{Curation, CurationKind, mention_of};
use super::mentions::{EntityKind, Mentions};
use super::resolve::PersonLinks;
use super::union_find::UnionFind;

/// Sources used to estimate betweenness in a large network (exact below this many nodes).
const BETWEENNESS_SOURCES: usize = 600;

/// Person roles (data standard `person_role`) that suggest facilitation: the organiser, the
/// facilitator (recruiter, broker, document supplier, money handler) and the crew who transport.
pub const FACILITATION_ROLES: [&str; 3] = ["organiser", "facilitator", "crew"];

impl Entity {
    /// Whether this is a person reported in a facilitation role.
    pub fn facilitates(&self) -> bool {
        self.kind == EntityKind::Person
            && self
                .roles
                .iter()
                .any(|r| FACILITATION_ROLES.contains(&r.as_str()))
    }
}

/// An incident as the network sees it.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentRef {
    /// Incident id.
    pub id: Uuid,
    /// Version it was analysed at.
    pub version: i64,
    /// Reporting member.
    pub owner: String,
    /// Incident kind.
    pub kind: String,
    /// When it happened, to its precision.
    pub occurred: String,
    /// Countries of the route, origin first.
    pub route: Vec<String>,
}

/// One resolved person, phone, document, account or vessel.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// Stable id derived from what the entity is (`e` + 16 hex digits).
    pub id: String,
    /// What it is.
    pub kind: EntityKind,
    /// The most frequent way it was written.
    pub label: String,
    /// Every way it was written, most frequent first.
    pub variants: Vec<String>,
    /// Roles a person was reported in.
    pub roles: Vec<String>,
    /// Nationalities reported for a person.
    pub nationalities: Vec<String>,
    /// Analysis indexes of the incidents that mention it.
    #[serde(skip)]
    pub incidents: Vec<u32>,
    /// Analysis indexes of entities joined to it directly (a person and their phone).
    #[serde(skip)]
    pub linked: Vec<u32>,
    /// Index of its network, when its component spans two or more incidents.
    #[serde(skip)]
    pub network: Option<u32>,
    /// Betweenness centrality within its network (normalised; 0 outside networks).
    pub betweenness: f64,
    /// What a correction names it by, stable across rebuilds: its first person mention
    /// (`m:<incident>#<n>`) or its smallest identifier key.
    #[serde(skip)]
    pub anchor: String,
    /// Per incident (analysis index), the anchors of its person mentions there.
    #[serde(skip)]
    pub mentions: Vec<(u32, String)>,
}

/// Incidents between one origin and one destination.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RouteCount {
    /// First country of the route.
    pub origin: String,
    /// Last country of the route.
    pub destination: String,
    /// Incidents on it.
    pub incidents: usize,
}

/// A facilitator network: a connected component of the graph spanning two or more incidents.
#[derive(Debug, Clone, Serialize)]
pub struct Network {
    /// Stable id derived from its earliest-created incident (`n` + 16 hex digits).
    pub id: String,
    /// What an analyst calls it: its top broker and main route
    /// (`Mohammad Nabi Karimi · AFG → AUS`).
    pub name: String,
    /// Analysis indexes of its incidents.
    #[serde(skip)]
    pub incidents: Vec<u32>,
    /// Analysis indexes of its entities, brokers first (betweenness, then incidents).
    #[serde(skip)]
    pub entities: Vec<u32>,
    /// Members whose incidents it joins.
    pub reporting_states: Vec<String>,
    /// Every country its incidents' routes touch, and the reporting members.
    pub states: Vec<String>,
    /// Origin → destination routes, most incidents first.
    pub routes: Vec<RouteCount>,
    /// Incidents per kind.
    pub kinds: BTreeMap<String, usize>,
    /// Earliest and latest occurrence.
    pub first_occurred: String,
    /// Latest occurrence.
    pub last_occurred: String,
}

/// The analysis of every incident one member may see.
#[derive(Debug)]
pub struct Analysis {
    /// Incidents, in the order they were added.
    pub incidents: Vec<IncidentRef>,
    /// Entities.
    pub entities: Vec<Entity>,
    /// Networks, most incidents first.
    pub networks: Vec<Network>,
    /// How persons were linked.
    pub method: String,
    /// The corrections applied (oldest first).
    pub curations: Vec<Curation>,
    pub(crate) graph: Graph,
    pub(crate) mentions: Mentions,
    pub(crate) persons: PersonLinks,
    entity_ids: HashMap<String, u32>,
    network_ids: HashMap<String, u32>,
    incident_ids: HashMap<Uuid, u32>,
    anchors: HashMap<String, u32>,
}

fn short_hash(prefix: char, key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!(
        "{prefix}{}",
        hex::encode(digest.get(..8).unwrap_or_default())
    )
}

/// Entity keys (`phone:+62…`, `person:<mention>`) numbered as first seen, in disjoint sets.
#[derive(Default)]
struct Keys {
    index: HashMap<String, usize>,
    keys: Vec<String>,
    sets: UnionFind,
}

impl Keys {
    fn id(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.sets.push();
        self.keys.push(key.to_string());
        self.index.insert(key.to_string(), i);
        i
    }
}

/// Counts of how an entity was written or described.
#[derive(Default)]
struct Tally {
    variants: HashMap<String, usize>,
    roles: BTreeSet<String>,
    nationalities: BTreeSet<String>,
    incidents: BTreeSet<u32>,
    linked: BTreeSet<u32>,
    anchor: Option<String>,
    mentions: Vec<(u32, String)>,
}

impl Tally {
    fn anchor_is_person(&self) -> bool {
        self.anchor.as_ref().is_some_and(|a| a.starts_with("m:"))
    }
}

fn by_frequency(map: HashMap<String, usize>) -> Vec<String> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().map(|(s, _)| s).collect()
}

pub(crate) fn incident_ref(stored: &StoredIncident) -> IncidentRef {
    IncidentRef {
        id: stored.id,
        version: stored.version,
        owner: stored.owner.clone(),
        kind: stored.incident.kind.clone(),
        occurred: stored.incident.occurred_on.to_string(),
        route: stored
            .incident
            .route
            .countries()
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

impl Analysis {
    /// Builds the graph from incidents, their mentions and the persons resolved among them.
    pub(crate) fn build(
        incidents: Vec<IncidentRef>,
        mentions: Mentions,
        persons: PersonLinks,
        curations: Vec<Curation>,
    ) -> Self {
        let mut keys = Keys::default();
        let split: BTreeSet<&str> = curations
            .iter()
            .filter(|c| c.kind == CurationKind::Split)
            .filter_map(|c| mention_of(&c.a))
            .collect();
        let person_key: Vec<usize> = persons
            .entity
            .iter()
            .zip(&mentions.persons)
            .map(|(rep, m)| {
                if split.contains(m.key.as_str()) {
                    keys.id(&format!("person:split:{}", m.key))
                } else {
                    keys.id(&format!("person:{rep}"))
                }
            })
            .collect();
        let id_key: Vec<usize> = mentions
            .identifiers
            .iter()
            .map(|m| keys.id(&m.key))
            .collect();
        for (a, b) in &mentions.same {
            let (a, b) = (keys.id(a), keys.id(b));
            keys.sets.union(a, b);
        }
        // Merges after splits: a mention split off and then merged elsewhere goes there.
        let mention_index: HashMap<&str, usize> = mentions
            .persons
            .iter()
            .enumerate()
            .map(|(i, m)| (m.key.as_str(), i))
            .collect();
        let anchor_key = |keys: &Keys, anchor: &str| -> Option<usize> {
            match mention_of(anchor) {
                Some(m) => person_key.get(*mention_index.get(m)?).copied(),
                None => keys.index.get(anchor).copied(),
            }
        };
        for c in curations.iter().filter(|c| c.kind == CurationKind::Merge) {
            if let (Some(a), Some(b)) = (anchor_key(&keys, &c.a), anchor_key(&keys, &c.b)) {
                keys.sets.union(a, b);
            }
        }
        let mut root_entity: HashMap<usize, u32> = HashMap::new();
        let mut kinds: Vec<EntityKind> = Vec::new();
        let mut tallies: Vec<Tally> = Vec::new();
        let mut roots: Vec<usize> = Vec::new();
        let mut entity_of = |keys: &mut Keys, k: usize, kind: EntityKind| -> u32 {
            let root = keys.sets.find(k);
            *root_entity.entry(root).or_insert_with(|| {
                kinds.push(kind);
                tallies.push(Tally::default());
                roots.push(root);
                (kinds.len() - 1) as u32
            })
        };
        let person_entity: Vec<u32> = person_key
            .iter()
            .map(|&k| entity_of(&mut keys, k, EntityKind::Person))
            .collect();
        let id_entity: Vec<u32> = mentions
            .identifiers
            .iter()
            .zip(&id_key)
            .map(|(m, &k)| entity_of(&mut keys, k, m.kind))
            .collect();
        for (m, &e) in mentions.persons.iter().zip(&person_entity) {
            if let Some(t) = tallies.get_mut(e as usize) {
                let anchor = format!("m:{}", m.key);
                t.anchor.get_or_insert_with(|| anchor.clone());
                t.mentions.push((m.incident, anchor));
                *t.variants.entry(m.display.clone()).or_default() += 1;
                t.roles.insert(m.role.clone());
                t.nationalities.extend(m.nationality.clone());
                t.incidents.insert(m.incident);
            }
        }
        for (m, &e) in mentions.identifiers.iter().zip(&id_entity) {
            let owner = m
                .person
                .and_then(|p| person_entity.get(p as usize).copied());
            if let Some(t) = tallies.get_mut(e as usize) {
                if t.anchor.as_ref().is_none_or(|a| m.key < *a) && !t.anchor_is_person() {
                    t.anchor = Some(m.key.clone());
                }
                *t.variants.entry(m.display.clone()).or_default() += 1;
                t.incidents.insert(m.incident);
                t.linked.extend(owner);
            }
            if let Some(t) = owner.and_then(|o| tallies.get_mut(o as usize)) {
                t.linked.insert(e);
            }
        }
        // An entity's id comes from the smallest key in its set, so it does not depend on which
        // incident was read first.
        let mut smallest: HashMap<usize, String> = HashMap::new();
        for k in 0..keys.keys.len() {
            let root = keys.sets.find(k);
            let key = &keys.keys[k];
            let slot = smallest.entry(root).or_insert_with(|| key.clone());
            if key < slot {
                *slot = key.clone();
            }
        }
        let mut anchors: HashMap<String, u32> = HashMap::new();
        for (m, &e) in mentions.persons.iter().zip(&person_entity) {
            anchors.insert(format!("m:{}", m.key), e);
        }
        for (m, &e) in mentions.identifiers.iter().zip(&id_entity) {
            anchors.insert(m.key.clone(), e);
        }
        let n_entities = tallies.len();
        let mut edges: Vec<(u32, u32)> = Vec::new();
        let mut entities: Vec<Entity> = Vec::with_capacity(n_entities);
        for (e, ((tally, kind), root)) in tallies.into_iter().zip(kinds).zip(roots).enumerate() {
            let e = e as u32;
            edges.extend(tally.incidents.iter().map(|&i| (e, n_entities as u32 + i)));
            edges.extend(tally.linked.iter().filter(|&&o| o > e).map(|&o| (e, o)));
            let variants = by_frequency(tally.variants);
            entities.push(Entity {
                id: short_hash('e', smallest.get(&root).map_or("", String::as_str)),
                kind,
                label: variants.first().cloned().unwrap_or_default(),
                variants,
                roles: tally.roles.into_iter().collect(),
                nationalities: tally.nationalities.into_iter().collect(),
                incidents: tally.incidents.into_iter().collect(),
                linked: tally.linked.into_iter().collect(),
                network: None,
                betweenness: 0.0,
                anchor: tally.anchor.unwrap_or_default(),
                mentions: tally.mentions,
            });
        }
        let graph = Graph::from_edges(n_entities + incidents.len(), edges);
        let networks = find_networks(&graph, &incidents, &mut entities);
        let entity_ids = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i as u32))
            .collect();
        let network_ids = networks
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i as u32))
            .collect();
        let method = persons.method.clone();
        let incident_ids = incidents
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i as u32))
            .collect();
        Self {
            incidents,
            entities,
            networks,
            method,
            curations,
            graph,
            mentions,
            persons,
            entity_ids,
            network_ids,
            incident_ids,
            anchors,
        }
    }

    /// The entity an anchor (a person mention `m:…` or an identifier key) belongs to now.
    pub fn entity_of_anchor(&self, anchor: &str) -> Option<u32> {
        self.anchors.get(anchor).copied()
    }

    /// An incident's analysis index.
    pub fn incident_index(&self, id: Uuid) -> Option<u32> {
        self.incident_ids.get(&id).copied()
    }

    /// The entities an incident mentions (its persons and identifiers), by analysis index.
    pub fn incident_entities(&self, id: Uuid) -> Option<Vec<u32>> {
        let &i = self.incident_ids.get(&id)?;
        let n = self.entities.len() as u32;
        let mut out: Vec<u32> = self
            .graph
            .neighbours((n + i) as usize)
            .iter()
            .copied()
            .filter(|&e| e < n)
            .collect();
        out.sort_unstable();
        Some(out)
    }

    /// A network's persons reported in facilitation roles, most central first: the broker
    /// ranking an analyst reads beside the plain centrality list.
    pub fn facilitators(&self, network: &Network) -> Vec<u32> {
        network
            .entities
            .iter()
            .copied()
            .filter(|&e| {
                self.entities
                    .get(e as usize)
                    .is_some_and(Entity::facilitates)
            })
            .collect()
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<(u32, &Entity)> {
        let &i = self.entity_ids.get(id)?;
        self.entities.get(i as usize).map(|e| (i, e))
    }

    /// The network with this id.
    pub fn network(&self, id: &str) -> Option<(u32, &Network)> {
        let &i = self.network_ids.get(id)?;
        self.networks.get(i as usize).map(|n| (i, n))
    }

    /// The network at an analysis index.
    pub fn network_at(&self, i: u32) -> Option<&Network> {
        self.networks.get(i as usize)
    }

    /// Entities mentioned in the same incidents as `entity`, or joined to it, with how many
    /// incidents they share with it; most shared first.
    pub fn associates(&self, entity: u32) -> Vec<(u32, usize)> {
        let Some(e) = self.entities.get(entity as usize) else {
            return Vec::new();
        };
        let n = self.entities.len() as u32;
        let mut shared: HashMap<u32, usize> = HashMap::new();
        for &i in &e.incidents {
            for &other in self.graph.neighbours((n + i) as usize) {
                if other != entity && other < n {
                    *shared.entry(other).or_default() += 1;
                }
            }
        }
        for &o in &e.linked {
            shared.entry(o).or_default();
        }
        let mut out: Vec<(u32, usize)> = shared.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The part of the graph within `depth` entity hops of `start` (an entity and the
    /// incidents and entities around it), at most `max_nodes` nodes, nearest first.
    pub fn around(&self, start: &[u32], depth: usize, max_nodes: usize) -> Subgraph<'_> {
        self.around_where(start, depth, max_nodes, |_| true)
    }

    /// [`Analysis::around`] through the graph nodes `keep` admits only (a filter by role,
    /// state or period): the others are neither shown nor crossed.
    pub fn around_where(
        &self,
        start: &[u32],
        depth: usize,
        max_nodes: usize,
        keep: impl Fn(u32) -> bool,
    ) -> Subgraph<'_> {
        let n = self.entities.len();
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut order: Vec<usize> = Vec::new();
        let mut frontier: Vec<usize> = start
            .iter()
            .filter(|&&e| keep(e))
            .map(|&e| e as usize)
            .collect();
        let mut truncated = false;
        for &s in &frontier {
            if seen.insert(s, 0).is_none() {
                order.push(s);
            }
        }
        // An entity hop goes entity → incident → entity (or entity → joined entity).
        'outer: for hop in 1..=depth * 2 {
            let mut next = Vec::new();
            for &v in &frontier {
                for &w in self.graph.neighbours(v) {
                    let w = w as usize;
                    if seen.contains_key(&w) || !keep(w as u32) {
                        continue;
                    }
                    if order.len() >= max_nodes {
                        truncated = true;
                        break 'outer;
                    }
                    seen.insert(w, hop);
                    order.push(w);
                    next.push(w);
                }
            }
            frontier = next;
        }
        let mut edges = Vec::new();
        for &v in &order {
            for &w in self.graph.neighbours(v) {
                if (w as usize) > v && seen.contains_key(&(w as usize)) {
                    edges.push((v as u32, w));
                }
            }
        }
        Subgraph {
            analysis: self,
            nodes: order.into_iter().map(|v| v as u32).collect(),
            edges,
            truncated,
            entities: n as u32,
        }
    }
}

/// A part of the graph: node numbers below `entities` are entities, the rest incidents.
pub struct Subgraph<'a> {
    analysis: &'a Analysis,
    /// Graph node numbers.
    pub nodes: Vec<u32>,
    /// Edges between them.
    pub edges: Vec<(u32, u32)>,
    /// Whether nodes were left out to stay within the limit.
    pub truncated: bool,
    entities: u32,
}

/// A node of a [`Subgraph`].
pub enum Node<'a> {
    /// An entity.
    Entity(&'a Entity),
    /// An incident.
    Incident(&'a IncidentRef),
}

impl Subgraph<'_> {
    /// Drawing positions of `nodes`, in their order (see [`super::layout`]).
    pub fn layout(&self) -> Vec<(f64, f64)> {
        let local: HashMap<u32, u32> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        let edges: Vec<(u32, u32)> = self
            .edges
            .iter()
            .filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?)))
            .collect();
        let iterations = match self.nodes.len() {
            0..=150 => 150,
            151..=600 => 100,
            _ => 60,
        };
        super::layout::force_layout(self.nodes.len(), &edges, iterations)
    }

    /// Whether a node number is an incident.
    pub fn is_incident(&self, v: u32) -> bool {
        v >= self.entities
    }

    /// What a node number stands for.
    pub fn node(&self, v: u32) -> Option<Node<'_>> {
        if v < self.entities {
            self.analysis.entities.get(v as usize).map(Node::Entity)
        } else {
            self.analysis
                .incidents
                .get((v - self.entities) as usize)
                .map(Node::Incident)
        }
    }
}

/// Its top broker (the most central person in a facilitation role, else the most central
/// person, else the most central entity) and its main route.
fn network_name(entities: &[Entity], ranked: &[u32], routes: &[RouteCount]) -> String {
    let at = |e: &u32| entities.get(*e as usize);
    let broker = ranked
        .iter()
        .filter_map(at)
        .find(|e| e.facilitates())
        .or_else(|| {
            ranked
                .iter()
                .filter_map(at)
                .find(|e| e.kind == EntityKind::Person)
        })
        .or_else(|| ranked.first().and_then(at));
    let label = broker.map_or("(unnamed)", |e| e.label.as_str());
    match routes.first() {
        Some(r) => format!("{label} · {} → {}", r.origin, r.destination),
        None => label.to_string(),
    }
}

fn find_networks(
    graph: &Graph,
    incidents: &[IncidentRef],
    entities: &mut [Entity],
) -> Vec<Network> {
    let n_entities = entities.len();
    let comp = graph.connected_components();
    let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (v, &c) in comp.iter().enumerate() {
        members.entry(c).or_default().push(v);
    }
    let mut networks = Vec::new();
    for nodes in members.into_values() {
        let incident_nodes: Vec<u32> = nodes
            .iter()
            .filter(|&&v| v >= n_entities)
            .map(|&v| (v - n_entities) as u32)
            .collect();
        if incident_nodes.len() < 2 {
            continue;
        }
        let local: HashMap<usize, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        let sub = Graph::from_edges(
            nodes.len(),
            nodes.iter().flat_map(|&v| {
                let local = &local;
                graph
                    .neighbours(v)
                    .iter()
                    .filter_map(move |&w| Some((*local.get(&v)?, *local.get(&(w as usize))?)))
            }),
        );
        let bc = sub.betweenness_centrality_sampled(BETWEENNESS_SOURCES, true);
        let mut ranked: Vec<u32> = Vec::new();
        for (i, &v) in nodes.iter().enumerate() {
            if let Some(e) = entities.get_mut(v) {
                e.betweenness = bc.get(i).copied().unwrap_or_default();
                ranked.push(v as u32);
            }
        }
        ranked.sort_by(|&a, &b| {
            let (ea, eb) = (&entities[a as usize], &entities[b as usize]);
            eb.betweenness
                .total_cmp(&ea.betweenness)
                .then(eb.incidents.len().cmp(&ea.incidents.len()))
                .then(a.cmp(&b))
        });
        let refs: Vec<&IncidentRef> = incident_nodes
            .iter()
            .filter_map(|&i| incidents.get(i as usize))
            .collect();
        let mut reporting: BTreeSet<String> = BTreeSet::new();
        let mut states: BTreeSet<String> = BTreeSet::new();
        let mut routes: HashMap<(String, String), usize> = HashMap::new();
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for r in &refs {
            reporting.insert(r.owner.clone());
            states.insert(r.owner.clone());
            states.extend(r.route.iter().cloned());
            if let (Some(o), Some(d)) = (r.route.first(), r.route.last())
                && r.route.len() > 1
            {
                *routes.entry((o.clone(), d.clone())).or_default() += 1;
            }
            *kinds.entry(r.kind.clone()).or_default() += 1;
        }
        let mut routes: Vec<RouteCount> = routes
            .into_iter()
            .map(|((origin, destination), incidents)| RouteCount {
                origin,
                destination,
                incidents,
            })
            .collect();
        routes.sort_by(|a, b| {
            b.incidents
                .cmp(&a.incidents)
                .then_with(|| (&a.origin, &a.destination).cmp(&(&b.origin, &b.destination)))
        });
        let earliest = refs.iter().map(|r| r.id).min().unwrap_or_default();
        let name = network_name(entities, &ranked, &routes);
        networks.push(Network {
            id: short_hash('n', &earliest.to_string()),
            name,
            incidents: incident_nodes,
            entities: ranked,
            reporting_states: reporting.into_iter().collect(),
            states: states.into_iter().collect(),
            routes,
            kinds,
            first_occurred: refs
                .iter()
                .map(|r| r.occurred.clone())
                .min()
                .unwrap_or_default(),
            last_occurred: refs
                .iter()
                .map(|r| r.occurred.clone())
                .max()
                .unwrap_or_default(),
        });
    }
    networks.sort_by(|a, b| {
        b.incidents
            .len()
            .cmp(&a.incidents.len())
            .then(b.entities.len().cmp(&a.entities.len()))
            .then_with(|| a.id.cmp(&b.id))
    });
    for (i, n) in networks.iter().enumerate() {
        for &e in &n.entities {
            if let Some(ent) = entities.get_mut(e as usize) {
                ent.network = Some(i as u32);
            }
        }
    }
    networks
}
