//! The relay: publishes the node's outbox to JetStream, one message per target, and stamps a
//! row only when the broker acknowledged all of its messages. A down broker loses nothing:
//! the rows stay pending and are sent again; `Nats-Msg-Id` lets the stream drop the
//! duplicates of a resend, and the receivers ignore any that get through.

use std::sync::Arc;

use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage;
use lintas_store::OutboxEntry;

use crate::envelope::{Envelope, FORMAT, Op};
use crate::error::{Result, nats};
use crate::node::Shared;
use crate::subject::{ALL, HUB, change_targets, subject};

/// Rows read per round.
const BATCH: u32 = 256;

/// One message to publish.
pub(crate) struct Outgoing {
    pub subject: String,
    pub msg_id: String,
    pub body: Vec<u8>,
}

/// The sharing level a target belongs to (the subject's level of a tombstone).
fn level_of(target: &str) -> &'static str {
    match target {
        ALL => "regional",
        HUB => "aggregate",
        _ => "bilateral",
    }
}

/// The messages one outbox row becomes: tombstones to the targets that lose the record (all
/// of them when it was deleted), and the record itself to its targets now, if the row is
/// still its latest version (a later row carries a newer one).
pub(crate) async fn messages(shared: &Shared, entry: &OutboxEntry) -> Result<Vec<Outgoing>> {
    let owner = entry.owner.as_str();
    let (lost, now_targets) = change_targets(
        owner,
        (&entry.prev_sharing, &entry.prev_shared_with),
        (&entry.sharing, &entry.shared_with),
        entry.deleted,
    );
    // A tombstone names the audience the record has now, so a receiver still in it keeps its
    // copy; a deleted record has none.
    let (sharing, shared_with) = if entry.deleted {
        ("national".to_string(), Vec::new())
    } else {
        (entry.sharing.clone(), entry.shared_with.clone())
    };
    let sent_at = shared.now();
    let envelope = |op: Op, target: &str| Envelope {
        format: FORMAT.to_string(),
        op,
        owner: owner.to_string(),
        record_type: entry.record_type.clone(),
        record_id: entry.record_id.clone(),
        version: entry.version,
        sharing: sharing.clone(),
        shared_with: shared_with.clone(),
        target: target.to_string(),
        handling: shared.config.handling,
        sent_at: sent_at.clone(),
        copy: None,
    };
    let mut out = Vec::new();
    for target in &lost {
        out.push(outgoing(
            shared,
            envelope(Op::Tombstone, target),
            level_of(target),
        )?);
    }
    if !now_targets.is_empty() {
        let copy = shared
            .store
            .record_copy(&entry.record_type, &entry.record_id)
            .await?;
        if let Some(copy) = copy.filter(|c| c.version == entry.version) {
            for target in &now_targets {
                let mut e = envelope(Op::Upsert, target);
                e.copy = Some(copy.clone());
                out.push(outgoing(shared, e, &entry.sharing)?);
            }
        }
    }
    Ok(out)
}

pub(crate) fn outgoing(shared: &Shared, envelope: Envelope, level: &str) -> Result<Outgoing> {
    let op = match envelope.op {
        Op::Upsert => "upsert",
        Op::Tombstone => "tombstone",
    };
    let msg_id = format!(
        "{}.{}.{}.{}.{op}.{}",
        envelope.owner, envelope.record_type, envelope.record_id, envelope.version, envelope.target
    );
    let subject = subject(
        &envelope.owner,
        level,
        &envelope.target,
        &envelope.record_type,
    );
    let signed = shared.config.key.sign(&envelope)?;
    let body = serde_json::to_vec(&signed)
        .map_err(|e| crate::Error::Envelope(format!("encoding: {e}")))?;
    Ok(Outgoing {
        subject,
        msg_id,
        body,
    })
}

/// Publishes the pending rows once; returns how many rows were stamped.
pub(crate) async fn round(shared: &Shared, dropped: &mut u64) -> Result<usize> {
    let pending = shared
        .store
        .outbox_pending(&shared.config.member, BATCH)
        .await?;
    let mut sent: Vec<(i64, Vec<PublishAckFuture>)> = Vec::new();
    for entry in &pending {
        let mut acks = Vec::new();
        for m in messages(shared, entry).await? {
            if let Some(n) = shared.config.drop_one_in {
                *dropped += 1;
                if (*dropped).is_multiple_of(n) {
                    continue;
                }
            }
            let ack = shared
                .js
                .send_publish(
                    m.subject,
                    PublishMessage::build()
                        .payload(m.body.into())
                        .message_id(m.msg_id),
                )
                .await
                .map_err(nats)?;
            acks.push(ack);
        }
        sent.push((entry.seq, acks));
    }
    let mut done = Vec::new();
    let mut published = 0;
    let mut failure = None;
    for (seq, acks) in sent {
        let mut ok = true;
        for ack in acks {
            match ack.await {
                Ok(_) => published += 1,
                Err(e) => {
                    ok = false;
                    failure = Some(nats(e));
                }
            }
        }
        // Rows are stamped in order: one that failed holds back the rows after it, so a
        // record's changes are never published out of order.
        if !ok {
            break;
        }
        done.push(seq);
    }
    shared.store.outbox_published(&done).await?;
    if published > 0 {
        let mut c = shared.counters.lock().await;
        c.published += published;
        c.last_published_at = Some(shared.now());
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(done.len()),
    }
}

/// The relay task: a round whenever woken or every `relay_interval`; failures are counted
/// and retried after a pause (the outbox keeps the rows).
pub(crate) async fn run(shared: Arc<Shared>) {
    let mut dropped = 0;
    loop {
        match round(&shared, &mut dropped).await {
            Ok(n) if n as u32 == BATCH => continue,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "federation relay: will retry from the outbox");
                shared.counters.lock().await.publish_errors += 1;
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
        tokio::select! {
            _ = shared.wake.notified() => {}
            _ = tokio::time::sleep(shared.config.relay_interval) => {}
        }
    }
}
