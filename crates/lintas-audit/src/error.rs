//! The crate's one error type: malformed input, and evidence of tampering.

/// Everything that can go wrong in this crate.
///
/// Variants from [`AuditError::LeafHashMismatch`] to
/// [`AuditError::Inconsistent`] (plus [`AuditError::BadSignature`]) are
/// evidence that the log was altered; [`AuditError::is_tamper_evidence`]
/// tells them apart from bad input or store failures.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// A hash was not 32 bytes long.
    #[error("a hash must be 32 bytes, got {0}")]
    BadHashLength(usize),
    /// A hash was not 64 hexadecimal digits.
    #[error("a hash must be 64 hexadecimal digits")]
    BadHex,
    /// A leaf index or tree size outside the tree.
    #[error("index {index} is outside a tree of size {size}")]
    IndexOutOfRange {
        /// The index (or first size) asked for.
        index: u64,
        /// The tree size it had to stay within.
        size: u64,
    },
    /// The API was called out of order (a programming error, not bad data).
    #[error("misuse: {0}")]
    Misuse(&'static str),
    /// A proof did not verify.
    #[error("invalid proof: {0}")]
    InvalidProof(&'static str),
    /// A serialised frontier was malformed.
    #[error("malformed compact tree")]
    BadFrontier,
    /// The tree already holds 2^64 - 1 leaves.
    #[error("the tree is full")]
    TreeFull,
    /// The leaf-hash source failed.
    #[error("leaf hash source: {0}")]
    Source(Box<dyn std::error::Error + Send + Sync>),
    /// The leaf-hash source returned fewer or more hashes than asked for.
    #[error("leaf hash source returned {got} hashes, expected {expected}")]
    SourceShort {
        /// How many were asked for.
        expected: u64,
        /// How many came back.
        got: u64,
    },
    /// Not an RFC 3339 time, or outside years 0001–9999.
    #[error("invalid timestamp: expected RFC 3339 between years 0001 and 9999")]
    BadTimestamp,
    /// An event field broke the encoding's rules.
    #[error("invalid event field {field}: {reason}")]
    InvalidField {
        /// The field's name.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Event bytes were not a canonical encoding.
    #[error("malformed event encoding: {0}")]
    MalformedEvent(&'static str),
    /// The details key is too short.
    #[error("the details key must be at least 32 bytes")]
    WeakDetailsKey,
    /// A key name was empty or contained a space or `+`.
    #[error("a key name must be non-empty without spaces or '+'")]
    BadKeyName,
    /// A signer or verifier key string was malformed.
    #[error("malformed key: {0}")]
    BadKey(&'static str),
    /// A signed note was malformed.
    #[error("malformed signed note: {0}")]
    MalformedNote(&'static str),
    /// A checkpoint text was malformed.
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
    /// The note carries no signature by the expected key.
    #[error("the note is not signed by the expected key")]
    UnverifiedNote,
    /// A checkpoint from another log.
    #[error("checkpoint origin is {found:?}, expected {expected:?}")]
    WrongOrigin {
        /// The log we verify.
        expected: String,
        /// The origin line found.
        found: String,
    },
    /// A signature by the expected key did not verify.
    #[error("signature by the log key is invalid")]
    BadSignature,
    /// A stored leaf hash differs from the hash of the stored event bytes.
    #[error("event {index}: stored leaf hash does not match the stored event")]
    LeafHashMismatch {
        /// Index of the first bad event.
        index: u64,
    },
    /// Stored event bytes do not decode.
    #[error("event {index}: cannot be decoded: {reason}")]
    UndecodableEvent {
        /// Index of the first bad event.
        index: u64,
        /// Why.
        reason: String,
    },
    /// A stored row's index column (time, actor, member, action, record or outcome, which the
    /// audit view filters by) differs from the value in its hashed event: the row was edited
    /// to hide or misattribute the event.
    #[error("event {index}: stored column {column} does not match the hashed event")]
    ColumnMismatch {
        /// Index of the first bad event.
        index: u64,
        /// The column that differs.
        column: &'static str,
    },
    /// The log's stored head counts a different number of events than the rows stored.
    #[error("the log head says {head} events but {stored} are stored")]
    HeadMismatch {
        /// Size recorded in the head.
        head: u64,
        /// Rows found.
        stored: u64,
    },
    /// An event's sequence number is not its position (deleted, inserted or
    /// reordered events).
    #[error("event {index}: sequence number is {found}, expected {index}")]
    SequenceMismatch {
        /// Index of the first bad event.
        index: u64,
        /// The sequence number stored there.
        found: u64,
    },
    /// The stored events do not hash to a signed checkpoint's root.
    #[error(
        "events do not match the signed checkpoint of size {checkpoint_size}; \
         the change is among events {verified_size}..{checkpoint_size}"
    )]
    RootMismatch {
        /// Size of the checkpoint that failed.
        checkpoint_size: u64,
        /// Largest checkpoint size that still matched (0 if none).
        verified_size: u64,
    },
    /// Fewer events are stored than a signed checkpoint covers.
    #[error("only {stored} events are stored but a signed checkpoint covers {checkpoint_size}")]
    Truncated {
        /// The checkpoint's size.
        checkpoint_size: u64,
        /// How many events are stored.
        stored: u64,
    },
    /// The current log is smaller than an exported checkpoint: an older copy
    /// was restored or the log was cut back.
    #[error(
        "rollback: exported checkpoint has {exported_size} events, current log has {current_size}"
    )]
    Rollback {
        /// Size of the exported checkpoint.
        exported_size: u64,
        /// Size of the latest stored checkpoint.
        current_size: u64,
    },
    /// The exported checkpoint's tree is not a prefix of the current tree:
    /// history was rewritten.
    #[error(
        "history rewritten: exported checkpoint of size {exported_size} is not a prefix of the current log"
    )]
    Inconsistent {
        /// Size of the exported checkpoint.
        exported_size: u64,
        /// Size of the latest stored checkpoint.
        current_size: u64,
    },
}

impl AuditError {
    /// Whether this error shows the log was altered (as opposed to bad
    /// arguments or an unreachable store).
    pub fn is_tamper_evidence(&self) -> bool {
        matches!(
            self,
            AuditError::BadSignature
                | AuditError::LeafHashMismatch { .. }
                | AuditError::UndecodableEvent { .. }
                | AuditError::ColumnMismatch { .. }
                | AuditError::HeadMismatch { .. }
                | AuditError::SequenceMismatch { .. }
                | AuditError::RootMismatch { .. }
                | AuditError::Truncated { .. }
                | AuditError::Rollback { .. }
                | AuditError::Inconsistent { .. }
        )
    }

    /// The index of the first event that cannot be trusted, when known.
    pub fn first_bad_index(&self) -> Option<u64> {
        match self {
            AuditError::LeafHashMismatch { index }
            | AuditError::UndecodableEvent { index, .. }
            | AuditError::ColumnMismatch { index, .. }
            | AuditError::SequenceMismatch { index, .. } => Some(*index),
            AuditError::HeadMismatch { head, stored } => Some((*head).min(*stored)),
            AuditError::RootMismatch { verified_size, .. } => Some(*verified_size),
            AuditError::Truncated { stored, .. } => Some(*stored),
            _ => None,
        }
    }
}
