//! Lintas federation (issue 18, docs/federation.md): each member state runs its own node and
//! the RSO runs the hub; records shared beyond their owner travel over NATS JetStream as
//! signed envelopes.
//!
//! - the store writes an outbox row in the same transaction as every shared change;
//! - the relay ([`relay`]) publishes the outbox, one message per target, with `Nats-Msg-Id`
//!   de-duplication, and stamps rows only once the broker acknowledged them;
//! - the consumers ([`consume`]) verify each envelope, check it is addressed to this node and
//!   that this node should hold the record, and apply it by (owner, id, version): replays and
//!   stale versions are ignored, tombstones delete copies (audited);
//! - reconciliation ([`reconcile`]) compares Merkle roots with each owner, periodically and on
//!   reconnect, and repairs what the stream lost.

mod consume;
pub mod envelope;
mod error;
mod node;
pub mod reconcile;
mod relay;
pub mod subject;

pub use envelope::{Envelope, Handling, NodeKey, Op, PeerKeys, Signed};
pub use error::{Error, Result};
pub use node::{Federation, FederationConfig, FederationStatus, STREAM, status_of};
