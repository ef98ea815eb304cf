//! C2SP tlog-checkpoint: the signed statement "log `origin` has `size`
//! leaves with root `root`", carried in a signed note.
//!
//! ```text
//! lintas.example/audit/IDN      origin
//! 1234                          tree size, decimal
//! <base64 root hash>            32 bytes, standard base64
//! timestamp 2026-11-23T03:00:00Z   optional extension lines
//!
//! — lintas.example/audit/IDN <base64(key id ‖ Ed25519 signature)>
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use crate::AuditError;
use crate::hash::Hash;
use crate::note::{NoteSigner, NoteVerifier};
use crate::timestamp::Timestamp;

/// Prefix of the extension line that carries the checkpoint's time.
pub const TIMESTAMP_EXTENSION: &str = "timestamp ";

/// A tree head: origin, size and root, plus optional extension lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's unique name, conventionally the signing key's name.
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// Merkle Tree Hash of those leaves.
    pub root: Hash,
    /// When the checkpoint was made; written as the first extension line.
    pub timestamp: Option<Timestamp>,
    /// Further extension lines, opaque to this crate, kept in order.
    pub extensions: Vec<String>,
}

fn check_line(line: &str, what: &'static str) -> Result<(), AuditError> {
    if line.is_empty() || line.chars().any(char::is_control) {
        return Err(AuditError::MalformedCheckpoint(what));
    }
    Ok(())
}

impl Checkpoint {
    /// A checkpoint with no extension lines.
    pub fn new(origin: &str, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.to_owned(),
            size,
            root,
            timestamp: None,
            extensions: Vec::new(),
        }
    }

    /// The note text: origin, size and root lines, then extensions, each
    /// ending in a newline.
    pub fn to_text(&self) -> Result<String, AuditError> {
        check_line(&self.origin, "origin must be a non-empty line")?;
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root.0)
        );
        if let Some(t) = &self.timestamp {
            s.push_str(TIMESTAMP_EXTENSION);
            s.push_str(&t.to_rfc3339());
            s.push('\n');
        }
        for e in &self.extensions {
            check_line(e, "extension lines must be non-empty")?;
            s.push_str(e);
            s.push('\n');
        }
        Ok(s)
    }

    /// Parses a checkpoint note text (the part a signature covers).
    pub fn parse_text(text: &str) -> Result<Self, AuditError> {
        let body = text
            .strip_suffix('\n')
            .ok_or(AuditError::MalformedCheckpoint(
                "text must end with a newline",
            ))?;
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        check_line(origin, "origin must be a non-empty line")?;
        let size = parse_size(lines.next().unwrap_or_default())?;
        let root = parse_root(lines.next().unwrap_or_default())?;
        let mut cp = Checkpoint::new(origin, size, root);
        for (i, line) in lines.enumerate() {
            check_line(line, "extension lines must be non-empty")?;
            match line.strip_prefix(TIMESTAMP_EXTENSION) {
                Some(t) if i == 0 => {
                    let ts = Timestamp::parse_rfc3339(t)?;
                    if ts.to_rfc3339() != t {
                        return Err(AuditError::MalformedCheckpoint(
                            "timestamp is not canonical",
                        ));
                    }
                    cp.timestamp = Some(ts);
                }
                _ => cp.extensions.push(line.to_owned()),
            }
        }
        Ok(cp)
    }

    /// Signs the checkpoint and returns the signed note.
    pub fn sign(&self, signer: &NoteSigner) -> Result<String, AuditError> {
        signer.sign(&self.to_text()?)
    }

    /// Verifies `note`'s signature by `verifier`, parses it, and checks that
    /// its origin is `origin` (a checkpoint of another log is refused).
    pub fn open(note: &str, verifier: &NoteVerifier, origin: &str) -> Result<Self, AuditError> {
        let cp = Self::parse_text(verifier.open(note)?)?;
        if cp.origin != origin {
            return Err(AuditError::WrongOrigin {
                expected: origin.to_owned(),
                found: cp.origin,
            });
        }
        Ok(cp)
    }
}

fn parse_size(s: &str) -> Result<u64, AuditError> {
    let canonical =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if !canonical {
        return Err(AuditError::MalformedCheckpoint(
            "size must be a decimal number without leading zeros",
        ));
    }
    s.parse()
        .map_err(|_| AuditError::MalformedCheckpoint("size does not fit in 64 bits"))
}

fn parse_root(s: &str) -> Result<Hash, AuditError> {
    let bytes = B64
        .decode(s)
        .map_err(|_| AuditError::MalformedCheckpoint("root hash is not base64"))?;
    Hash::from_slice(&bytes)
        .map_err(|_| AuditError::MalformedCheckpoint("root hash must be 32 bytes"))
}
