//! Published RFC 6962 test vectors, as used by google/certificate-transparency
//! and transparency-dev/merkle (`proof/verify_test.go`, `rfc6962_test.go`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_audit::{
    CompactTree, Hash, consistency_proof, empty_root, inclusion_proof, leaf_hash, node_hash,
    root_from_inclusion_proof, root_of, tree_root, verify_consistency, verify_inclusion,
};

fn h(s: &str) -> Hash {
    Hash::from_hex(s).expect("test vector hex")
}

fn leaves() -> Vec<Vec<u8>> {
    [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
    .iter()
    .map(|s| hex::decode(s).expect("leaf hex"))
    .collect()
}

fn leaf_hashes() -> Vec<Hash> {
    leaves().iter().map(|l| leaf_hash(l)).collect()
}

const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (leaf index, tree size, audit path)
fn inclusion_vectors() -> Vec<(u64, u64, Vec<Hash>)> {
    vec![
        (0, 1, vec![]),
        (
            0,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            5,
            8,
            vec![
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (
            2,
            3,
            vec![h(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            )],
        ),
        (
            1,
            5,
            vec![
                h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
    ]
}

/// (size1, size2, proof)
fn consistency_vectors() -> Vec<(u64, u64, Vec<Hash>)> {
    vec![
        (1, 1, vec![]),
        (
            1,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            6,
            8,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (
            2,
            5,
            vec![
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
        (
            6,
            7,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
    ]
}

fn root(size: u64) -> Hash {
    h(ROOTS[size as usize - 1])
}

#[test]
fn hasher_vectors() {
    // transparency-dev/merkle rfc6962_test.go
    assert_eq!(
        empty_root(),
        h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(
        leaf_hash(b""),
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    );
    assert_eq!(
        leaf_hash(b"L123456"),
        h("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
    );
    // HashChildren("N123", "N456") with raw (non-32-byte) inputs is not
    // expressible with our typed Hash; check the same bytes through SHA-256.
    use sha2::{Digest, Sha256};
    let node: [u8; 32] = Sha256::digest(b"\x01N123N456").into();
    assert_eq!(
        Hash(node),
        h("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb")
    );
    let a = leaf_hash(b"Hello");
    let b = leaf_hash(b"World");
    assert_ne!(node_hash(&a, &b), node_hash(&b, &a));
    let mut cat = a.0.to_vec();
    cat.extend_from_slice(&b.0);
    assert_ne!(node_hash(&a, &b), leaf_hash(&cat));
}

#[test]
fn roots_for_sizes_1_to_8() {
    let lh = leaf_hashes();
    let mut compact = CompactTree::new();
    for size in 1..=8u64 {
        compact.append(lh[size as usize - 1]).unwrap();
        let prefix = &lh[..size as usize];
        assert_eq!(root_of(prefix), root(size), "recursive root, size {size}");
        assert_eq!(
            tree_root(&lh, size).unwrap(),
            root(size),
            "source root, size {size}"
        );
        assert_eq!(compact.root(), root(size), "compact root, size {size}");
    }
}

#[test]
fn inclusion_vectors_generate_and_verify() {
    let lh = leaf_hashes();
    for (index, size, want) in inclusion_vectors() {
        let got = inclusion_proof(&lh, index, size).unwrap();
        assert_eq!(got, want, "generated path for {index} in {size}");
        let leaf = lh[index as usize];
        verify_inclusion(&leaf, index, size, &want, &root(size)).unwrap();
        assert_eq!(
            root_from_inclusion_proof(&leaf, index, size, &want).unwrap(),
            root(size)
        );
    }
}

#[test]
fn inclusion_vectors_reject_corruptions() {
    // The probes of transparency-dev's corruptInclusionProof.
    let lh = leaf_hashes();
    let some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (index, size, proof) in inclusion_vectors().into_iter().skip(1) {
        let leaf = lh[index as usize];
        let r = root(size);
        let bad = |i: u64, s: u64, l: Hash, p: &[Hash], r: Hash| {
            assert!(
                verify_inclusion(&l, i, s, p, &r).is_err(),
                "accepted probe {i} {s}"
            );
        };
        if index > 0 {
            bad(index - 1, size, leaf, &proof, r);
        }
        bad(index + 1, size, leaf, &proof, r);
        bad(index ^ 2, size, leaf, &proof, r);
        bad(index, size * 2, leaf, &proof, r);
        bad(index, size / 2, leaf, &proof, r);
        bad(index, size, leaf_hash(b"WrongLeaf"), &proof, r);
        bad(index, size, leaf, &proof, empty_root());
        bad(index, size, leaf, &proof, some);
        let mut longer = proof.clone();
        longer.push(r);
        bad(index, size, leaf, &longer, r);
        let mut front = vec![r];
        front.extend_from_slice(&proof);
        bad(index, size, leaf, &front, r);
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i].0[0] ^= 8;
            bad(index, size, leaf, &p, r);
        }
        if !proof.is_empty() {
            bad(index, size, leaf, &proof[..proof.len() - 1], r);
        }
        if proof.len() > 1 {
            let mut p = vec![proof[0], some];
            p.extend_from_slice(&proof[1..]);
            bad(index, size, leaf, &p, r);
        }
    }
}

#[test]
fn inclusion_edge_cases() {
    let some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (index, size) in [(0, 0), (1, 0), (2, 1)] {
        assert!(verify_inclusion(&some, index, size, &[], &empty_root()).is_err());
    }
    let one = leaf_hash(b"data");
    verify_inclusion(&one, 0, 1, &[], &one).unwrap();
    assert!(verify_inclusion(&one, 0, 1, &[], &some).is_err());
}

#[test]
fn consistency_vectors_generate_and_verify() {
    let lh = leaf_hashes();
    for (size1, size2, want) in consistency_vectors() {
        let got = consistency_proof(&lh, size1, size2).unwrap();
        assert_eq!(got, want, "generated proof {size1} -> {size2}");
        verify_consistency(size1, size2, &root(size1), &root(size2), &want).unwrap();
    }
}

#[test]
fn consistency_vectors_reject_corruptions() {
    // The probes of transparency-dev's corruptConsistencyProof.
    for (s1, s2, proof) in consistency_vectors()
        .into_iter()
        .filter(|v| !v.2.is_empty())
    {
        let (r1, r2) = (root(s1), root(s2));
        let wrong = leaf_hash(b"WrongRoot");
        let bad = |a: u64, b: u64, x: Hash, y: Hash, p: &[Hash]| {
            assert!(
                verify_consistency(a, b, &x, &y, p).is_err(),
                "accepted {a} {b}"
            );
        };
        bad(s1 - 1, s2, r1, r2, &proof);
        bad(s1 + 1, s2, r1, r2, &proof);
        bad(s1 ^ 2, s2, r1, r2, &proof);
        bad(s1, s2 * 2, r1, r2, &proof);
        bad(s1, s2 / 2, r1, r2, &proof);
        bad(s1, s2, wrong, r2, &proof);
        bad(s1, s2, r1, wrong, &proof);
        bad(s1, s2, r2, r1, &proof);
        bad(s1, s2, r1, r2, &[]);
        for extra in [r1, r2] {
            let mut p = proof.clone();
            p.push(extra);
            bad(s1, s2, r1, r2, &p);
        }
        for extra in [r1, r2, proof[0]] {
            let mut p = vec![extra];
            p.extend_from_slice(&proof);
            bad(s1, s2, r1, r2, &p);
        }
        bad(s1, s2, r1, r2, &proof[..proof.len() - 1]);
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i].0[0] ^= 16;
            bad(s1, s2, r1, r2, &p);
        }
    }
}

#[test]
fn consistency_edge_cases() {
    // transparency-dev TestVerifyConsistency's fixed cases.
    let r1 = leaf_hash(b"don't care 1");
    let r2 = leaf_hash(b"don't care 2");
    let e = empty_root();
    let cases: [(u64, u64, Hash, Hash, Vec<Hash>, bool); 13] = [
        (0, 0, r1, r2, vec![], false),
        (1, 1, r1, r2, vec![], false),
        (0, 0, r1, r1, vec![], true),
        (0, 1, r1, r2, vec![], true),
        (1, 1, r2, r2, vec![], true),
        (1, 0, r1, r2, vec![], false),
        (2, 1, r1, r2, vec![], false),
        (1, 2, r1, r2, vec![], false),
        (0, 0, e, r2, vec![], false),
        (1, 1, e, r2, vec![], false),
        (0, 0, e, e, vec![e], false),
        (0, 1, e, e, vec![e], false),
        (1, 1, e, e, vec![e], false),
    ];
    for (s1, s2, a, b, p, ok) in cases {
        assert_eq!(
            verify_consistency(s1, s2, &a, &b, &p).is_ok(),
            ok,
            "{s1} {s2}"
        );
    }
}
