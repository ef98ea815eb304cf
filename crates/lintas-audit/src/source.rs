//! Reading leaf hashes from wherever the store keeps them, and computing
//! Merkle Tree Hashes of leaf ranges from that source.

use std::ops::Range;

use crate::AuditError;
use crate::hash::{Hash, empty_root, largest_power_of_two_below, node_hash, root_of};

/// Random access to the log's leaf hashes, e.g. a `SELECT leaf_hash FROM
/// audit_events WHERE seq >= $1 AND seq < $2 ORDER BY seq` query.
pub trait LeafHashSource {
    /// The store's own error, carried inside [`AuditError::Source`].
    type Error: std::error::Error + Send + Sync + 'static;

    /// Appends to `out` the leaf hashes with indices `start..end`, in order.
    /// Exactly `end - start` hashes must be appended.
    fn leaf_hashes(&self, start: u64, end: u64, out: &mut Vec<Hash>) -> Result<(), Self::Error>;

    /// The hash of the perfect subtree over `start..end` if the store caches
    /// it (`end - start` is a power of two and `start` a multiple of it).
    /// Caching these turns proof generation from O(n) leaf reads into
    /// O(log n) look-ups; without a cache the default reads leaves.
    fn cached_subtree(&self, start: u64, end: u64) -> Result<Option<Hash>, Self::Error> {
        let _ = (start, end);
        Ok(None)
    }
}

impl LeafHashSource for [Hash] {
    type Error = AuditError;

    fn leaf_hashes(&self, start: u64, end: u64, out: &mut Vec<Hash>) -> Result<(), AuditError> {
        let slice = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| self.get(s..e))
            .ok_or(AuditError::IndexOutOfRange {
                index: end,
                size: self.len() as u64,
            })?;
        out.extend_from_slice(slice);
        Ok(())
    }
}

impl LeafHashSource for Vec<Hash> {
    type Error = AuditError;

    fn leaf_hashes(&self, start: u64, end: u64, out: &mut Vec<Hash>) -> Result<(), AuditError> {
        self.as_slice().leaf_hashes(start, end, out)
    }
}

/// Leaves fetched from the source per query: bounds memory at 128 KiB of
/// hashes while keeping the number of round trips low.
const CHUNK: u64 = 1 << 12;

pub(crate) fn source_error<E: std::error::Error + Send + Sync + 'static>(e: E) -> AuditError {
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    match boxed.downcast::<AuditError>() {
        Ok(inner) => *inner,
        Err(other) => AuditError::Source(other),
    }
}

/// The Merkle Tree Hash of the leaves `range` read from `source`
/// (`MTH(D[start:end])` in RFC 6962 notation).
pub fn range_root<S: LeafHashSource + ?Sized>(
    source: &S,
    range: Range<u64>,
) -> Result<Hash, AuditError> {
    let mut buf = Vec::new();
    range_root_buf(source, range.start, range.end, &mut buf)
}

/// The root of the first `size` leaves of `source`.
pub fn tree_root<S: LeafHashSource + ?Sized>(source: &S, size: u64) -> Result<Hash, AuditError> {
    range_root(source, 0..size)
}

pub(crate) fn range_root_buf<S: LeafHashSource + ?Sized>(
    source: &S,
    start: u64,
    end: u64,
    buf: &mut Vec<Hash>,
) -> Result<Hash, AuditError> {
    if end < start {
        return Err(AuditError::IndexOutOfRange {
            index: start,
            size: end,
        });
    }
    let n = end - start;
    if n == 0 {
        return Ok(empty_root());
    }
    if n.is_power_of_two()
        && start.is_multiple_of(n)
        && let Some(h) = source.cached_subtree(start, end).map_err(source_error)?
    {
        return Ok(h);
    }
    if n <= CHUNK {
        // A caching store can answer even a ragged range from at most
        // log2(CHUNK) cached subtrees; reading leaves is the fallback.
        if let Some(h) = cached_only(source, start, end)? {
            return Ok(h);
        }
        buf.clear();
        source.leaf_hashes(start, end, buf).map_err(source_error)?;
        if buf.len() as u64 != n {
            return Err(AuditError::SourceShort {
                expected: n,
                got: buf.len() as u64,
            });
        }
        return Ok(root_of(buf));
    }
    let k = largest_power_of_two_below(n);
    let left = range_root_buf(source, start, start + k, buf)?;
    let right = range_root_buf(source, start + k, end, buf)?;
    Ok(node_hash(&left, &right))
}

/// The range's hash assembled purely from cached perfect subtrees, or `None`
/// at the first one the source does not have.
fn cached_only<S: LeafHashSource + ?Sized>(
    source: &S,
    start: u64,
    end: u64,
) -> Result<Option<Hash>, AuditError> {
    let n = end - start;
    if n.is_power_of_two() && start.is_multiple_of(n) {
        return source.cached_subtree(start, end).map_err(source_error);
    }
    let k = largest_power_of_two_below(n);
    let Some(left) = cached_only(source, start, start + k)? else {
        return Ok(None);
    };
    let Some(right) = cached_only(source, start + k, end)? else {
        return Ok(None);
    };
    Ok(Some(node_hash(&left, &right)))
}
