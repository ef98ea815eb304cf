//! C2SP signed-note: Ed25519 signer and verifier keys in their text forms,
//! signing a text, and opening a signed note with a trusted key.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::AuditError;

/// Signature-type byte for Ed25519 in key hashes and key encodings.
const ALG_ED25519: u8 = 0x01;

/// Most signature lines accepted in one note, as in the Go reference
/// implementation: bounds the work an attacker can force on a verifier.
pub const MAX_SIGNATURES: usize = 100;

const SIG_PREFIX: &str = "\u{2014} ";

fn check_key_name(name: &str) -> Result<(), AuditError> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+') {
        return Err(AuditError::BadKeyName);
    }
    Ok(())
}

/// First four bytes of `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)`.
fn key_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ALG_ED25519]);
    h.update(public.as_bytes());
    let d: [u8; 32] = h.finalize().into();
    [d[0], d[1], d[2], d[3]]
}

fn parse_key_id(hex: &str) -> Result<[u8; 4], AuditError> {
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AuditError::BadKey("key id must be 8 hex digits"));
    }
    u32::from_str_radix(hex, 16)
        .map(u32::to_be_bytes)
        .map_err(|_| AuditError::BadKey("key id must be 8 hex digits"))
}

/// Splits `<name>+<hex id>+<base64 key>`; the base64 may itself hold `+`.
fn split_key(s: &str) -> Result<(&str, [u8; 4], Vec<u8>), AuditError> {
    let (name, rest) = s.split_once('+').ok_or(AuditError::BadKey("missing '+'"))?;
    let (id, key64) = rest
        .split_once('+')
        .ok_or(AuditError::BadKey("missing '+'"))?;
    check_key_name(name)?;
    let id = parse_key_id(id)?;
    let key = B64
        .decode(key64)
        .map_err(|_| AuditError::BadKey("key is not base64"))?;
    match key.split_first() {
        Some((&ALG_ED25519, k)) if k.len() == 32 => Ok((name, id, key)),
        Some((&ALG_ED25519, _)) => Err(AuditError::BadKey("Ed25519 key must be 32 bytes")),
        _ => Err(AuditError::BadKey("unsupported signature algorithm")),
    }
}

/// A named Ed25519 signing key (the log's checkpoint key).
pub struct NoteSigner {
    name: String,
    key: SigningKey,
    id: [u8; 4],
}

impl NoteSigner {
    /// A new key from the caller's cryptographic RNG.
    pub fn generate<R: ed25519_dalek::rand_core::CryptoRng + ?Sized>(
        name: &str,
        rng: &mut R,
    ) -> Result<Self, AuditError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(seed.as_mut());
        Self::from_seed(name, &seed)
    }

    /// The key with this 32-byte Ed25519 seed (RFC 8032 private key).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, AuditError> {
        check_key_name(name)?;
        let key = SigningKey::from_bytes(seed);
        let id = key_id(name, &key.verifying_key());
        Ok(Self {
            name: name.to_owned(),
            key,
            id,
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>`, the
    /// signer-key form of `golang.org/x/mod/sumdb/note`.
    pub fn parse(s: &str) -> Result<Self, AuditError> {
        let rest = s.strip_prefix("PRIVATE+KEY+").ok_or(AuditError::BadKey(
            "signer key must start with PRIVATE+KEY+",
        ))?;
        let (name, id, key) = split_key(rest)?;
        let key = Zeroizing::new(key);
        let seed: [u8; 32] = key
            .get(1..)
            .and_then(|k| k.try_into().ok())
            .ok_or(AuditError::BadKey("Ed25519 key must be 32 bytes"))?;
        let signer = Self::from_seed(name, &seed)?;
        if signer.id != id {
            return Err(AuditError::BadKey("key id does not match the key"));
        }
        Ok(signer)
    }

    /// The secret text form read by [`NoteSigner::parse`]. Keep it secret.
    pub fn to_secret_string(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new(Vec::with_capacity(33));
        raw.push(ALG_ED25519);
        raw.extend_from_slice(self.key.as_bytes());
        Zeroizing::new(format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex_id(self.id),
            B64.encode(raw.as_slice())
        ))
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The matching public verifier key.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
            id: self.id,
        }
    }

    /// The signature line for `text` (`— <name> <base64(id ‖ sig)>\n`).
    fn signature_line(&self, text: &str) -> String {
        let sig: Signature = self.key.sign(text.as_bytes());
        let mut blob = Vec::with_capacity(68);
        blob.extend_from_slice(&self.id);
        blob.extend_from_slice(&sig.to_bytes());
        format!("{SIG_PREFIX}{} {}\n", self.name, B64.encode(blob))
    }

    /// Signs `text` and returns the signed note: the text, a blank line,
    /// and one signature line.
    pub fn sign(&self, text: &str) -> Result<String, AuditError> {
        check_note_text(text)?;
        Ok(format!("{text}\n{}", self.signature_line(text)))
    }
}

impl fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoteSigner({}+{}, <secret>)", self.name, hex_id(self.id))
    }
}

fn hex_id(id: [u8; 4]) -> String {
    format!("{:08x}", u32::from_be_bytes(id))
}

/// A named Ed25519 public key that verifies signed notes.
#[derive(Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key: VerifyingKey,
    id: [u8; 4],
}

impl NoteVerifier {
    /// Parses `<name>+<hex id>+<base64(0x01 ‖ public key)>`.
    pub fn parse(s: &str) -> Result<Self, AuditError> {
        let (name, id, key) = split_key(s)?;
        let public: [u8; 32] = key
            .get(1..)
            .and_then(|k| k.try_into().ok())
            .ok_or(AuditError::BadKey("Ed25519 key must be 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| AuditError::BadKey("not a valid Ed25519 public key"))?;
        if key.is_weak() {
            return Err(AuditError::BadKey("small-order Ed25519 public key"));
        }
        if key_id(name, &key) != id {
            return Err(AuditError::BadKey("key id does not match the key"));
        }
        Ok(Self {
            name: name.to_owned(),
            key,
            id,
        })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 4-byte key id.
    pub fn key_id(&self) -> [u8; 4] {
        self.id
    }

    /// Checks the note's signature by this key and returns the signed text.
    ///
    /// Signatures by other keys are ignored, as the spec requires; a note
    /// with no signature by this key is [`AuditError::UnverifiedNote`].
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, AuditError> {
        let (text, sigs) = split_note(note)?;
        let mut verified = false;
        for line in sigs {
            if line.key_name != self.name || line.key_id != self.id {
                continue;
            }
            let sig =
                Signature::from_slice(&line.signature).map_err(|_| AuditError::BadSignature)?;
            self.key
                .verify_strict(text.as_bytes(), &sig)
                .map_err(|_| AuditError::BadSignature)?;
            verified = true;
        }
        if verified {
            Ok(text)
        } else {
            Err(AuditError::UnverifiedNote)
        }
    }
}

impl fmt::Display for NoteVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut raw = Vec::with_capacity(33);
        raw.push(ALG_ED25519);
        raw.extend_from_slice(self.key.as_bytes());
        write!(f, "{}+{}+{}", self.name, hex_id(self.id), B64.encode(raw))
    }
}

impl fmt::Debug for NoteVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoteVerifier({self})")
    }
}

fn check_note_text(text: &str) -> Result<(), AuditError> {
    if text.is_empty() || !text.ends_with('\n') {
        return Err(AuditError::MalformedNote("text must end with a newline"));
    }
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(AuditError::MalformedNote("control character in text"));
    }
    Ok(())
}

/// One signature line of a signed note, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature<'a> {
    /// The signing key's name.
    pub key_name: &'a str,
    /// The 4-byte key id that prefixes the signature.
    pub key_id: [u8; 4],
    /// The signature bytes after the key id.
    pub signature: Vec<u8>,
}

/// Splits a signed note into its text and its signature lines, checking
/// the format but no signature.
pub fn split_note(note: &str) -> Result<(&str, Vec<NoteSignature<'_>>), AuditError> {
    if note.chars().any(|c| c < ' ' && c != '\n') {
        return Err(AuditError::MalformedNote("control character in note"));
    }
    let cut = note
        .rfind("\n\n")
        .ok_or(AuditError::MalformedNote("no blank line before signatures"))?;
    let (text, rest) = note.split_at(cut + 1);
    let sig_block = rest.get(1..).unwrap_or_default();
    check_note_text(text)?;
    let Some(body) = sig_block.strip_suffix('\n') else {
        return Err(AuditError::MalformedNote(
            "signature block must end with a newline",
        ));
    };
    let mut sigs = Vec::new();
    for line in body.split('\n') {
        if sigs.len() == MAX_SIGNATURES {
            return Err(AuditError::MalformedNote("too many signatures"));
        }
        let line = line
            .strip_prefix(SIG_PREFIX)
            .ok_or(AuditError::MalformedNote(
                "signature line must start with an em dash",
            ))?;
        let (name, b64) = line.split_once(' ').ok_or(AuditError::MalformedNote(
            "signature line needs a name and a signature",
        ))?;
        check_key_name(name).map_err(|_| AuditError::MalformedNote("bad key name"))?;
        let blob = B64
            .decode(b64)
            .map_err(|_| AuditError::MalformedNote("signature is not base64"))?;
        let (id, sig) = blob
            .split_first_chunk::<4>()
            .filter(|(_, sig)| !sig.is_empty())
            .ok_or(AuditError::MalformedNote("short signature"))?;
        sigs.push(NoteSignature {
            key_name: name,
            key_id: *id,
            signature: sig.to_vec(),
        });
    }
    Ok((text, sigs))
}
