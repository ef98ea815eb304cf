//! The writing side: turning events into stored rows and signing
//! checkpoints, keeping only the O(log n) frontier in memory.

use crate::AuditError;
use crate::checkpoint::Checkpoint;
use crate::compact::CompactTree;
use crate::event::AuditEvent;
use crate::hash::{Hash, leaf_hash};
use crate::note::NoteSigner;
use crate::timestamp::Timestamp;
use crate::verify::StoredEntry;

/// Appends events to the Merkle log.
///
/// The store persists each returned [`StoredEntry`] and, in the same
/// transaction, [`LogAppender::frontier`] (via [`CompactTree::to_bytes`]),
/// so that after a restart [`LogAppender::resume`] continues without
/// reading old events.
#[derive(Clone, Debug, Default)]
pub struct LogAppender {
    tree: CompactTree,
}

impl LogAppender {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Continues a log from its persisted frontier.
    pub fn resume(frontier: CompactTree) -> Self {
        Self { tree: frontier }
    }

    /// The sequence number the next event must carry (= current size).
    pub fn next_sequence(&self) -> u64 {
        self.tree.size()
    }

    /// Number of events appended.
    pub fn size(&self) -> u64 {
        self.tree.size()
    }

    /// Root over all events appended.
    pub fn root(&self) -> Hash {
        self.tree.root()
    }

    /// The frontier to persist.
    pub fn frontier(&self) -> &CompactTree {
        &self.tree
    }

    /// Encodes and hashes `event` and adds it to the tree. Its
    /// `sequence` must be [`LogAppender::next_sequence`].
    pub fn append(&mut self, event: &AuditEvent) -> Result<StoredEntry, AuditError> {
        let expected = self.tree.size();
        if event.sequence != expected {
            return Err(AuditError::InvalidField {
                field: "sequence",
                reason: "must equal the log's next sequence number",
            });
        }
        let bytes = event.encode()?;
        let leaf = leaf_hash(&bytes);
        self.tree.append(leaf)?;
        Ok(StoredEntry {
            event: bytes,
            leaf_hash: leaf,
        })
    }

    /// The current tree head as a checkpoint of the log named `origin`.
    pub fn checkpoint(&self, origin: &str, time: Option<Timestamp>) -> Checkpoint {
        let mut cp = Checkpoint::new(origin, self.tree.size(), self.tree.root());
        cp.timestamp = time;
        cp
    }

    /// Signs the current tree head; the origin is the signer's key name.
    pub fn sign_checkpoint(
        &self,
        signer: &NoteSigner,
        time: Timestamp,
    ) -> Result<String, AuditError> {
        self.checkpoint(signer.name(), Some(time)).sign(signer)
    }
}
