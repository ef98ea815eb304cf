//! The crate's one error type.

/// What went wrong in federation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The broker refused or could not be reached (the outbox keeps what was not sent).
    #[error("NATS: {0}")]
    Nats(String),
    /// A message whose signature does not verify, or whose signer is unknown.
    #[error("signature: {0}")]
    Signature(String),
    /// A malformed or inconsistent envelope.
    #[error("envelope: {0}")]
    Envelope(String),
    /// A key or peers file that cannot be used.
    #[error("key: {0}")]
    Key(String),
    /// The store refused.
    #[error(transparent)]
    Store(#[from] lintas_store::Error),
}

/// The crate's result.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn nats(e: impl std::fmt::Display) -> Error {
    Error::Nats(e.to_string())
}
