//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong while reading AIS input or running detectors.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AisError {
    /// The line holds no `!xxVDM`/`!xxVDO` sentence.
    #[error("line {line}: no AIVDM/AIVDO sentence")]
    NotAis {
        /// 1-based input line.
        line: u64,
    },
    /// The sentence is malformed; `field` names the offending part.
    #[error("line {line}: bad {field}: {reason}")]
    Malformed {
        /// 1-based input line.
        line: u64,
        /// The NMEA field at fault (`checksum`, `fragment_count`, `payload`, …).
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The NMEA checksum does not match the sentence.
    #[error("line {line}: checksum mismatch: expected {expected:02X}, computed {computed:02X}")]
    Checksum {
        /// 1-based input line.
        line: u64,
        /// Checksum written in the sentence.
        expected: u8,
        /// Checksum computed over the sentence.
        computed: u8,
    },
    /// The reassembled payload does not decode as an AIS message.
    #[error("line {line}: message type {msg_type}: {reason}")]
    Message {
        /// 1-based input line of the last fragment.
        line: u64,
        /// The AIS message type (first six bits).
        msg_type: u8,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A corridor or anchorage definition could not be read.
    #[error("geometry: {0}")]
    Geometry(String),
}

impl AisError {
    /// The input line the error refers to, when it refers to one.
    pub fn line(&self) -> Option<u64> {
        match self {
            AisError::NotAis { line }
            | AisError::Malformed { line, .. }
            | AisError::Checksum { line, .. }
            | AisError::Message { line, .. } => Some(*line),
            AisError::Geometry(_) => None,
        }
    }
}
