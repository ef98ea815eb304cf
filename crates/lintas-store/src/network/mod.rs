//! Facilitator networks over incidents (issue 6): the persons, phones, documents, accounts and
//! vessels of every incident a member may see, resolved into entities, and the entity–incident
//! graph's components ranked by broker centrality.
//!
//! The analysis is built per member from that member's visible incidents only, so an entity
//! built from records a principal may not read cannot appear in its results, not even as a
//! count. It is cached per member and kept current: when incidents were only added since the
//! last build, their person mentions are matched incrementally against the linked base with its
//! trained model; when one changed or disappeared, the analysis is rebuilt.

mod analysis;
mod curation;
mod layout;
mod mentions;
mod resolve;
mod union_find;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use lintas_model::{Action, StoredIncident};
use uuid::Uuid;

pub use analysis::{
    Analysis, Entity, FACILITATION_ROLES, IncidentRef, Network, Node, RouteCount, Subgraph,
};
pub use curation::{Curation, CurationKind};
pub use mentions::EntityKind;

use crate::Store;
use crate::audit::{Actor, Audited};
use crate::error::{Error, Result};
use crate::principal::Principal;
use analysis::incident_ref;
use mentions::Mentions;

type Slot = Arc<tokio::sync::Mutex<Option<Arc<Analysis>>>>;

/// The latest analysis per member.
#[derive(Default)]
pub(crate) struct NetworkCache {
    members: Mutex<HashMap<String, Slot>>,
}

impl NetworkCache {
    fn slot(&self, member: &str) -> Slot {
        self.members
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(member.to_string())
            .or_default()
            .clone()
    }
}

fn full(stored: Vec<StoredIncident>, curations: Vec<Curation>) -> Analysis {
    let mut mentions = Mentions::default();
    for (n, s) in stored.iter().enumerate() {
        mentions.add(n as u32, s);
    }
    let persons = resolve::link_all(&mentions.persons);
    Analysis::build(
        stored.iter().map(incident_ref).collect(),
        mentions,
        persons,
        curations,
    )
}

/// `previous` plus incidents added since: their person mentions are matched against the
/// previous base (with its model) rather than relinking everything. None when that cannot be
/// done (no trained base, or more new mentions than the model was trained on): run [`full`].
fn extend(
    previous: &Analysis,
    stored: &[StoredIncident],
    curations: Vec<Curation>,
) -> Option<Analysis> {
    let mut mentions = previous.mentions.clone();
    let first_new = mentions.persons.len();
    let offset = previous.incidents.len();
    for (n, s) in stored.iter().enumerate() {
        mentions.add((offset + n) as u32, s);
    }
    let added = mentions.persons.len() - first_new;
    let persons = if added == 0 {
        previous.persons.clone()
    } else if added <= first_new {
        resolve::link_new(&previous.persons, &mentions.persons, first_new)?
    } else {
        return None;
    };
    let mut incidents = previous.incidents.clone();
    incidents.extend(stored.iter().map(incident_ref));
    Some(Analysis::build(incidents, mentions, persons, curations))
}

impl Store {
    /// The network analysis of every incident the principal may see (brought up to date first).
    async fn analysis(&self, principal: &Principal) -> Result<Arc<Analysis>> {
        principal.require(Action::Analyse)?;
        let visible = self.visible_versions(principal).await?;
        let curations = self.curations(&principal.member).await?;
        let slot = self.networks.slot(&principal.member);
        // One build per member at a time: concurrent requests wait for it.
        let mut cached = slot.lock().await;
        let current: HashMap<Uuid, i64> = visible.iter().copied().collect();
        let unchanged = |a: &Analysis| {
            a.incidents
                .iter()
                .all(|r| current.get(&r.id) == Some(&r.version))
        };
        let same_curations = |a: &Analysis| {
            a.curations
                .iter()
                .map(|c| &c.id)
                .eq(curations.iter().map(|c| &c.id))
        };
        let built = match cached.clone() {
            Some(a) if unchanged(&a) && a.incidents.len() == current.len() => {
                if same_curations(&a) {
                    return Ok(a);
                }
                // Only corrections changed: they apply after linkage, so nothing is relinked.
                let previous = a.clone();
                let curations = curations.clone();
                tokio::task::spawn_blocking(move || {
                    Analysis::build(
                        previous.incidents.clone(),
                        previous.mentions.clone(),
                        previous.persons.clone(),
                        curations,
                    )
                })
                .await
            }
            // Only additions since: match them against the linked base.
            Some(previous) if unchanged(&previous) => {
                let known: HashSet<Uuid> = previous.incidents.iter().map(|r| r.id).collect();
                let new_ids: Vec<Uuid> = visible
                    .iter()
                    .map(|(id, _)| *id)
                    .filter(|id| !known.contains(id))
                    .collect();
                let added = self.visible_incidents(principal, Some(&new_ids)).await?;
                let for_extend = curations.clone();
                let extended =
                    tokio::task::spawn_blocking(move || extend(&previous, &added, for_extend))
                        .await
                        .map_err(|e| {
                            Error::Corrupt(format!("extending the network analysis: {e}"))
                        })?;
                match extended {
                    Some(a) => Ok(a),
                    None => {
                        let stored = self.visible_incidents(principal, None).await?;
                        tokio::task::spawn_blocking(move || full(stored, curations)).await
                    }
                }
            }
            _ => {
                let stored = self.visible_incidents(principal, None).await?;
                tokio::task::spawn_blocking(move || full(stored, curations)).await
            }
        }
        .map_err(|e| Error::Corrupt(format!("building the network analysis: {e}")))?;
        tracing::info!(
            member = %principal.member,
            incidents = built.incidents.len(),
            entities = built.entities.len(),
            networks = built.networks.len(),
            method = %built.method,
            "network analysis built"
        );
        let built = Arc::new(built);
        *cached = Some(built.clone());
        Ok(built)
    }

    /// The analysis for listing networks (audited as one `network.list`: the list names people).
    pub async fn networks(&self, principal: &Principal) -> Result<Arc<Analysis>> {
        let a = self.analysis(principal).await?;
        self.audit(
            &Actor::from(principal),
            &[Audited::action(
                crate::audit::AuditAction::NetworkList,
                crate::Outcome::Success,
            )],
        )
        .await?;
        Ok(a)
    }

    /// A network by id, if the principal's analysis has it (the read is audited).
    pub async fn network(&self, principal: &Principal, id: &str) -> Result<(Arc<Analysis>, u32)> {
        let a = self.analysis(principal).await?;
        let (index, _) = a.network(id).ok_or(Error::NotFound)?;
        self.audit(
            &Actor::from(principal),
            &[Audited::record(
                crate::audit::AuditAction::NetworkRead,
                "network",
                id,
            )],
        )
        .await?;
        Ok((a, index))
    }

    /// An entity by id, if the principal's analysis has it (the read is audited).
    pub async fn entity(&self, principal: &Principal, id: &str) -> Result<(Arc<Analysis>, u32)> {
        let a = self.analysis(principal).await?;
        let (index, _) = a.entity(id).ok_or(Error::NotFound)?;
        self.audit(
            &Actor::from(principal),
            &[Audited::record(
                crate::audit::AuditAction::EntityRead,
                "entity",
                id,
            )],
        )
        .await?;
        Ok((a, index))
    }

    /// The entities an incident mentions in the principal's analysis: its persons and
    /// identifiers resolved, for links from the incident's page (one `entity.read` naming
    /// them). 404 when the principal may not see the incident.
    pub async fn incident_entities(
        &self,
        principal: &Principal,
        incident: Uuid,
    ) -> Result<(Arc<Analysis>, Vec<u32>)> {
        let a = self.analysis(principal).await?;
        let found = a.incident_entities(incident).ok_or(Error::NotFound)?;
        let ids = found
            .iter()
            .filter_map(|&e| a.entities.get(e as usize))
            .map(|e| e.id.clone())
            .collect();
        self.audit(
            &Actor::from(principal),
            &[Audited::listed(
                crate::audit::AuditAction::EntityRead,
                "entity",
                ids,
            )],
        )
        .await?;
        Ok((a, found))
    }
}
