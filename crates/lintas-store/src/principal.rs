//! Who is asking: the identity every store operation is made on behalf of.

use lintas_model::Role;
use uuid::Uuid;

/// An authenticated user or API key, resolved to its member, agency and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user's or key's id, for the audit log.
    pub actor: String,
    /// Member (tenant) code: ISO 3166-1 alpha-3 or an organisation code.
    pub member: String,
    /// Agency id within the member.
    pub agency_id: Uuid,
    /// Agency name, for display.
    pub agency: String,
    /// What the principal may do.
    pub role: Role,
}
