//! The audit log's secrets: the Ed25519 key that signs checkpoints and the key that hashes
//! sensitive payloads. They live in a file beside the database, never in it: whoever can write
//! the database must not also be able to re-sign a rewritten log (docs/audit.md, threat model).

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lintas_audit::{DetailsKey, NoteSigner, NoteVerifier};
use rand::RngCore;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The signing key and the payload-hashing key of one deployment's audit log.
pub struct AuditKeys {
    pub(crate) signer: NoteSigner,
    pub(crate) details: DetailsKey,
}

impl std::fmt::Debug for AuditKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets are never printed, not even in debug output.
        f.debug_struct("AuditKeys")
            .field("verifier", &self.signer.verifier().to_string())
            .finish_non_exhaustive()
    }
}

impl AuditKeys {
    /// New random keys; the log is named `lintas.local/audit/<random>` (a signed-note key name).
    pub fn generate() -> Result<Self> {
        let mut id = [0u8; 6];
        rand::rng().fill_bytes(&mut id);
        let mut seed = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(seed.as_mut());
        let mut details = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(details.as_mut());
        let name = format!("lintas.local/audit/{}", hex::encode(id));
        Ok(AuditKeys {
            signer: NoteSigner::from_seed(&name, &seed).map_err(audit_error)?,
            details: DetailsKey::new(details.as_ref()).map_err(audit_error)?,
        })
    }

    /// Reads the keys from `path`, or creates the file (mode 0600) with new keys.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&Zeroizing::new(text))
                .map_err(|e| Error::BadRequest(format!("audit key file {}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let keys = Self::generate()?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(|e| {
                    Error::BadRequest(format!("creating audit key file {}: {e}", path.display()))
                })?;
                file.write_all(keys.to_secret_text().as_bytes())
                    .and_then(|_| file.sync_all())
                    .map_err(|e| {
                        Error::BadRequest(format!("writing audit key file {}: {e}", path.display()))
                    })?;
                tracing::info!(path = %path.display(), "created the audit log's signing key");
                Ok(keys)
            }
            Err(e) => Err(Error::BadRequest(format!(
                "reading audit key file {}: {e}",
                path.display()
            ))),
        }
    }

    fn to_secret_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{}\ndetails {}\n",
            self.signer.to_secret_string().as_str(),
            STANDARD.encode(self.details_secret_bytes().as_slice())
        ))
    }

    fn details_secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.details.secret().to_vec())
    }

    fn parse(text: &str) -> std::result::Result<Self, String> {
        let mut lines = text.lines();
        let signer = lines
            .next()
            .ok_or("empty file")
            .and_then(|l| NoteSigner::parse(l.trim()).map_err(|_| "line 1 is not a signer key"))?;
        let details = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("details "))
            .and_then(|b| STANDARD.decode(b).ok())
            .map(Zeroizing::new)
            .ok_or("line 2 must be `details <base64 secret>`")?;
        let details = DetailsKey::new(&details).map_err(|_| "the details secret is too short")?;
        Ok(AuditKeys { signer, details })
    }

    /// The public key that verifies this log's checkpoints (safe to publish).
    pub fn verifier(&self) -> NoteVerifier {
        self.signer.verifier()
    }

    /// The log's name (the signing key's name).
    pub fn origin(&self) -> &str {
        self.signer.name()
    }
}

pub(crate) fn audit_error(e: lintas_audit::AuditError) -> Error {
    Error::Audit(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        let a = AuditKeys::load_or_create(&path).unwrap();
        let b = AuditKeys::load_or_create(&path).unwrap();
        assert_eq!(a.verifier().to_string(), b.verifier().to_string());
        assert_eq!(a.details.hash(b"x").unwrap(), b.details.hash(b"x").unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!format!("{a:?}").contains("PRIVATE"));
        std::fs::write(&path, "garbage").unwrap();
        assert!(AuditKeys::load_or_create(&path).is_err());
    }
}
