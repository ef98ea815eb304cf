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
//! The design and threat model are in `docs/audit.md`.
//!
//! ```
//! use lintas_audit::{AuditEvent, LogAppender, NoteSigner, Outcome, Timestamp, verify_log};
//!
//! let signer = NoteSigner::from_seed("lintas.example/audit", &[7; 32])?;
//! let mut log = LogAppender::new();
//! let mut rows = Vec::new();
//! for seq in 0..3 {
//!     rows.push(log.append(&AuditEvent {
//!         sequence: seq,
//!         time: Timestamp::parse_rfc3339("2026-11-23T03:00:00Z")?,
//!         actor_id: "user-1".into(),
//!         member_state: Some("THA".into()),
//!         agency: Some("RTP".into()),
//!         action: "incident.read".into(),
//!         record_type: Some("incident".into()),
//!         record_id: Some(format!("inc-{seq}")),
//!         request_id: None,
//!         outcome: Outcome::Success,
//!         details_hash: None,
//!         records: Vec::new(),
//!         count: None,
//!     })?);
//! }
//! let checkpoint = log.sign_checkpoint(&signer, Timestamp::from_unix(1_795_402_800, 0)?)?;
//!
//! let key = signer.verifier(); // published as key.to_string()
//! let ok = verify_log(&key, "lintas.example/audit", &checkpoint, None,
//!     rows.iter().cloned().map(Ok::<_, std::io::Error>))?;
//! assert_eq!(ok.size, 3);
//!
//! rows[1].event[20] ^= 1; // one flipped bit
//! let err = verify_log(&key, "lintas.example/audit", &checkpoint, None,
//!     rows.iter().cloned().map(Ok::<_, std::io::Error>)).unwrap_err();
//! assert_eq!(err.first_bad_index(), Some(1));
//! # Ok::<(), lintas_audit::AuditError>(())
//! ```

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
