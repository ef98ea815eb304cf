//! The incremental frontier ("compact range" over `[0, size)`): one hash per
//! perfect subtree on the right edge of the tree, at most 64 of them.

use crate::AuditError;
use crate::hash::{Hash, empty_root, node_hash};

/// The right-edge frontier of an RFC 6962 tree.
///
/// Holds one perfect-subtree hash for each set bit of `size`, largest
/// (leftmost) first. Appending a leaf and reading the root both cost
/// O(log n) hashes, so the store can keep this next to the log instead of
/// re-reading every leaf hash after each event.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CompactTree {
    size: u64,
    peaks: Vec<Hash>,
}

impl CompactTree {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The perfect-subtree hashes on the right edge, leftmost (largest) first.
    pub fn peaks(&self) -> &[Hash] {
        &self.peaks
    }

    /// Rebuilds a frontier from its size and peaks, checking that the number
    /// of peaks matches the number of set bits in `size`.
    pub fn from_parts(size: u64, peaks: Vec<Hash>) -> Result<Self, AuditError> {
        if peaks.len() != size.count_ones() as usize {
            return Err(AuditError::BadFrontier);
        }
        Ok(Self { size, peaks })
    }

    /// Appends one leaf hash.
    pub fn append(&mut self, leaf: Hash) -> Result<(), AuditError> {
        self.append_reporting(leaf, |_, _, _| {})
    }

    /// Appends one leaf hash and reports every perfect subtree it completes
    /// as `(level, index, hash)`: the subtree over leaves
    /// `index << level .. (index + 1) << level`. Level 0 is the leaf itself.
    ///
    /// A store that saves these can answer
    /// [`crate::LeafHashSource::cached_subtree`] and so build proofs in
    /// O(log n) reads.
    pub fn append_reporting(
        &mut self,
        leaf: Hash,
        mut on_subtree: impl FnMut(u8, u64, &Hash),
    ) -> Result<(), AuditError> {
        let new_size = self.size.checked_add(1).ok_or(AuditError::TreeFull)?;
        let mut acc = leaf;
        let mut level = 0u8;
        on_subtree(level, self.size, &acc);
        // Each trailing one bit of the old size is a perfect subtree of the
        // same height as `acc`, which the new leaf now completes.
        let mut s = self.size;
        while s & 1 == 1 {
            let Some(left) = self.peaks.pop() else {
                return Err(AuditError::BadFrontier);
            };
            acc = node_hash(&left, &acc);
            s >>= 1;
            level += 1;
            on_subtree(level, s, &acc);
        }
        self.peaks.push(acc);
        self.size = new_size;
        Ok(())
    }

    /// The Merkle Tree Hash of the leaves appended so far.
    pub fn root(&self) -> Hash {
        let mut iter = self.peaks.iter().rev();
        let Some(last) = iter.next() else {
            return empty_root();
        };
        // MTH splits at the largest power of two, which is exactly the
        // leftmost peak; folding from the right reproduces that nesting.
        iter.fold(*last, |acc, peak| node_hash(peak, &acc))
    }

    /// Serialises as `size` (8 bytes, big-endian) followed by the peaks.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 32 * self.peaks.len());
        out.extend_from_slice(&self.size.to_be_bytes());
        for p in &self.peaks {
            out.extend_from_slice(&p.0);
        }
        out
    }

    /// Parses the form written by [`CompactTree::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AuditError> {
        let (size_bytes, rest) = bytes.split_at_checked(8).ok_or(AuditError::BadFrontier)?;
        let size = u64::from_be_bytes(size_bytes.try_into().map_err(|_| AuditError::BadFrontier)?);
        if rest.len() != 32 * size.count_ones() as usize {
            return Err(AuditError::BadFrontier);
        }
        let peaks = rest
            .chunks_exact(32)
            .map(Hash::from_slice)
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_parts(size, peaks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{leaf_hash, root_of};

    #[test]
    fn matches_recursive_definition_for_small_sizes() {
        let leaves: Vec<Hash> = (0u32..70).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut t = CompactTree::new();
        assert_eq!(t.root(), empty_root());
        for (i, l) in leaves.iter().enumerate() {
            t.append(*l).unwrap();
            assert_eq!(t.root(), root_of(&leaves[..=i]), "size {}", i + 1);
            assert_eq!(t.peaks().len(), (i + 1).count_ones() as usize);
        }
    }

    #[test]
    fn bytes_round_trip_and_rejects_bad_length() {
        let mut t = CompactTree::new();
        for i in 0u8..11 {
            t.append(leaf_hash(&[i])).unwrap();
        }
        let b = t.to_bytes();
        assert_eq!(CompactTree::from_bytes(&b).unwrap(), t);
        assert!(CompactTree::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(CompactTree::from_bytes(&b[..4]).is_err());
        let mut wrong_size = b.clone();
        wrong_size[7] = 12;
        assert!(CompactTree::from_bytes(&wrong_size).is_err());
    }

    #[test]
    fn reported_subtrees_are_the_perfect_subtrees() {
        let leaves: Vec<Hash> = (0u32..13).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut t = CompactTree::new();
        let mut seen = Vec::new();
        for l in &leaves {
            t.append_reporting(*l, |level, index, h| seen.push((level, index, *h)))
                .unwrap();
        }
        // 13 leaves, 6 pairs, 3 fours, 1 eight.
        assert_eq!(seen.len(), 13 + 6 + 3 + 1);
        for (level, index, h) in seen {
            let start = (index << level) as usize;
            let end = ((index + 1) << level) as usize;
            assert_eq!(
                h,
                root_of(&leaves[start..end]),
                "level {level} index {index}"
            );
        }
    }

    #[test]
    fn append_refuses_to_overflow() {
        let mut t = CompactTree::from_parts(u64::MAX, vec![Hash::default(); 64]).unwrap();
        assert!(matches!(
            t.append(Hash::default()),
            Err(AuditError::TreeFull)
        ));
    }
}
