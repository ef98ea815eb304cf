//! A victim case as stored: the HTCDS record plus what Lintas keeps about it (identity,
//! version, owner, agency, times) and its workflow.

use serde::Serialize;
use uuid::Uuid;

use super::case::VictimCase;
use super::workflow::Workflow;

/// A stored victim case.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredVictimCase {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each change (edit or transition); the ETag.
    pub version: i64,
    /// Owning member.
    pub owner: String,
    /// Agency that manages the case.
    pub agency: String,
    /// When it was first stored (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// Where the case is in its workflow, with its history.
    pub workflow: Workflow,
    /// The record, with HTCDS field names.
    #[serde(flatten)]
    pub case: VictimCase,
}
