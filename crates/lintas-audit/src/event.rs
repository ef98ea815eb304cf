//! Audit events and their one canonical byte encoding (the leaf data).
//!
//! Encoding, version 1 (all integers big-endian):
//!
//! ```text
//! u8   version = 0x01
//! u64  sequence
//! str  time            canonical RFC 3339 UTC, see Timestamp
//! str  actor_id
//! opt<str> member_state
//! opt<str> agency
//! str  action
//! opt<str> record_type
//! opt<str> record_id
//! opt<str> request_id
//! u8   outcome         1 success, 2 denied, 3 failed, 4 error
//! opt<[32]> details_hash
//! ```
//!
//! Version 2 is version 1 (with `version = 0x02`) followed by
//!
//! ```text
//! u16  n ‖ n × str  records   ids of the records a view showed
//! opt<u64> count             how many occurrences one event stands for
//! ```
//!
//! and is written only when `records` is not empty or `count` is set, so
//! every event that version 1 can express keeps its version 1 bytes.
//!
//! ```text
//! str      = u16 length ‖ UTF-8 bytes
//! opt<T>   = 0x00 | 0x01 ‖ T
//! ```
//!
//! Nothing may follow the last field. Decoding re-encodes and demands the
//! same bytes, so every event has exactly one accepted encoding.

use crate::AuditError;
use crate::hash::{Hash, leaf_hash};
use crate::timestamp::Timestamp;

/// Encoding version written as the first byte of events without `records` or `count`.
pub const EVENT_FORMAT_VERSION: u8 = 1;

/// Encoding version of events that carry `records` or `count`.
pub const EVENT_FORMAT_VERSION_LISTS: u8 = 2;

/// Most record ids one event may list (a page of a list view is at most 500).
pub const MAX_RECORDS: usize = 1000;

/// Longest free-text field, in bytes.
pub const MAX_TEXT_LEN: usize = 256;

/// Longest `action` or `record_type` token, in bytes.
pub const MAX_TOKEN_LEN: usize = 64;

/// How the audited operation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The operation was carried out.
    Success,
    /// Refused by authorisation (403/404 for lack of rights).
    Denied,
    /// Refused for the caller's input, e.g. a wrong password or invalid record.
    Failed,
    /// The server failed while carrying it out.
    Error,
}

impl Outcome {
    fn code(self) -> u8 {
        match self {
            Outcome::Success => 1,
            Outcome::Denied => 2,
            Outcome::Failed => 3,
            Outcome::Error => 4,
        }
    }

    fn from_code(c: u8) -> Result<Self, AuditError> {
        match c {
            1 => Ok(Outcome::Success),
            2 => Ok(Outcome::Denied),
            3 => Ok(Outcome::Failed),
            4 => Ok(Outcome::Error),
            _ => Err(AuditError::MalformedEvent("unknown outcome code")),
        }
    }

    /// Lower-case name (`success`, `denied`, `failed`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
            Outcome::Error => "error",
        }
    }
}

/// One entry of the audit log.
///
/// Sensitive payloads never go here: put their keyed hash in
/// `details_hash` (see [`crate::DetailsKey`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    /// Position in the log, starting at 0; equals the leaf index.
    pub sequence: u64,
    /// When it happened (UTC).
    pub time: Timestamp,
    /// Who acted: a user or API-key id, or e.g. `anonymous` for a failed login.
    pub actor_id: String,
    /// The actor's member state, ISO 3166-1 alpha-3 (e.g. `IDN`), if known.
    pub member_state: Option<String>,
    /// The actor's agency, if known.
    pub agency: Option<String>,
    /// What was done: a token of `a-z 0-9 . _ : -`, e.g. `incident.read`, `login`.
    pub action: String,
    /// Kind of record acted on, same token alphabet, e.g. `victim_case`.
    pub record_type: Option<String>,
    /// Id of the record acted on (e.g. a UUID v7).
    pub record_id: Option<String>,
    /// Id of the HTTP request or CLI run, to join with other logs.
    pub request_id: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// Keyed hash of the sensitive payload, never the payload.
    pub details_hash: Option<Hash>,
    /// Ids of the records a list view showed: one event per view, not one per row.
    pub records: Vec<String>,
    /// How many occurrences this event stands for (e.g. refused logins from one address in
    /// one minute), when it aggregates.
    pub count: Option<u64>,
}

fn check_text(field: &'static str, s: &str) -> Result<(), AuditError> {
    if s.is_empty() {
        return Err(AuditError::InvalidField {
            field,
            reason: "empty",
        });
    }
    if s.len() > MAX_TEXT_LEN {
        return Err(AuditError::InvalidField {
            field,
            reason: "longer than 256 bytes",
        });
    }
    if s.chars().any(char::is_control) {
        return Err(AuditError::InvalidField {
            field,
            reason: "contains control characters",
        });
    }
    Ok(())
}

fn check_token(field: &'static str, s: &str) -> Result<(), AuditError> {
    if s.is_empty() || s.len() > MAX_TOKEN_LEN {
        return Err(AuditError::InvalidField {
            field,
            reason: "must be 1 to 64 bytes",
        });
    }
    let ok = s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".:_-".contains(&b));
    if !ok {
        return Err(AuditError::InvalidField {
            field,
            reason: "allowed characters are a-z 0-9 . : _ -",
        });
    }
    Ok(())
}

fn check_state(s: &str) -> Result<(), AuditError> {
    // Member states use ISO 3166-1 alpha-3; member organisations (UNHCR, UNODC) their acronym.
    if (3..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(AuditError::InvalidField {
            field: "member_state",
            reason: "must be three to five letters A-Z",
        })
    }
}

impl AuditEvent {
    /// Checks every field against the rules the encoding relies on.
    pub fn validate(&self) -> Result<(), AuditError> {
        check_text("actor_id", &self.actor_id)?;
        if let Some(s) = &self.member_state {
            check_state(s)?;
        }
        if let Some(a) = &self.agency {
            check_text("agency", a)?;
        }
        check_token("action", &self.action)?;
        if let Some(t) = &self.record_type {
            check_token("record_type", t)?;
        }
        if let Some(r) = &self.record_id {
            check_text("record_id", r)?;
        }
        if let Some(r) = &self.request_id {
            check_text("request_id", r)?;
        }
        if self.records.len() > MAX_RECORDS {
            return Err(AuditError::InvalidField {
                field: "records",
                reason: "more than 1000 ids",
            });
        }
        for r in &self.records {
            check_text("records", r)?;
        }
        Ok(())
    }

    /// The canonical encoding described in the module documentation.
    pub fn encode(&self) -> Result<Vec<u8>, AuditError> {
        self.validate()?;
        let lists = !self.records.is_empty() || self.count.is_some();
        let mut out = Vec::with_capacity(128 + 40 * self.records.len());
        out.push(if lists {
            EVENT_FORMAT_VERSION_LISTS
        } else {
            EVENT_FORMAT_VERSION
        });
        out.extend_from_slice(&self.sequence.to_be_bytes());
        put_str(&mut out, &self.time.to_rfc3339());
        put_str(&mut out, &self.actor_id);
        put_opt_str(&mut out, self.member_state.as_deref());
        put_opt_str(&mut out, self.agency.as_deref());
        put_str(&mut out, &self.action);
        put_opt_str(&mut out, self.record_type.as_deref());
        put_opt_str(&mut out, self.record_id.as_deref());
        put_opt_str(&mut out, self.request_id.as_deref());
        out.push(self.outcome.code());
        match &self.details_hash {
            None => out.push(0),
            Some(h) => {
                out.push(1);
                out.extend_from_slice(&h.0);
            }
        }
        if lists {
            // Validation caps the list far below u16::MAX.
            let n = u16::try_from(self.records.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&n.to_be_bytes());
            for r in self.records.iter().take(usize::from(n)) {
                put_str(&mut out, r);
            }
            match self.count {
                None => out.push(0),
                Some(c) => {
                    out.push(1);
                    out.extend_from_slice(&c.to_be_bytes());
                }
            }
        }
        Ok(out)
    }

    /// The RFC 6962 leaf hash of [`AuditEvent::encode`].
    pub fn leaf_hash(&self) -> Result<Hash, AuditError> {
        Ok(leaf_hash(&self.encode()?))
    }

    /// Decodes bytes written by [`AuditEvent::encode`], rejecting any other
    /// spelling of the same event.
    pub fn decode(bytes: &[u8]) -> Result<Self, AuditError> {
        let mut r = Reader { rest: bytes };
        let version = r.byte()?;
        if version != EVENT_FORMAT_VERSION && version != EVENT_FORMAT_VERSION_LISTS {
            return Err(AuditError::MalformedEvent("unknown format version"));
        }
        let sequence = u64::from_be_bytes(r.array::<8>()?);
        let time = Timestamp::parse_rfc3339(r.str()?)?;
        let mut event = AuditEvent {
            sequence,
            time,
            actor_id: r.str()?.to_owned(),
            member_state: r.opt_str()?,
            agency: r.opt_str()?,
            action: r.str()?.to_owned(),
            record_type: r.opt_str()?,
            record_id: r.opt_str()?,
            request_id: r.opt_str()?,
            outcome: Outcome::from_code(r.byte()?)?,
            details_hash: match r.byte()? {
                0 => None,
                1 => Some(Hash(r.array::<32>()?)),
                _ => return Err(AuditError::MalformedEvent("bad option tag")),
            },
            records: Vec::new(),
            count: None,
        };
        if version == EVENT_FORMAT_VERSION_LISTS {
            let n = u16::from_be_bytes(r.array::<2>()?);
            for _ in 0..n {
                event.records.push(r.str()?.to_owned());
            }
            event.count = match r.byte()? {
                0 => None,
                1 => Some(u64::from_be_bytes(r.array::<8>()?)),
                _ => return Err(AuditError::MalformedEvent("bad option tag")),
            };
        }
        if !r.rest.is_empty() {
            return Err(AuditError::MalformedEvent("trailing bytes"));
        }
        if event.encode()? != bytes {
            return Err(AuditError::MalformedEvent("not the canonical encoding"));
        }
        Ok(event)
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Validation caps every field far below u16::MAX.
    let len = u16::try_from(s.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes().get(..usize::from(len)).unwrap_or_default());
}

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], AuditError> {
        let (head, tail) = self
            .rest
            .split_at_checked(n)
            .ok_or(AuditError::MalformedEvent("truncated"))?;
        self.rest = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, AuditError> {
        Ok(self.array::<1>()?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], AuditError> {
        self.take(N)?
            .try_into()
            .map_err(|_| AuditError::MalformedEvent("truncated"))
    }

    fn str(&mut self) -> Result<&'a str, AuditError> {
        let len = u16::from_be_bytes(self.array::<2>()?);
        std::str::from_utf8(self.take(usize::from(len))?)
            .map_err(|_| AuditError::MalformedEvent("text is not UTF-8"))
    }

    fn opt_str(&mut self) -> Result<Option<String>, AuditError> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(self.str()?.to_owned())),
            _ => Err(AuditError::MalformedEvent("bad option tag")),
        }
    }
}
