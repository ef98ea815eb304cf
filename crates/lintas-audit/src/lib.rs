//! Tamper-evident audit log engine for Lintas.
//!
//! * [`hash`]: RFC 6962 leaf/node hashing and the Merkle Tree Hash.
//! * [`CompactTree`]: O(log n) append and root, serialisable for the store.
//! * [`proof`]: inclusion and consistency proofs, generated from a
//!   [`LeafHashSource`] and verified as in RFC 9162.
//! * [`AuditEvent`]: the audited facts and their canonical encoding (the
//!   leaf data); [`DetailsKey`] hashes sensitive payloads.
//! * [`NoteSigner`] / [`NoteVerifier`] / [`Checkpoint`]: C2SP signed-note and
//!   tlog-checkpoint with Ed25519.
//! * [`LogVerifier`] / [`verify_log`]: everything `lintas audit verify` checks.
//!
//! No I/O and no clock: the store supplies rows, and times are passed in.

pub mod append;
pub mod checkpoint;
pub mod compact;
pub mod details;
mod error;
pub mod event;
pub mod hash;
pub mod note;
pub mod proof;
pub mod source;
pub mod timestamp;
pub mod verify;

pub use append::LogAppender;
pub use checkpoint::Checkpoint;
pub use compact::CompactTree;
pub use details::DetailsKey;
pub use ed25519_dalek::rand_core;
pub use error::AuditError;
pub use event::{AuditEvent, Outcome};
pub use hash::{Hash, empty_root, leaf_hash, node_hash, root_of};
pub use note::{NoteSignature, NoteSigner, NoteVerifier};
pub use proof::{
    consistency_proof, consistency_ranges, inclusion_proof, inclusion_ranges,
    root_from_inclusion_proof, verify_consistency, verify_inclusion,
};
pub use source::{LeafHashSource, range_root, tree_root};
pub use timestamp::Timestamp;
pub use verify::{LogVerifier, StoredEntry, VerifiedLog, verify_log};
