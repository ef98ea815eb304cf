//! The store's errors. The server maps each to an HTTP status and problem document.

use lintas_model::FieldError;

/// Result with the store's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such record, or one the principal may not see (the two are deliberately the same).
    #[error("not found")]
    NotFound,
    /// The principal sees the record (or the operation) but its role or agency may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The record changed since the version the caller based its change on.
    #[error("version conflict: the record is at version {current}")]
    VersionConflict {
        /// The record's current version.
        current: i64,
    },
    /// The agency already has a record with this external reference.
    #[error("external_ref `{0}` is already used by another incident of this agency")]
    DuplicateExternalRef(String),
    /// The record breaks the data standard.
    #[error("invalid record ({} problems)", .0.len())]
    Invalid(Vec<FieldError>),
    /// The consent gate refused: no valid consent for what was asked (the message names it).
    #[error("consent required: {0}")]
    ConsentRequired(String),
    /// A bad argument (cursor, filter, configuration).
    #[error("{0}")]
    BadRequest(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrating the schema failed.
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The audit log could not record or sign an event (the change was not made).
    #[error("audit log: {0}")]
    Audit(String),
    /// Too many attempts; try again after this many seconds.
    #[error("too many attempts; try again in {0} s")]
    RateLimited(u64),
    /// A local file the operation needs (an import's error list) could not be written.
    #[error("local file: {0}")]
    LocalFile(String),
    /// A stored document could not be decoded (corruption or a bug).
    #[error("stored record is unreadable: {0}")]
    Corrupt(String),
}
