//! Offline verification of a stored log against its signed checkpoints:
//! the engine behind `lintas audit verify`.
//!
//! The store streams rows (event bytes and the leaf hash stored beside
//! them) in sequence order; memory stays O(log n + checkpoints) whatever
//! the log's size.

use std::ops::Range;

use crate::AuditError;
use crate::checkpoint::Checkpoint;
use crate::compact::CompactTree;
use crate::event::AuditEvent;
use crate::hash::{Hash, leaf_hash};
use crate::note::NoteVerifier;
use crate::proof::{consistency_ranges, verify_consistency};
use crate::source::source_error;

/// One stored row of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    /// The event's canonical encoding, as stored.
    pub event: Vec<u8>,
    /// The leaf hash stored beside it.
    pub leaf_hash: Hash,
}

/// What a successful verification established.
#[derive(Clone, Debug)]
pub struct VerifiedLog {
    /// Number of stored events.
    pub size: u64,
    /// Root over all stored events (including any not yet checkpointed).
    pub root: Hash,
    /// The latest signed checkpoint, which the events match.
    pub checkpoint: Checkpoint,
    /// Events stored after the latest checkpoint: verified for hashes and
    /// sequence, but not yet covered by a signature.
    pub unsigned_events: u64,
    /// The exported checkpoint, when one was given, and the consistency
    /// proof from it to the latest checkpoint (RFC 6962 `PROOF`).
    pub consistency: Option<(Checkpoint, Vec<Hash>)>,
    /// The frontier after the last event, e.g. to resume appending.
    pub frontier: CompactTree,
}

/// Accumulates one proof range's Merkle Tree Hash while the stream passes it.
struct RangeHasher {
    pending: Vec<(Range<u64>, usize)>,
    current: Option<(u64, usize, CompactTree)>,
    out: Vec<Option<Hash>>,
}

impl RangeHasher {
    fn new(ranges: Vec<Range<u64>>) -> Self {
        let out = vec![None; ranges.len()];
        let mut pending: Vec<_> = ranges.into_iter().zip(0..).collect();
        // Popped from the back, so the lowest start must be last.
        pending.sort_by_key(|p| std::cmp::Reverse(p.0.start));
        Self {
            pending,
            current: None,
            out,
        }
    }

    fn push(&mut self, index: u64, leaf: Hash) -> Result<(), AuditError> {
        if self.current.is_none()
            && let Some((r, _)) = self.pending.last()
            && r.start == index
            && let Some((r, slot)) = self.pending.pop()
        {
            self.current = Some((r.end, slot, CompactTree::new()));
        }
        if let Some((end, slot, tree)) = &mut self.current {
            tree.append(leaf)?;
            if index + 1 == *end {
                if let Some(o) = self.out.get_mut(*slot) {
                    *o = Some(tree.root());
                }
                self.current = None;
            }
        }
        Ok(())
    }

    fn finish(self) -> Option<Vec<Hash>> {
        self.out.into_iter().collect()
    }
}

/// Streaming verifier: give it the keys and checkpoints, [`push`] every
/// stored row in sequence order, then [`finish`].
///
/// [`push`]: LogVerifier::push
/// [`finish`]: LogVerifier::finish
pub struct LogVerifier {
    latest: Checkpoint,
    /// Stored checkpoints not yet reached, largest size first.
    checkpoints: Vec<Checkpoint>,
    verified_size: u64,
    earlier: Option<Checkpoint>,
    proof: Option<RangeHasher>,
    tree: CompactTree,
}

impl LogVerifier {
    /// Starts a verification against the latest signed checkpoint, which
    /// must carry a valid signature by `key` and name `origin`.
    pub fn new(key: &NoteVerifier, origin: &str, latest_signed: &str) -> Result<Self, AuditError> {
        let latest = Checkpoint::open(latest_signed, key, origin)?;
        Ok(Self {
            checkpoints: vec![latest.clone()],
            latest,
            verified_size: 0,
            earlier: None,
            proof: None,
            tree: CompactTree::new(),
        })
    }

    /// Adds an older checkpoint the store also kept. The events must match
    /// it too; when they do not, the error narrows the change down to the
    /// events between the last matching checkpoint and the failing one.
    pub fn add_stored_checkpoint(
        &mut self,
        key: &NoteVerifier,
        signed: &str,
    ) -> Result<(), AuditError> {
        let cp = Checkpoint::open(signed, key, &self.latest.origin)?;
        if self.tree.size() > 0 {
            return Err(AuditError::Misuse(
                "checkpoints must be added before events",
            ));
        }
        self.checkpoints.push(cp);
        self.checkpoints.sort_by_key(|c| std::cmp::Reverse(c.size));
        Ok(())
    }

    /// Sets the checkpoint exported earlier and kept off the server. The
    /// log must extend it: a smaller current log is a rollback, a different
    /// prefix is rewritten history.
    pub fn set_exported_checkpoint(
        &mut self,
        key: &NoteVerifier,
        signed: &str,
    ) -> Result<(), AuditError> {
        let cp = Checkpoint::open(signed, key, &self.latest.origin)?;
        if self.tree.size() > 0 {
            return Err(AuditError::Misuse(
                "checkpoints must be added before events",
            ));
        }
        self.proof = if cp.size <= self.latest.size {
            Some(RangeHasher::new(consistency_ranges(
                cp.size,
                self.latest.size,
            )?))
        } else {
            None
        };
        self.earlier = Some(cp);
        Ok(())
    }

    /// Number of rows pushed so far.
    pub fn size(&self) -> u64 {
        self.tree.size()
    }

    /// Checks the next stored row.
    pub fn push(&mut self, event: &[u8], stored_leaf_hash: &Hash) -> Result<(), AuditError> {
        let index = self.tree.size();
        if index == 0 {
            self.settle()?;
        }
        let leaf = leaf_hash(event);
        if leaf != *stored_leaf_hash {
            return Err(AuditError::LeafHashMismatch { index });
        }
        let decoded = AuditEvent::decode(event).map_err(|e| AuditError::UndecodableEvent {
            index,
            reason: e.to_string(),
        })?;
        if decoded.sequence != index {
            return Err(AuditError::SequenceMismatch {
                index,
                found: decoded.sequence,
            });
        }
        self.tree.append(leaf)?;
        if let Some(p) = &mut self.proof {
            p.push(index, leaf)?;
        }
        self.settle()
    }

    /// Compares the tree with every checkpoint of exactly its current size.
    /// Sizes grow one at a time, so no checkpoint is ever skipped.
    fn settle(&mut self) -> Result<(), AuditError> {
        while let Some(cp) = self.checkpoints.last() {
            if cp.size != self.tree.size() {
                break;
            }
            if cp.root != self.tree.root() {
                return Err(AuditError::RootMismatch {
                    checkpoint_size: cp.size,
                    verified_size: self.verified_size,
                });
            }
            self.verified_size = cp.size;
            self.checkpoints.pop();
        }
        Ok(())
    }

    /// Ends the stream and draws the conclusions that need all of it.
    pub fn finish(mut self) -> Result<VerifiedLog, AuditError> {
        let stored = self.tree.size();
        self.settle()?;
        if let Some(cp) = self.checkpoints.first() {
            return Err(AuditError::Truncated {
                checkpoint_size: cp.size,
                stored,
            });
        }
        let consistency = match self.earlier {
            None => None,
            Some(earlier) => {
                let current_size = self.latest.size;
                if earlier.size > current_size {
                    return Err(AuditError::Rollback {
                        exported_size: earlier.size,
                        current_size,
                    });
                }
                let proof =
                    self.proof
                        .and_then(RangeHasher::finish)
                        .ok_or(AuditError::Truncated {
                            checkpoint_size: current_size,
                            stored,
                        })?;
                verify_consistency(
                    earlier.size,
                    current_size,
                    &earlier.root,
                    &self.latest.root,
                    &proof,
                )
                .map_err(|_| AuditError::Inconsistent {
                    exported_size: earlier.size,
                    current_size,
                })?;
                Some((earlier, proof))
            }
        };
        Ok(VerifiedLog {
            size: stored,
            root: self.tree.root(),
            unsigned_events: stored - self.latest.size,
            checkpoint: self.latest,
            consistency,
            frontier: self.tree,
        })
    }
}

/// Verifies a whole stored log in one call; see [`LogVerifier`].
///
/// `rows` yields the stored rows in sequence order; a store error ends the
/// run as [`AuditError::Source`].
pub fn verify_log<I, E>(
    key: &NoteVerifier,
    origin: &str,
    latest_signed: &str,
    exported_signed: Option<&str>,
    rows: I,
) -> Result<VerifiedLog, AuditError>
where
    I: IntoIterator<Item = Result<StoredEntry, E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    let mut v = LogVerifier::new(key, origin, latest_signed)?;
    if let Some(e) = exported_signed {
        v.set_exported_checkpoint(key, e)?;
    }
    for row in rows {
        let row = row.map_err(source_error)?;
        v.push(&row.event, &row.leaf_hash)?;
    }
    v.finish()
}
