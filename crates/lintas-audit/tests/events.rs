//! Audit event encoding, validation and details hashing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_audit::{AuditError, AuditEvent, DetailsKey, Hash, Outcome, Timestamp, leaf_hash};

fn sample() -> AuditEvent {
    AuditEvent {
        sequence: 258,
        time: Timestamp::parse_rfc3339("2026-11-23T03:04:05.5Z").unwrap(),
        actor_id: "u1".into(),
        member_state: Some("IDN".into()),
        agency: Some("POLRI".into()),
        action: "victim.read".into(),
        record_type: None,
        record_id: Some("r".into()),
        request_id: None,
        outcome: Outcome::Success,
        details_hash: None,
        records: Vec::new(),
        count: None,
    }
}

#[test]
fn encoding_is_the_documented_layout() {
    let mut want = vec![1u8, 0, 0, 0, 0, 0, 0, 1, 2];
    let t = b"2026-11-23T03:04:05.5Z";
    want.extend_from_slice(&[0, t.len() as u8]);
    want.extend_from_slice(t);
    want.extend_from_slice(b"\x00\x02u1");
    want.extend_from_slice(b"\x01\x00\x03IDN");
    want.extend_from_slice(b"\x01\x00\x05POLRI");
    want.extend_from_slice(b"\x00\x0bvictim.read");
    want.extend_from_slice(b"\x00"); // record_type
    want.extend_from_slice(b"\x01\x00\x01r");
    want.extend_from_slice(b"\x00"); // request_id
    want.extend_from_slice(b"\x01"); // success
    want.extend_from_slice(b"\x00"); // no details hash
    let e = sample();
    assert_eq!(e.encode().unwrap(), want);
    assert_eq!(e.leaf_hash().unwrap(), leaf_hash(&want));
    assert_eq!(AuditEvent::decode(&want).unwrap(), e);
}

#[test]
fn listed_records_and_counts_use_version_2() {
    let v1 = sample().encode().unwrap();
    let mut e = sample();
    e.records = vec!["a".into(), "bc".into()];
    e.count = Some(7);
    let mut want = v1.clone();
    want[0] = 2;
    want.extend_from_slice(b"\x00\x02\x00\x01a\x00\x02bc");
    want.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 7]);
    assert_eq!(e.encode().unwrap(), want);
    assert_eq!(AuditEvent::decode(&want).unwrap(), e);
    // A version 2 spelling of an event version 1 can express is not canonical.
    let mut spelled = v1.clone();
    spelled[0] = 2;
    spelled.extend_from_slice(&[0, 0, 0]);
    assert!(matches!(
        AuditEvent::decode(&spelled),
        Err(AuditError::MalformedEvent(_))
    ));
    for cut in v1.len()..want.len() {
        assert!(
            AuditEvent::decode(&want[..cut]).is_err(),
            "accepted prefix {cut}"
        );
    }
    e.records = vec!["x".into(); 1001];
    assert!(matches!(
        e.encode(),
        Err(AuditError::InvalidField {
            field: "records",
            ..
        })
    ));
}

#[test]
fn non_canonical_and_truncated_encodings_are_refused() {
    let bytes = sample().encode().unwrap();
    for cut in 0..bytes.len() {
        assert!(
            AuditEvent::decode(&bytes[..cut]).is_err(),
            "accepted prefix {cut}"
        );
    }
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(AuditEvent::decode(&trailing).is_err());
    // Same instant spelled with an offset: not the canonical form.
    let mut other = sample();
    other.time = Timestamp::parse_rfc3339("2026-11-23T11:04:05.5+08:00").unwrap();
    assert_eq!(other.encode().unwrap(), bytes);
    let t_old = b"2026-11-23T03:04:05.5Z";
    let t_new = b"2026-11-23T03:04:05.50Z";
    let pos = bytes.windows(t_old.len()).position(|w| w == t_old).unwrap();
    let mut spelled = bytes[..pos - 2].to_vec();
    spelled.extend_from_slice(&[0, t_new.len() as u8]);
    spelled.extend_from_slice(t_new);
    spelled.extend_from_slice(&bytes[pos + t_old.len()..]);
    assert!(matches!(
        AuditEvent::decode(&spelled),
        Err(AuditError::MalformedEvent(_))
    ));
}

#[test]
fn invalid_fields_are_named() {
    type Mutation = Box<dyn Fn(&mut AuditEvent)>;
    let cases: Vec<(&str, Mutation)> = vec![
        ("actor_id", Box::new(|e| e.actor_id.clear())),
        ("actor_id", Box::new(|e| e.actor_id = "a\nb".into())),
        ("actor_id", Box::new(|e| e.actor_id = "x".repeat(257))),
        (
            "member_state",
            Box::new(|e| e.member_state = Some("idn".into())),
        ),
        (
            "member_state",
            Box::new(|e| e.member_state = Some("INDONESIA".into())),
        ),
        ("agency", Box::new(|e| e.agency = Some(String::new()))),
        ("action", Box::new(|e| e.action = "Read".into())),
        ("action", Box::new(|e| e.action = "read record".into())),
        (
            "record_type",
            Box::new(|e| e.record_type = Some("x".repeat(65))),
        ),
        (
            "record_id",
            Box::new(|e| e.record_id = Some("\u{7f}".into())),
        ),
        (
            "request_id",
            Box::new(|e| e.request_id = Some(String::new())),
        ),
    ];
    for (field, mutate) in cases {
        let mut e = sample();
        mutate(&mut e);
        match e.encode() {
            Err(AuditError::InvalidField { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected InvalidField, got {other:?}"),
        }
    }
}

#[test]
fn details_are_keyed_hashes() {
    assert!(matches!(
        DetailsKey::new(&[0u8; 31]),
        Err(AuditError::WeakDetailsKey)
    ));
    // Published RFC 4231 keys shorter than 32 bytes are refused here, so
    // check a 32-byte key against HMAC's definition (RFC 2104) computed
    // independently: H((K ^ opad) || H((K ^ ipad) || m)), 64-byte block.
    use sha2::{Digest, Sha256};
    let key = [0x0bu8; 32];
    let msg = b"passport P1234567";
    let mut k = [0u8; 64];
    k[..32].copy_from_slice(&key);
    let inner: Vec<u8> = k
        .iter()
        .map(|b| b ^ 0x36)
        .chain(msg.iter().copied())
        .collect();
    let ih = Sha256::digest(&inner);
    let outer: Vec<u8> = k
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(ih.iter().copied())
        .collect();
    let want = Hash(Sha256::digest(&outer).into());
    let dk = DetailsKey::new(&key).unwrap();
    assert_eq!(dk.hash(msg).unwrap(), want);
    assert!(dk.matches(msg, &want));
    assert!(!dk.matches(b"passport P1234568", &want));
    let other = DetailsKey::new(&[0x0c; 32]).unwrap();
    assert_ne!(other.hash(msg).unwrap(), want);
    assert!(!format!("{dk:?}").contains("0b"));
}

#[test]
fn rfc4231_vector_with_long_key() {
    // RFC 4231 test case 6: a 131-byte key (longer than the block).
    let key = [0xaau8; 131];
    let data = b"Test Using Larger Than Block-Size Key - Hash Key First";
    let dk = DetailsKey::new(&key).unwrap();
    assert_eq!(
        dk.hash(data).unwrap(),
        Hash::from_hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54").unwrap()
    );
}
