//! C2SP signed-note and tlog-checkpoint, checked against the published
//! example of golang.org/x/mod/sumdb/note (note_test.go).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_audit::rand_core::{Infallible, TryCryptoRng, TryRng};
use lintas_audit::{AuditError, Checkpoint, NoteSigner, NoteVerifier, Timestamp, leaf_hash};

const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

fn note() -> String {
    format!("{TEXT}\n{SIG}")
}

#[test]
fn reference_keys_parse_and_round_trip() {
    let v = NoteVerifier::parse(VKEY).unwrap();
    assert_eq!(v.name(), "PeterNeumann");
    assert_eq!(v.key_id(), [0xc7, 0x4f, 0x20, 0xa3]);
    assert_eq!(v.to_string(), VKEY);
    let s = NoteSigner::parse(SKEY).unwrap();
    assert_eq!(s.to_secret_string().as_str(), SKEY);
    assert_eq!(s.verifier(), v);
}

#[test]
fn signing_reproduces_the_reference_note() {
    // Ed25519 is deterministic, so our signature must equal Go's byte for byte.
    let s = NoteSigner::parse(SKEY).unwrap();
    assert_eq!(s.sign(TEXT).unwrap(), note());
}

#[test]
fn reference_note_opens_and_tampering_fails() {
    let v = NoteVerifier::parse(VKEY).unwrap();
    assert_eq!(v.open(&note()).unwrap(), TEXT);
    let changed = note().replace("cryptography", "cryptographY");
    assert!(matches!(v.open(&changed), Err(AuditError::BadSignature)));
}

#[test]
fn every_mangled_verifier_key_is_refused() {
    // As in Go's TestNewVerifier: every proper substring and every
    // single-byte increment must be rejected.
    let b = VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i == 0 && j == b.len() {
                continue;
            }
            if let Ok(s) = std::str::from_utf8(&b[i..j]) {
                assert!(NoteVerifier::parse(s).is_err(), "accepted {s:?}");
            }
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] = m[i].wrapping_add(1);
        if let Ok(s) = std::str::from_utf8(&m) {
            assert!(NoteVerifier::parse(s).is_err(), "accepted {s:?}");
        }
    }
}

#[test]
fn unknown_signers_are_ignored_but_needed_one_must_be_present() {
    let other = NoteSigner::from_seed("other.example/log", &[7u8; 32]).unwrap();
    let v = NoteVerifier::parse(VKEY).unwrap();
    let only_other = other.sign(TEXT).unwrap();
    assert!(matches!(
        v.open(&only_other),
        Err(AuditError::UnverifiedNote)
    ));
    // Both signatures present: the unknown one is skipped.
    let other_line = only_other
        .strip_prefix(TEXT)
        .unwrap()
        .strip_prefix('\n')
        .unwrap();
    let both = format!("{TEXT}\n{other_line}{SIG}");
    assert_eq!(v.open(&both).unwrap(), TEXT);
    assert_eq!(other.verifier().open(&both).unwrap(), TEXT);
}

#[test]
fn malformed_notes_are_refused() {
    let v = NoteVerifier::parse(VKEY).unwrap();
    let n = note();
    let cases = [
        String::new(),
        TEXT.to_owned(),
        format!("{TEXT}{SIG}"),
        n.trim_end_matches('\n').to_owned(),
        n.replace('\u{2014}', "-"),
        format!("{TEXT}\n{SIG}\n"),
        format!("{}\n{SIG}", TEXT.replace('\n', "\r\n")),
        format!("{TEXT}\n\u{2014} PeterNeumann !!!\n"),
        format!("{TEXT}\n\u{2014} PeterNeumann AAAA\n"),
        format!("{TEXT}\n\u{2014}  x08go/ZJ\n"),
        format!("{TEXT}\n{}", SIG.repeat(101)),
    ];
    for c in cases {
        assert!(v.open(&c).is_err(), "accepted {c:?}");
    }
}

/// A counter RNG: deterministic, for tests only.
struct TestRng(u8);
impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for d in dst {
            self.0 = self.0.wrapping_mul(31).wrapping_add(7);
            *d = self.0;
        }
        Ok(())
    }
}
impl TryCryptoRng for TestRng {}

#[test]
fn generated_keys_round_trip_through_their_text_forms() {
    let s = NoteSigner::generate("lintas.example/audit", &mut TestRng(1)).unwrap();
    let again = NoteSigner::parse(&s.to_secret_string()).unwrap();
    assert_eq!(again.verifier(), s.verifier());
    let v = NoteVerifier::parse(&s.verifier().to_string()).unwrap();
    assert_eq!(v, s.verifier());
    assert!(!format!("{s:?}").contains(&*s.to_secret_string()));
    let t = NoteSigner::generate("lintas.example/audit", &mut TestRng(2)).unwrap();
    assert_ne!(t.verifier(), s.verifier());
    for bad in ["", "a b", "a+b", "a\tb"] {
        assert!(NoteSigner::generate(bad, &mut TestRng(1)).is_err());
    }
}

#[test]
fn checkpoint_text_form_and_signature() {
    let s = NoteSigner::from_seed("lintas.example/audit/IDN", &[1u8; 32]).unwrap();
    let mut cp = Checkpoint::new("lintas.example/audit/IDN", 8, leaf_hash(b"x"));
    cp.timestamp = Some(Timestamp::parse_rfc3339("2026-11-23T03:00:00Z").unwrap());
    cp.extensions.push("witness-hint example".to_owned());
    let text = cp.to_text().unwrap();
    let root_b64 = "PH6byTDck/AfppmF7yQtn56GHzxTVaokzl70tLinDMs=";
    assert_eq!(
        text,
        format!(
            "lintas.example/audit/IDN\n8\n{root_b64}\ntimestamp 2026-11-23T03:00:00Z\nwitness-hint example\n"
        )
    );
    let signed = cp.sign(&s).unwrap();
    assert!(signed.starts_with(&text));
    let opened = Checkpoint::open(&signed, &s.verifier(), "lintas.example/audit/IDN").unwrap();
    assert_eq!(opened, cp);
    assert!(matches!(
        Checkpoint::open(&signed, &s.verifier(), "other"),
        Err(AuditError::WrongOrigin { .. })
    ));
    let forged = signed.replacen("\n8\n", "\n9\n", 1);
    assert!(matches!(
        Checkpoint::open(&forged, &s.verifier(), "lintas.example/audit/IDN"),
        Err(AuditError::BadSignature)
    ));
}

#[test]
fn checkpoint_parse_rejects_bad_lines() {
    let root = "PH6byTDck/AfppmF7yQtn56GHzxTVaokzl70tLinDMs=";
    let bad = [
        String::new(),
        format!("o\n8\n{root}"),
        format!("\n8\n{root}\n"),
        format!("o\n08\n{root}\n"),
        format!("o\n-1\n{root}\n"),
        format!("o\n+8\n{root}\n"),
        format!("o\n18446744073709551616\n{root}\n"),
        "o\n8\nAAAA\n".to_owned(),
        "o\n8\n".to_owned(),
        format!("o\n8\n{root}\n\n"),
        format!("o\n8\n{root}\ntimestamp yesterday\n"),
        format!("o\n8\n{root}\ntimestamp 2026-11-23T03:00:00.000Z\n"),
    ];
    for b in bad {
        assert!(Checkpoint::parse_text(&b).is_err(), "accepted {b:?}");
    }
    let ok = Checkpoint::parse_text(&format!("o\n18446744073709551615\n{root}\n")).unwrap();
    assert_eq!(ok.size, u64::MAX);
    let zero = Checkpoint::parse_text(&format!("o\n0\n{root}\n")).unwrap();
    assert_eq!(zero.size, 0);
}

/// Real signed tree heads published by the Go checksum database
/// (sum.golang.org), a deployed C2SP checkpoint signer.
#[test]
fn go_checksum_database_checkpoints_verify() {
    let key =
        NoteVerifier::parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8")
            .unwrap();
    let heads = [
        (
            "go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n\u{2014} sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n",
            31_700_353u64,
        ),
        (
            "go.sum database tree\n65209736\n5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=\n\n\u{2014} sum.golang.org Az3grnbssgK7ubgFX36gVETtNv0U23qxyAhAMai2QUfeGa3nB/akvkMdlUErfcZz7l/R3cVtYspg3dxXABkGZZKdsQ8=\n",
            65_209_736,
        ),
    ];
    for (note, size) in heads {
        let cp = Checkpoint::open(note, &key, "go.sum database tree").unwrap();
        assert_eq!(cp.size, size);
        let bumped = note.replacen(&size.to_string(), &(size + 1).to_string(), 1);
        assert!(matches!(
            Checkpoint::open(&bumped, &key, "go.sum database tree"),
            Err(AuditError::BadSignature)
        ));
    }
}
