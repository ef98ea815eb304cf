//! Signed envelopes: what travels between nodes (docs/federation.md, "Envelopes").
//!
//! The message body is JSON an auditor can read: `payload` is the envelope itself as a JSON
//! string, and `signature` is the owner node's Ed25519 signature over exactly those bytes, so
//! no canonical form is needed to verify it. `key_id` names the signing key (the first 8 bytes
//! of the SHA-256 of its public key, hex), which lets a node roll its key over while peers
//! still hold the old one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use lintas_store::RecordCopy;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The envelope format's name, in every payload.
pub const FORMAT: &str = "lintas.federation.v1";

/// What the envelope says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// The record at this version, content included.
    Upsert,
    /// The target must delete its copy: the owner lowered the sharing or deleted the record.
    Tombstone,
}

/// SIENA-style handling codes: what the receiver may do with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Handling {
    /// Law-enforcement use, onward sharing within the receiving member allowed.
    H0,
    /// Not to be used as evidence without the owner's permission.
    H1,
    /// No onward sharing without the owner's permission.
    H2,
    /// Owner-specific restrictions; the receiver holds the copy for lookups only.
    H3,
}

impl Handling {
    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Handling::H0 => "H0",
            Handling::H1 => "H1",
            Handling::H2 => "H2",
            Handling::H3 => "H3",
        }
    }
}

/// One envelope: a record's change for one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Always [`FORMAT`].
    pub format: String,
    /// Upsert or tombstone.
    pub op: Op,
    /// The owner member (the signer).
    pub owner: String,
    /// Federated record type (`registry_document`, `incident`, …).
    pub record_type: String,
    /// The owner's record id.
    pub record_id: String,
    /// The owner's version after the change.
    pub version: i64,
    /// The record's sharing now.
    pub sharing: String,
    /// Its named states now (bilateral).
    pub shared_with: Vec<String>,
    /// `all` (regional), the hub (`RSO`, aggregate) or one named state (bilateral): signed, so
    /// a message cannot be replayed onto another state's subject.
    pub target: String,
    /// Handling code.
    pub handling: Handling,
    /// When the owner's relay sent it (RFC 3339), for lag.
    pub sent_at: String,
    /// The record (upserts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<RecordCopy>,
}

/// The message body: the payload and its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    /// The [`Envelope`] as JSON text.
    pub payload: String,
    /// The signing member.
    pub signer: String,
    /// Which of its keys signed.
    pub key_id: String,
    /// Ed25519 signature over the payload's UTF-8 bytes, base64.
    pub signature: String,
}

/// A node's signing key.
pub struct NodeKey {
    member: String,
    key: SigningKey,
}

impl std::fmt::Debug for NodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret is never printed.
        f.debug_struct("NodeKey")
            .field("member", &self.member)
            .field("key_id", &key_id(&self.key.verifying_key()))
            .finish_non_exhaustive()
    }
}

/// The id of a public key: first 8 bytes of its SHA-256, hex.
pub fn key_id(public: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(public.as_bytes())[..8])
}

impl NodeKey {
    /// A new random key for `member`.
    pub fn generate(member: &str) -> Self {
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        rand::RngCore::fill_bytes(&mut rand::rng(), seed.as_mut());
        Self::from_seed(member, &seed)
    }

    /// The key with this 32-byte seed.
    pub fn from_seed(member: &str, seed: &[u8; 32]) -> Self {
        NodeKey {
            member: member.to_string(),
            key: SigningKey::from_bytes(seed),
        }
    }

    /// Reads a key file (`lintas-federation-key v1`, member, base64 seed; one per line), or
    /// creates one (mode 0600) with a new key.
    pub fn load_or_create(path: &std::path::Path, member: &str) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let text = zeroize::Zeroizing::new(text);
                let mut lines = text.lines();
                let bad = |what: &str| Error::Key(format!("{}: {what}", path.display()));
                if lines.next() != Some("lintas-federation-key v1") {
                    return Err(bad("line 1 must be `lintas-federation-key v1`"));
                }
                let owner = lines.next().ok_or_else(|| bad("line 2: member missing"))?;
                if owner != member {
                    return Err(bad(&format!("line 2: key of {owner}, node is {member}")));
                }
                let seed = zeroize::Zeroizing::new(
                    STANDARD
                        .decode(lines.next().unwrap_or_default().trim())
                        .map_err(|_| bad("line 3: seed is not base64"))?,
                );
                let seed: [u8; 32] = seed
                    .as_slice()
                    .try_into()
                    .map_err(|_| bad("line 3: seed must be 32 bytes"))?;
                Ok(Self::from_seed(member, &seed))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate(member);
                let text = zeroize::Zeroizing::new(format!(
                    "lintas-federation-key v1\n{member}\n{}\n",
                    STANDARD.encode(key.key.to_bytes())
                ));
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options
                    .open(path)
                    .map_err(|e| Error::Key(format!("creating {}: {e}", path.display())))?;
                std::io::Write::write_all(&mut file, text.as_bytes())
                    .map_err(|e| Error::Key(format!("writing {}: {e}", path.display())))?;
                Ok(key)
            }
            Err(e) => Err(Error::Key(format!("{}: {e}", path.display()))),
        }
    }

    /// The member this key signs for.
    pub fn member(&self) -> &str {
        &self.member
    }

    /// The public half.
    pub fn public(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The public key as a peers-file line: `MEMBER base64`.
    pub fn peer_line(&self) -> String {
        format!(
            "{} {}",
            self.member,
            STANDARD.encode(self.public().as_bytes())
        )
    }

    /// Signs an envelope of this member.
    pub fn sign(&self, envelope: &Envelope) -> Result<Signed> {
        if envelope.owner != self.member {
            return Err(Error::Envelope(format!(
                "{} cannot sign a record of {}",
                self.member, envelope.owner
            )));
        }
        self.sign_json(envelope)
    }

    /// Signs any JSON payload (reconciliation's requests and replies) the same way.
    pub fn sign_json<T: Serialize>(&self, value: &T) -> Result<Signed> {
        let payload =
            serde_json::to_string(value).map_err(|e| Error::Envelope(format!("encoding: {e}")))?;
        let signature = self.key.sign(payload.as_bytes());
        Ok(Signed {
            payload,
            signer: self.member.clone(),
            key_id: key_id(&self.public()),
            signature: STANDARD.encode(signature.to_bytes()),
        })
    }
}

/// The public keys of the federation's members (several per member during a rollover).
#[derive(Debug, Clone, Default)]
pub struct PeerKeys {
    keys: Vec<(String, VerifyingKey)>,
}

impl PeerKeys {
    /// Adds `member`'s public key.
    pub fn add(&mut self, member: &str, key: VerifyingKey) {
        self.keys.push((member.to_string(), key));
    }

    /// Parses a peers file: `MEMBER base64-public-key` per line; `#` starts a comment.
    pub fn parse(text: &str) -> Result<Self> {
        let mut peers = PeerKeys::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let bad = |what: &str| Error::Key(format!("peers line {}: {what}", n + 1));
            let (member, key) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| bad("expected `MEMBER base64-public-key`"))?;
            let bytes = STANDARD
                .decode(key.trim())
                .map_err(|_| bad("public key is not base64"))?;
            let bytes: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| bad("public key must be 32 bytes"))?;
            let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad("not an Ed25519 key"))?;
            peers.add(member, key);
        }
        Ok(peers)
    }

    /// The members whose keys are known.
    pub fn members(&self) -> Vec<String> {
        let mut m: Vec<String> = self.keys.iter().map(|(m, _)| m.clone()).collect();
        m.sort();
        m.dedup();
        m
    }

    /// Verifies a signed body and returns its signer and payload: the signer's key must be
    /// known and match `key_id`, and the signature must verify (strictly).
    pub fn open_json<T: serde::de::DeserializeOwned>(&self, body: &[u8]) -> Result<(String, T)> {
        let signed: Signed = serde_json::from_slice(body)
            .map_err(|e| Error::Envelope(format!("message body: {e}")))?;
        let key = self
            .keys
            .iter()
            .find(|(m, k)| *m == signed.signer && key_id(k) == signed.key_id)
            .map(|(_, k)| k)
            .ok_or_else(|| {
                Error::Signature(format!(
                    "no key {} known for {}",
                    signed.key_id, signed.signer
                ))
            })?;
        let signature = STANDARD
            .decode(&signed.signature)
            .map_err(|_| Error::Signature("signature is not base64".into()))?;
        let signature = Signature::from_slice(&signature)
            .map_err(|_| Error::Signature("signature must be 64 bytes".into()))?;
        key.verify_strict(signed.payload.as_bytes(), &signature)
            .map_err(|_| Error::Signature(format!("bad signature from {}", signed.signer)))?;
        let value = serde_json::from_str(&signed.payload)
            .map_err(|e| Error::Envelope(format!("payload: {e}")))?;
        Ok((signed.signer, value))
    }

    /// Verifies a message body and returns its envelope, whose owner must be the signer.
    pub fn open(&self, body: &[u8]) -> Result<Envelope> {
        let (signer, envelope): (String, Envelope) = self.open_json(body)?;
        if envelope.format != FORMAT {
            return Err(Error::Envelope(format!(
                "format `{}`, expected `{FORMAT}`",
                envelope.format
            )));
        }
        if envelope.owner != signer {
            return Err(Error::Signature(format!(
                "{signer} signed a record of {}",
                envelope.owner
            )));
        }
        if let Some(copy) = &envelope.copy
            && (copy.owner != envelope.owner
                || copy.id != envelope.record_id
                || copy.version != envelope.version
                || copy.record_type != envelope.record_type)
        {
            return Err(Error::Envelope(
                "the copy's owner, id, version or kind differs from the envelope's".into(),
            ));
        }
        Ok(envelope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(owner: &str) -> Envelope {
        Envelope {
            format: FORMAT.into(),
            op: Op::Tombstone,
            owner: owner.into(),
            record_type: "registry_document".into(),
            record_id: "0190".into(),
            version: 3,
            sharing: "national".into(),
            shared_with: vec![],
            target: "all".into(),
            handling: Handling::H2,
            sent_at: "2026-12-01T00:00:00Z".into(),
            copy: None,
        }
    }

    #[test]
    fn signed_envelopes_open_only_with_the_owners_key() {
        let tha = NodeKey::from_seed("THA", &[7; 32]);
        let mys = NodeKey::from_seed("MYS", &[8; 32]);
        let mut peers = PeerKeys::parse(&format!("# members\n{}\n", tha.peer_line())).unwrap();
        let body = serde_json::to_vec(&tha.sign(&envelope("THA")).unwrap()).unwrap();
        assert_eq!(peers.open(&body).unwrap(), envelope("THA"));

        // The payload is readable JSON, and any change to it breaks the signature.
        let mut signed: Signed = serde_json::from_slice(&body).unwrap();
        assert!(signed.payload.contains("\"op\":\"tombstone\""));
        signed.payload = signed.payload.replace("\"version\":3", "\"version\":4");
        let err = peers
            .open(&serde_json::to_vec(&signed).unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("bad signature"), "{err}");

        // MYS may not sign for THA, and an unknown signer is refused.
        assert!(mys.sign(&envelope("THA")).is_err());
        let own = serde_json::to_vec(&mys.sign(&envelope("MYS")).unwrap()).unwrap();
        assert!(peers.open(&own).unwrap_err().to_string().contains("no key"));
        peers.add("MYS", mys.public());
        assert_eq!(peers.open(&own).unwrap().owner, "MYS");
        // A signer claiming another's key id is refused.
        let mut forged: Signed = serde_json::from_slice(&own).unwrap();
        forged.signer = "THA".into();
        assert!(peers.open(&serde_json::to_vec(&forged).unwrap()).is_err());
    }

    #[test]
    fn key_files_round_trip_and_bad_ones_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fed.key");
        let made = NodeKey::load_or_create(&path, "IDN").unwrap();
        let read = NodeKey::load_or_create(&path, "IDN").unwrap();
        assert_eq!(made.public(), read.public());
        assert!(
            NodeKey::load_or_create(&path, "THA")
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
        assert!(
            PeerKeys::parse("IDN notbase64!")
                .unwrap_err()
                .to_string()
                .contains("peers line 1")
        );
    }
}
