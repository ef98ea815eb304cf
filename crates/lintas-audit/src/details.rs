//! Keyed hashing of sensitive payloads before they enter the log.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::AuditError;
use crate::hash::Hash;

type HmacSha256 = Hmac<Sha256>;

/// Shortest accepted deployment secret, in bytes.
pub const MIN_DETAILS_KEY_LEN: usize = 32;

/// The per-deployment secret used to hash sensitive payloads
/// (HMAC-SHA-256).
///
/// A plain SHA-256 of a passport number or a name could be reversed by
/// hashing every candidate; with a secret key only someone who holds the key
/// can test a guess. Someone who holds both the key and a candidate payload
/// can prove that the payload is the one the log refers to.
#[derive(Clone)]
pub struct DetailsKey {
    key: Vec<u8>,
}

impl DetailsKey {
    /// Wraps a secret of at least [`MIN_DETAILS_KEY_LEN`] bytes.
    pub fn new(secret: &[u8]) -> Result<Self, AuditError> {
        if secret.len() < MIN_DETAILS_KEY_LEN {
            return Err(AuditError::WeakDetailsKey);
        }
        Ok(Self {
            key: secret.to_vec(),
        })
    }

    /// The secret itself, for writing it to the deployment's key file. Keep it secret.
    pub fn secret(&self) -> &[u8] {
        &self.key
    }

    fn mac(&self) -> Result<HmacSha256, AuditError> {
        <HmacSha256 as KeyInit>::new_from_slice(&self.key).map_err(|_| AuditError::WeakDetailsKey)
    }

    /// `HMAC-SHA-256(secret, payload)`, for [`crate::AuditEvent::details_hash`].
    pub fn hash(&self, payload: &[u8]) -> Result<Hash, AuditError> {
        let mut m = self.mac()?;
        m.update(payload);
        Ok(Hash(m.finalize().into_bytes().into()))
    }

    /// Whether `payload` is the one behind `hash`, compared in constant time.
    pub fn matches(&self, payload: &[u8], hash: &Hash) -> bool {
        match self.mac() {
            Ok(mut m) => {
                m.update(payload);
                m.verify_slice(&hash.0).is_ok()
            }
            Err(_) => false,
        }
    }
}

impl fmt::Debug for DetailsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DetailsKey(<redacted>)")
    }
}

impl Drop for DetailsKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key);
    }
}
