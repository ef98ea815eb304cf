//! The crate's single error type.

/// Everything that can go wrong in `lintas-names`: only list parsing can fail; name
/// normalisation and scoring accept any input.
#[derive(Debug, thiserror::Error)]
pub enum NamesError {
    /// The input is not valid UTF-8 at the given line (1-based).
    #[error("line {line}: invalid UTF-8")]
    InvalidUtf8 {
        /// 1-based line number.
        line: u64,
    },
    /// A record is malformed: `field` names the offending field or column.
    #[error("line {line}: field `{field}`: {message}")]
    Malformed {
        /// 1-based line number (0 when unknown).
        line: u64,
        /// Field, column or element name.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The XML document is not well formed.
    #[error("line {line}: XML error: {message}")]
    Xml {
        /// 1-based line number of the error position.
        line: u64,
        /// Parser message.
        message: String,
    },
    /// The list format could not be guessed from the content.
    #[error(
        "cannot tell the list format (expected UN XML, OFAC SDN CSV, FtM JSON Lines or Lintas CSV)"
    )]
    UnknownFormat,
}
