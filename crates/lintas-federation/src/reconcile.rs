//! Anti-entropy: each node asks each owner for the Merkle root (RFC 6962, lintas-audit's) over
//! the records it should hold of that owner, compares it with the root over the copies it
//! holds, and only on a difference fetches the owner's list and repairs: missing or older
//! copies are sent again (signed envelopes, applied like any message), copies the owner no
//! longer lists are deleted. It covers lost messages and JetStream's leaf-node resync
//! defects, so nothing relies on the stream alone.
//!
//! Requests and replies are signed like envelopes and go over core NATS request/reply on
//! `lintas.sync.v1.<owner>`, outside the stream's subjects. An owner answers only what the
//! signed requester should hold.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use lintas_audit::{leaf_hash, root_of};
use lintas_store::{FEDERATED_KINDS, Holding};
use serde::{Deserialize, Serialize};

use crate::envelope::{Envelope, FORMAT, Op, Signed};
use crate::error::{Error, Result, nats};
use crate::node::Shared;
use crate::subject::{HUB, should_hold, subject};

/// Copies sent per reply.
const COPIES_PER_REPLY: usize = 100;

/// The request subject of `owner`.
pub fn sync_subject(owner: &str) -> String {
    format!("lintas.sync.v1.{owner}")
}

/// What the requester asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "want", rename_all = "lowercase")]
enum Request {
    /// The root over what the requester should hold.
    Root { requester: String, owner: String },
    /// The list itself.
    List { requester: String, owner: String },
    /// Current copies of these records.
    Copies {
        requester: String,
        owner: String,
        records: Vec<(String, String)>,
    },
}

/// One record in a list: (record type, id, version).
type Item = (String, String, i64);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Reply {
    owner: String,
    requester: String,
    root: String,
    items: Vec<Item>,
    envelopes: Vec<Signed>,
}

/// The Merkle root over a set of (type, id, version), in sorted order.
pub fn root(items: &[Item]) -> String {
    let mut sorted = items.to_vec();
    sorted.sort();
    let leaves: Vec<_> = sorted
        .iter()
        .map(|(t, id, v)| leaf_hash(format!("{t}|{id}|{v}").as_bytes()))
        .collect();
    root_of(&leaves).to_hex()
}

async fn holdings(shared: &Shared) -> Result<Vec<(String, Holding)>> {
    let mut out = Vec::new();
    for (kind, _) in FEDERATED_KINDS {
        for h in shared.store.federated_holdings(kind).await? {
            out.push((kind.to_string(), h));
        }
    }
    Ok(out)
}

/// What `requester` should hold of this node's own records.
async fn owed(shared: &Shared, requester: &str) -> Result<Vec<Item>> {
    let me = shared.config.member.as_str();
    let hub = requester == HUB;
    Ok(holdings(shared)
        .await?
        .into_iter()
        .filter(|(_, h)| {
            h.owner == me && should_hold(requester, hub, me, &h.sharing, &h.shared_with)
        })
        .map(|(k, h)| (k, h.id, h.version))
        .collect())
}

/// The copies this node holds of `owner`'s records.
async fn held(shared: &Shared, owner: &str) -> Result<Vec<Item>> {
    Ok(holdings(shared)
        .await?
        .into_iter()
        .filter(|(_, h)| h.owner == owner)
        .map(|(k, h)| (k, h.id, h.version))
        .collect())
}

/// Answers one signed request (owner side).
async fn answer(shared: &Shared, body: &[u8]) -> Result<Signed> {
    let (signer, request): (String, Request) = shared.config.peers.open_json(body)?;
    let me = shared.config.member.clone();
    let (requester, owner) = match &request {
        Request::Root { requester, owner }
        | Request::List { requester, owner }
        | Request::Copies {
            requester, owner, ..
        } => (requester.clone(), owner.clone()),
    };
    if signer != requester || owner != me {
        return Err(Error::Signature(format!(
            "{signer} asked as {requester} of {owner}"
        )));
    }
    let items = owed(shared, &requester).await?;
    let mut reply = Reply {
        owner: me.clone(),
        requester: requester.clone(),
        root: root(&items),
        ..Default::default()
    };
    match request {
        Request::Root { .. } => {}
        Request::List { .. } => reply.items = items,
        Request::Copies { records, .. } => {
            for (kind, id) in records.into_iter().take(COPIES_PER_REPLY) {
                if !items.iter().any(|(k, i, _)| *k == kind && *i == id) {
                    continue;
                }
                let Some(copy) = shared.store.record_copy(&kind, &id).await? else {
                    continue;
                };
                let target = if copy.sharing == "bilateral" {
                    requester.clone()
                } else if copy.sharing == "aggregate" {
                    HUB.to_string()
                } else {
                    crate::subject::ALL.to_string()
                };
                let envelope = Envelope {
                    format: FORMAT.to_string(),
                    op: Op::Upsert,
                    owner: me.clone(),
                    record_type: kind,
                    record_id: id,
                    version: copy.version,
                    sharing: copy.sharing.clone(),
                    shared_with: copy.shared_with.clone(),
                    target,
                    handling: shared.config.handling,
                    sent_at: shared.now(),
                    copy: Some(copy),
                };
                reply.envelopes.push(shared.config.key.sign(&envelope)?);
            }
        }
    }
    shared.config.key.sign_json(&reply)
}

/// The owner side: answers requests on this node's sync subject.
pub(crate) async fn serve(shared: Arc<Shared>) {
    loop {
        let mut requests = match shared
            .client
            .subscribe(sync_subject(&shared.config.member))
            .await
        {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "federation sync: subscribing");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        while let Some(message) = requests.next().await {
            let Some(reply_to) = message.reply.clone() else {
                continue;
            };
            match answer(&shared, &message.payload).await {
                Ok(signed) => match serde_json::to_vec(&signed) {
                    Ok(body) => {
                        if let Err(e) = shared.client.publish(reply_to, body.into()).await {
                            tracing::warn!(error = %e, "federation sync: reply");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "federation sync: encoding"),
                },
                Err(e) => tracing::warn!(error = %e, "federation sync: request refused"),
            }
        }
    }
}

async fn ask(shared: &Shared, owner: &str, request: &Request) -> Result<Reply> {
    let body = serde_json::to_vec(&shared.config.key.sign_json(request)?)
        .map_err(|e| Error::Envelope(format!("encoding: {e}")))?;
    let response = tokio::time::timeout(
        Duration::from_secs(10),
        shared.client.request(sync_subject(owner), body.into()),
    )
    .await
    .map_err(|_| Error::Nats(format!("{owner} did not answer")))?
    .map_err(nats)?;
    let (signer, reply): (String, Reply) = shared.config.peers.open_json(&response.payload)?;
    if signer != owner || reply.owner != owner || reply.requester != shared.config.member {
        return Err(Error::Signature(format!("{signer} answered for {owner}")));
    }
    Ok(reply)
}

/// Reconciles this node's copies of `owner`'s records; returns how many were repaired.
pub(crate) async fn with_owner(shared: &Shared, owner: &str) -> Result<u64> {
    let me = shared.config.member.clone();
    let mine = held(shared, owner).await?;
    let who = || (me.clone(), owner.to_string());
    let (requester, o) = who();
    let remote = ask(
        shared,
        owner,
        &Request::Root {
            requester,
            owner: o,
        },
    )
    .await?;
    if remote.root == root(&mine) {
        return Ok(0);
    }
    let (requester, o) = who();
    let list = ask(
        shared,
        owner,
        &Request::List {
            requester,
            owner: o,
        },
    )
    .await?;
    let have: BTreeMap<(String, String), i64> = mine
        .iter()
        .map(|(k, id, v)| ((k.clone(), id.clone()), *v))
        .collect();
    let listed: BTreeMap<(String, String), i64> = list
        .items
        .iter()
        .map(|(k, id, v)| ((k.clone(), id.clone()), *v))
        .collect();
    let mut repaired = 0;
    // Copies the owner no longer lists for us: its tombstone was lost. Deleting at the next
    // version keeps any later share (a higher version) applicable.
    for ((kind, id), version) in &have {
        if !listed.contains_key(&(kind.clone(), id.clone()))
            && shared
                .store
                .apply_tombstone(kind, id, owner, version + 1)
                .await?
                != lintas_store::Applied::Ignored
        {
            repaired += 1;
        }
    }
    let wanted: Vec<(String, String)> = listed
        .iter()
        .filter(|(key, v)| have.get(*key).is_none_or(|mine| *mine < **v))
        .map(|(key, _)| key.clone())
        .collect();
    for chunk in wanted.chunks(COPIES_PER_REPLY) {
        let (requester, o) = who();
        let reply = ask(
            shared,
            owner,
            &Request::Copies {
                requester,
                owner: o,
                records: chunk.to_vec(),
            },
        )
        .await?;
        for signed in reply.envelopes {
            let envelope: Envelope = shared
                .config
                .peers
                .open(&serde_json::to_vec(&signed).map_err(|e| Error::Envelope(e.to_string()))?)?;
            let level = envelope.sharing.clone();
            let subject = subject(owner, &level, &envelope.target, &envelope.record_type);
            if crate::consume::apply(shared, &subject, &envelope).await?
                == crate::consume::Outcome::Applied
            {
                repaired += 1;
            }
        }
    }
    Ok(repaired)
}

/// One round against `owners` (every known member but this node when empty); owners that
/// do not answer are skipped until the next round.
pub(crate) async fn round(shared: &Shared, owners: &[String]) -> Result<u64> {
    let owners: Vec<String> = if owners.is_empty() {
        shared.config.peers.members()
    } else {
        owners.to_vec()
    };
    let mut repaired = 0;
    let mut failed = None;
    for owner in owners.iter().filter(|o| **o != shared.config.member) {
        match with_owner(shared, owner).await {
            Ok(n) => repaired += n,
            Err(e) => {
                tracing::warn!(error = %e, owner, "federation reconcile: skipped");
                failed = Some(e);
            }
        }
    }
    let mut c = shared.counters.lock().await;
    c.repaired += repaired;
    if failed.is_none() {
        c.last_reconcile_at = Some(shared.now());
    }
    Ok(repaired)
}

/// The periodic task: a round every `reconcile_interval` and after every reconnect.
pub(crate) async fn run(shared: Arc<Shared>) {
    loop {
        tokio::select! {
            _ = shared.reconnected.notified() => {}
            _ = tokio::time::sleep(shared.config.reconcile_interval) => {}
        }
        if let Err(e) = round(&shared, &[]).await {
            tracing::warn!(error = %e, "federation reconcile");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_depend_on_the_set_not_its_order() {
        let a = ("incident".to_string(), "1".to_string(), 1);
        let b = ("incident".to_string(), "2".to_string(), 3);
        assert_eq!(root(&[a.clone(), b.clone()]), root(&[b.clone(), a.clone()]));
        let mut newer = b.clone();
        newer.2 = 4;
        assert_ne!(root(&[a.clone(), b]), root(&[a.clone(), newer]));
        assert_ne!(root(&[a]), root(&[]));
    }
}
