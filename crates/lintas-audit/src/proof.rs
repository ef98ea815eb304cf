//! Audit paths (inclusion proofs) and consistency proofs: RFC 6962
//! §2.1.1–2.1.2 for generation, RFC 9162 §2.1.3.2 and §2.1.4.2 for
//! verification.
//!
//! Generation is split in two so an async store can do its own I/O: the
//! `*_ranges` functions say which leaf ranges' Merkle Tree Hashes make up a
//! proof, in proof order; the `*_proof` functions fill them from a
//! [`LeafHashSource`].

use std::ops::Range;

use crate::AuditError;
use crate::hash::{Hash, largest_power_of_two_below, node_hash};
use crate::source::{LeafHashSource, range_root_buf};

/// The leaf ranges whose Merkle Tree Hashes form `PATH(index, D[size])`,
/// from the leaf's sibling up to the root's child.
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<Range<u64>>, AuditError> {
    if index >= size {
        return Err(AuditError::IndexOutOfRange { index, size });
    }
    let mut out = Vec::with_capacity(64);
    path(index, 0, size, &mut out);
    Ok(out)
}

fn path(m: u64, lo: u64, hi: u64, out: &mut Vec<Range<u64>>) {
    let n = hi - lo;
    if n <= 1 {
        return;
    }
    let k = largest_power_of_two_below(n);
    if m < k {
        path(m, lo, lo + k, out);
        out.push(lo + k..hi);
    } else {
        path(m - k, lo + k, hi, out);
        out.push(lo..lo + k);
    }
}

/// The leaf ranges whose Merkle Tree Hashes form `PROOF(size1, D[size2])`.
/// Empty when `size1` is 0 or equal to `size2`.
pub fn consistency_ranges(size1: u64, size2: u64) -> Result<Vec<Range<u64>>, AuditError> {
    if size1 > size2 {
        return Err(AuditError::IndexOutOfRange {
            index: size1,
            size: size2,
        });
    }
    let mut out = Vec::with_capacity(64);
    if size1 > 0 && size1 < size2 {
        subproof(size1, 0, size2, true, &mut out);
    }
    Ok(out)
}

fn subproof(m: u64, lo: u64, hi: u64, whole_old_tree: bool, out: &mut Vec<Range<u64>>) {
    let n = hi - lo;
    if m == n {
        // The old tree's root is known to the verifier only when this
        // subtree is the entire old tree; otherwise it must be sent.
        if !whole_old_tree {
            out.push(lo..hi);
        }
        return;
    }
    let k = largest_power_of_two_below(n);
    if m <= k {
        subproof(m, lo, lo + k, whole_old_tree, out);
        out.push(lo + k..hi);
    } else {
        subproof(m - k, lo + k, hi, false, out);
        out.push(lo..lo + k);
    }
}

fn fill<S: LeafHashSource + ?Sized>(
    source: &S,
    ranges: Vec<Range<u64>>,
) -> Result<Vec<Hash>, AuditError> {
    let mut buf = Vec::new();
    ranges
        .into_iter()
        .map(|r| range_root_buf(source, r.start, r.end, &mut buf))
        .collect()
}

/// The audit path for leaf `index` in the tree of the first `size` leaves.
pub fn inclusion_proof<S: LeafHashSource + ?Sized>(
    source: &S,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, AuditError> {
    fill(source, inclusion_ranges(index, size)?)
}

/// The consistency proof between the trees of the first `size1` and
/// `size2` leaves.
pub fn consistency_proof<S: LeafHashSource + ?Sized>(
    source: &S,
    size1: u64,
    size2: u64,
) -> Result<Vec<Hash>, AuditError> {
    fill(source, consistency_ranges(size1, size2)?)
}

/// Recomputes the root implied by an audit path (RFC 9162 §2.1.3.2).
pub fn root_from_inclusion_proof(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
) -> Result<Hash, AuditError> {
    if index >= size {
        return Err(AuditError::IndexOutOfRange { index, size });
    }
    let mut fnode = index;
    let mut snode = size - 1;
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return Err(AuditError::InvalidProof("audit path too long"));
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(AuditError::InvalidProof("audit path too short"));
    }
    Ok(r)
}

/// Checks that `leaf` is at `index` in the tree of `size` leaves with `root`.
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), AuditError> {
    if root_from_inclusion_proof(leaf, index, size, proof)? == *root {
        Ok(())
    } else {
        Err(AuditError::InvalidProof(
            "audit path does not lead to the root",
        ))
    }
}

/// Checks that the tree `(size2, root2)` extends the tree `(size1, root1)`
/// (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    size1: u64,
    size2: u64,
    root1: &Hash,
    root2: &Hash,
    proof: &[Hash],
) -> Result<(), AuditError> {
    if size1 > size2 {
        return Err(AuditError::InvalidProof(
            "first tree is larger than the second",
        ));
    }
    if size1 == size2 {
        if !proof.is_empty() {
            return Err(AuditError::InvalidProof(
                "proof between equal sizes must be empty",
            ));
        }
        return if root1 == root2 {
            Ok(())
        } else {
            Err(AuditError::InvalidProof("equal sizes with different roots"))
        };
    }
    if size1 == 0 {
        // Every tree extends the empty tree; a non-empty proof is malformed.
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(AuditError::InvalidProof(
                "proof from the empty tree must be empty",
            ))
        };
    }
    let (first, rest) = match proof.split_first() {
        None => return Err(AuditError::InvalidProof("empty consistency proof")),
        // When the old tree is a perfect subtree its root is the proof's
        // implicit first element.
        Some(_) if size1.is_power_of_two() => (root1, proof),
        Some((first, rest)) => (first, rest),
    };
    let mut fnode = size1 - 1;
    let mut snode = size2 - 1;
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let mut fr = *first;
    let mut sr = *first;
    for c in rest {
        if snode == 0 {
            return Err(AuditError::InvalidProof("consistency proof too long"));
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(AuditError::InvalidProof("consistency proof too short"));
    }
    if fr != *root1 || sr != *root2 {
        return Err(AuditError::InvalidProof(
            "consistency proof does not match the roots",
        ));
    }
    Ok(())
}
