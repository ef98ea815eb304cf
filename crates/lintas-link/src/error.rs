//! The crate's single error type.

/// Everything that can go wrong while configuring or running a linkage.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// A comparison or blocking rule names a column the input does not have.
    #[error(
        "column `{column}` (used by {used_by}) is not in the input; available columns: {available}"
    )]
    MissingColumn {
        /// The missing column.
        column: String,
        /// Which setting refers to it.
        used_by: String,
        /// Comma-separated list of the columns that exist.
        available: String,
    },
    /// A blocking rule would generate more candidate pairs than allowed.
    #[error(
        "blocking rule {rule} `{name}` would generate {pairs} pairs, more than the maximum of {max}; tighten the rule or raise max_pairs_per_rule"
    )]
    TooManyPairs {
        /// Index of the rule (0-based).
        rule: usize,
        /// Display form of the rule.
        name: String,
        /// Number of pairs the rule would generate.
        pairs: u64,
        /// Configured maximum.
        max: u64,
    },
    /// The settings are inconsistent.
    #[error("invalid settings: {field}: {message}")]
    InvalidSettings {
        /// The offending field.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A blocking key expression could not be parsed.
    #[error("invalid blocking key `{key}`: {message}")]
    InvalidBlockingKey {
        /// The key text as written.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// Input records are inconsistent (e.g. a row with the wrong number of fields).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A saved model does not fit the data or settings it is used with.
    #[error("model does not fit: {0}")]
    ModelMismatch(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, LinkError>;
