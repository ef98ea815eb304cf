//! The crate's one error type.

/// What can go wrong making a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A figure is missing, named twice, or cannot be written.
    #[error("figure: {0}")]
    Figure(String),
    /// The fonts could not be read.
    #[error("fonts: {0}")]
    Fonts(String),
    /// A chart could not be drawn.
    #[error("chart `{caption}`: {message}")]
    Chart {
        /// The chart's caption.
        caption: String,
        /// What failed.
        message: String,
    },
    /// Typst refused the document (a template error: a bug, not the user's input).
    #[error("typesetting: {0}")]
    Typeset(String),
}

/// Shorthand.
pub type Result<T> = std::result::Result<T, Error>;
