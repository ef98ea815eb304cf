//! Property tests: proofs against the recursive definition, and parsers
//! that never panic on arbitrary input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_audit::note::split_note;
use lintas_audit::{
    AuditEvent, Checkpoint, CompactTree, Hash, LeafHashSource, NoteSigner, NoteVerifier, Outcome,
    Timestamp, consistency_proof, inclusion_proof, leaf_hash, range_root, root_of, tree_root,
    verify_consistency, verify_inclusion,
};
use proptest::prelude::*;

fn leaves(n: u64, salt: u8) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(&[&i.to_be_bytes()[..], &[salt]].concat()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn consistency_proofs_verify_and_tampering_fails(
        (m, n) in (1u64..300).prop_flat_map(|n| (0..=n, Just(n))),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let lh = leaves(n, 1);
        let (r1, r2) = (root_of(&lh[..m as usize]), root_of(&lh));
        let proof = consistency_proof(&lh, m, n).unwrap();
        prop_assert!(verify_consistency(m, n, &r1, &r2, &proof).is_ok());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            bad[flip.index(proof.len())].0[0] ^= 1 << bit;
            prop_assert!(verify_consistency(m, n, &r1, &r2, &bad).is_err());
            let mut short = proof.clone();
            short.pop();
            prop_assert!(verify_consistency(m, n, &r1, &r2, &short).is_err());
        }
        if 0 < m && m < n {
            // A different old tree of the same size is not a prefix.
            let other = root_of(&leaves(m, 2));
            prop_assert!(verify_consistency(m, n, &other, &r2, &proof).is_err());
        }
    }

    #[test]
    fn inclusion_proofs_verify_for_every_index(n in 1u64..130, bit in 0u8..8) {
        let lh = leaves(n, 3);
        let root = root_of(&lh);
        for i in 0..n {
            let proof = inclusion_proof(&lh, i, n).unwrap();
            prop_assert!(verify_inclusion(&lh[i as usize], i, n, &proof, &root).is_ok());
            let wrong_leaf = leaf_hash(b"not in the log");
            prop_assert!(verify_inclusion(&wrong_leaf, i, n, &proof, &root).is_err());
            if let Some(first) = proof.first() {
                let mut bad = proof.clone();
                bad[0].0[31] ^= 1 << bit;
                prop_assert!(bad[0] != *first);
                prop_assert!(verify_inclusion(&lh[i as usize], i, n, &bad, &root).is_err());
            }
        }
    }

    #[test]
    fn incremental_root_equals_recursive_root(n in 0u64..600) {
        let lh = leaves(n, 4);
        let mut t = CompactTree::new();
        for l in &lh {
            t.append(*l).unwrap();
        }
        prop_assert_eq!(t.root(), root_of(&lh));
        prop_assert_eq!(tree_root(&lh, n).unwrap(), root_of(&lh));
        let restored = CompactTree::from_bytes(&t.to_bytes()).unwrap();
        prop_assert_eq!(restored, t);
    }

    #[test]
    fn range_roots_are_subtree_hashes(n in 1u64..200, a in any::<prop::sample::Index>()) {
        let lh = leaves(n, 5);
        let start = a.index(n as usize);
        prop_assert_eq!(
            range_root(&lh, start as u64..n).unwrap(),
            root_of(&lh[start..])
        );
    }

    #[test]
    fn checkpoint_parser_never_panics(s in "\\PC*") {
        let _ = Checkpoint::parse_text(&s);
    }

    #[test]
    fn checkpoint_like_text_never_panics(
        origin in "[a-z./]{0,12}", size in "[0-9+-]{0,22}", root in "[A-Za-z0-9+/=]{0,48}",
        ext in prop::collection::vec("[ -~]{0,20}", 0..3),
    ) {
        let text = format!("{origin}\n{size}\n{root}\n{}", ext.join("\n"));
        if let Ok(cp) = Checkpoint::parse_text(&text) {
            prop_assert_eq!(cp.to_text().unwrap(), text);
        }
    }

    #[test]
    fn key_parsers_never_panic(s in "\\PC*") {
        let _ = NoteVerifier::parse(&s);
        let _ = NoteSigner::parse(&s);
        let _ = NoteSigner::parse(&format!("PRIVATE+KEY+{s}"));
        let _ = Timestamp::parse_rfc3339(&s);
        let _ = Hash::from_hex(&s);
    }

    #[test]
    fn key_like_strings_never_panic(name in "[a-z+]{0,6}", id in "[0-9a-fA-F+]{0,10}", key in "[A-Za-z0-9+/=]{0,50}") {
        let _ = NoteVerifier::parse(&format!("{name}+{id}+{key}"));
        let _ = NoteSigner::parse(&format!("PRIVATE+KEY+{name}+{id}+{key}"));
    }

    #[test]
    fn note_parser_never_panics(s in "\\PC*", sig in "[A-Za-z0-9+/=]{0,100}") {
        let v = NoteVerifier::parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").unwrap();
        let _ = split_note(&s);
        let _ = v.open(&s);
        let _ = v.open(&format!("{s}\n\n\u{2014} PeterNeumann {sig}\n"));
    }

    #[test]
    fn decoders_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = AuditEvent::decode(&bytes);
        let _ = CompactTree::from_bytes(&bytes);
    }

    #[test]
    fn events_round_trip_and_every_byte_matters(
        e in event_strategy(),
        pos in any::<prop::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let bytes = e.encode().unwrap();
        prop_assert_eq!(&AuditEvent::decode(&bytes).unwrap(), &e);
        let mut changed = bytes.clone();
        let i = pos.index(changed.len());
        changed[i] = changed[i].wrapping_add(delta);
        // A changed byte either fails to decode or decodes to another event.
        if let Ok(other) = AuditEvent::decode(&changed) {
            prop_assert_ne!(other, e);
        }
        prop_assert_ne!(leaf_hash(&changed), leaf_hash(&bytes));
    }
}

fn event_strategy() -> impl Strategy<Value = AuditEvent> {
    let text = "[^\\p{Cc}]{1,40}";
    let token = "[a-z0-9._:-]{1,20}";
    (
        any::<u64>(),
        (0i64..253_402_300_799, 0u32..1_000_000_000),
        text,
        prop::option::of("[A-Z]{3}"),
        prop::option::of(text),
        token,
        prop::option::of(token),
        prop::option::of(text),
        prop::option::of(text),
        prop::sample::select(vec![
            Outcome::Success,
            Outcome::Denied,
            Outcome::Failed,
            Outcome::Error,
        ]),
        (
            prop::option::of(any::<[u8; 32]>()),
            prop::collection::vec(text, 0..4),
            prop::option::of(any::<u64>()),
        ),
    )
        .prop_map(
            |(
                seq,
                (s, ns),
                actor,
                state,
                agency,
                action,
                rtype,
                rid,
                req,
                outcome,
                (dh, records, count),
            )| {
                AuditEvent {
                    sequence: seq,
                    time: Timestamp::from_unix(s, ns).unwrap(),
                    actor_id: actor,
                    member_state: state,
                    agency,
                    action,
                    record_type: rtype,
                    record_id: rid,
                    request_id: req,
                    outcome,
                    details_hash: dh.map(Hash),
                    records,
                    count,
                }
            },
        )
}

/// A source that serves perfect subtrees from a cache, as a store with
/// stored node hashes would.
struct Cached(Vec<Hash>);

impl LeafHashSource for Cached {
    type Error = lintas_audit::AuditError;
    fn leaf_hashes(&self, start: u64, end: u64, out: &mut Vec<Hash>) -> Result<(), Self::Error> {
        self.0.leaf_hashes(start, end, out)
    }
    fn cached_subtree(&self, start: u64, end: u64) -> Result<Option<Hash>, Self::Error> {
        Ok(Some(root_of(&self.0[start as usize..end as usize])))
    }
}

#[test]
fn large_trees_split_into_chunks_agree() {
    // Larger than the source's 4096-leaf read size, so the split path runs.
    let n = 10_000u64;
    let lh = leaves(n, 6);
    let want = root_of(&lh);
    assert_eq!(tree_root(&lh, n).unwrap(), want);
    let cached = Cached(lh.clone());
    assert_eq!(tree_root(&cached, n).unwrap(), want);
    for (m, i) in [(1u64, 0u64), (4096, 4095), (4097, 9_999), (8191, 5000)] {
        let p = consistency_proof(&lh, m, n).unwrap();
        assert_eq!(consistency_proof(&cached, m, n).unwrap(), p);
        verify_consistency(m, n, &root_of(&lh[..m as usize]), &want, &p).unwrap();
        let ip = inclusion_proof(&lh, i, n).unwrap();
        verify_inclusion(&lh[i as usize], i, n, &ip, &want).unwrap();
    }
}

#[test]
fn short_source_is_an_error_not_a_panic() {
    let lh = leaves(5, 7);
    assert!(tree_root(&lh, 6).is_err());
    assert!(inclusion_proof(&lh, 0, 7).is_err());
    // The path of the last leaf never reads that leaf.
    assert!(inclusion_proof(&lh, 5, 6).is_ok());
    assert!(consistency_proof(&lh, 2, 9).is_err());
    assert!(consistency_proof(&lh, 3, 2).is_err());
}

/// A cache that only holds subtrees of at least 8 leaves, like a store that
/// saves tiles from level 3 up.
struct PartlyCached(Vec<Hash>);

impl LeafHashSource for PartlyCached {
    type Error = lintas_audit::AuditError;
    fn leaf_hashes(&self, start: u64, end: u64, out: &mut Vec<Hash>) -> Result<(), Self::Error> {
        self.0.leaf_hashes(start, end, out)
    }
    fn cached_subtree(&self, start: u64, end: u64) -> Result<Option<Hash>, Self::Error> {
        Ok((end - start >= 8).then(|| root_of(&self.0[start as usize..end as usize])))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn partial_caches_give_the_same_proofs(n in 1u64..2500, a in any::<prop::sample::Index>()) {
        let lh = leaves(n, 8);
        let src = PartlyCached(lh.clone());
        let m = a.index(n as usize + 1) as u64;
        prop_assert_eq!(tree_root(&src, n).unwrap(), root_of(&lh));
        prop_assert_eq!(
            consistency_proof(&src, m, n).unwrap(),
            consistency_proof(&lh, m, n).unwrap()
        );
        let i = a.index(n as usize) as u64;
        prop_assert_eq!(inclusion_proof(&src, i, n).unwrap(), inclusion_proof(&lh, i, n).unwrap());
    }
}
