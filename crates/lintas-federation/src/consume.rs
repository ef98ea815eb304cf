//! The consumers: each message is verified, checked against its subject and this node's
//! place in the federation, and applied by (owner, id, version); then acknowledged. A
//! message that can never apply (bad signature, not for this node) is acknowledged too, and
//! counted as rejected: redelivering it would not change the answer.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream;
use async_nats::jetstream::consumer::PullConsumer;
use futures_util::StreamExt;
use lintas_store::Applied;

use crate::envelope::{Envelope, Op};
use crate::error::{Error, Result, nats};
use crate::node::Shared;
use crate::subject::{addressed_to, parse, should_hold};

/// Lags kept for the percentile.
const LAGS: usize = 1000;

/// The node's durable consumer for one subject filter.
pub(crate) async fn consumer(shared: &Shared, label: &str, filter: &str) -> Result<PullConsumer> {
    let stream = shared
        .js
        .get_stream(crate::node::STREAM)
        .await
        .map_err(nats)?;
    let name = format!("{}_{label}", shared.config.member);
    stream
        .get_or_create_consumer(
            &name,
            jetstream::consumer::pull::Config {
                durable_name: Some(name.clone()),
                filter_subject: filter.to_string(),
                ack_policy: jetstream::consumer::AckPolicy::Explicit,
                ack_wait: Duration::from_secs(30),
                ..Default::default()
            },
        )
        .await
        .map_err(nats)
}

/// What one message did here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Applied,
    Ignored,
    Rejected,
}

/// Checks an opened envelope against the subject it came on and this node, then applies it.
pub(crate) async fn apply(shared: &Shared, subject: &str, envelope: &Envelope) -> Result<Outcome> {
    let member = shared.config.member.as_str();
    let hub = shared.config.hub;
    let (owner, level, target, kind) =
        parse(subject).ok_or_else(|| Error::Envelope(format!("subject `{subject}`")))?;
    if owner != envelope.owner || target != envelope.target || kind != envelope.record_type {
        return Err(Error::Envelope(format!(
            "subject `{subject}` does not match the signed envelope"
        )));
    }
    if envelope.op == Op::Upsert && level != envelope.sharing {
        return Err(Error::Envelope(format!(
            "subject level `{level}`, record shared `{}`",
            envelope.sharing
        )));
    }
    if !addressed_to(member, hub, target) {
        return Err(Error::Envelope(format!("`{target}` is not this node")));
    }
    if owner == member {
        return Ok(Outcome::Ignored);
    }
    let applied = match envelope.op {
        Op::Upsert => {
            let copy = envelope
                .copy
                .as_ref()
                .ok_or_else(|| Error::Envelope("upsert without its record".into()))?;
            if !should_hold(member, hub, owner, &copy.sharing, &copy.shared_with) {
                return Err(Error::Envelope(format!(
                    "a {} record of {owner} is not for {member} to hold",
                    copy.sharing
                )));
            }
            shared
                .store
                .apply_copy(copy, envelope.handling.as_str())
                .await?
        }
        Op::Tombstone => {
            if should_hold(member, hub, owner, &envelope.sharing, &envelope.shared_with) {
                // Still in the record's audience: the upsert of this version is ours.
                return Ok(Outcome::Ignored);
            }
            shared
                .store
                .apply_tombstone(
                    &envelope.record_type,
                    &envelope.record_id,
                    owner,
                    envelope.version,
                )
                .await?
        }
    };
    Ok(match applied {
        Applied::Stored | Applied::Deleted => Outcome::Applied,
        Applied::Ignored => Outcome::Ignored,
    })
}

/// Opens, applies and counts one message body; store failures are returned (the message is
/// then redelivered), anything else is an outcome.
pub(crate) async fn handle(shared: &Shared, subject: &str, body: &[u8]) -> Result<Outcome> {
    let outcome = match shared.config.peers.open(body) {
        Ok(envelope) => match apply(shared, subject, &envelope).await {
            Ok(o) => {
                if o == Outcome::Applied {
                    record_lag(shared, &envelope).await;
                }
                o
            }
            Err(Error::Store(e)) => return Err(Error::Store(e)),
            Err(e) => {
                tracing::warn!(error = %e, subject, "federation: message refused");
                Outcome::Rejected
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, subject, "federation: message refused");
            Outcome::Rejected
        }
    };
    let mut c = shared.counters.lock().await;
    match outcome {
        Outcome::Applied => c.applied += 1,
        Outcome::Ignored => c.ignored += 1,
        Outcome::Rejected => c.rejected += 1,
    }
    Ok(outcome)
}

async fn record_lag(shared: &Shared, envelope: &Envelope) {
    let now = shared.store.clock().now();
    let lag = chrono::DateTime::parse_from_rfc3339(&envelope.sent_at)
        .ok()
        .map(|sent| (now - sent.with_timezone(&chrono::Utc)).num_milliseconds());
    let mut c = shared.counters.lock().await;
    c.last_applied_at = Some(shared.now());
    if let Some(lag) = lag {
        if c.lags.len() == LAGS {
            c.lags.pop_front();
        }
        c.lags.push_back(lag.max(0));
    }
}

/// The consumer task: applies messages as they come; reopens the message stream after an
/// error (the durable consumer remembers what was acknowledged).
pub(crate) async fn run(shared: Arc<Shared>, consumer: PullConsumer) {
    loop {
        let mut messages = match consumer.messages().await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "federation consumer: reopening");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        while let Some(message) = messages.next().await {
            let message = match message {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(error = %e, "federation consumer: message stream");
                    break;
                }
            };
            match handle(&shared, message.subject.as_str(), &message.payload).await {
                Ok(_) => {
                    if let Err(e) = message.ack().await {
                        tracing::warn!(error = %e, "federation consumer: ack");
                    }
                }
                Err(e) => {
                    // Left unacknowledged: JetStream redelivers it after `ack_wait`.
                    tracing::warn!(error = %e, "federation consumer: will be redelivered");
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
