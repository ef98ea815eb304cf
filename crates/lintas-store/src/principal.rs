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
    /// The HTTP request on whose behalf the store acts (joins audit events with request logs);
    /// `None` for command-line work.
    pub request_id: Option<String>,
}

impl Principal {
    /// A principal for provisioning and command-line work (`actor` e.g. `cli:import`), acting in
    /// `agency` with `role`.
    pub fn local(actor: &str, agency: &crate::Agency, role: Role) -> Self {
        Principal {
            actor: actor.into(),
            member: agency.member.clone(),
            agency_id: agency.id,
            agency: agency.name.clone(),
            role,
            request_id: None,
        }
    }

    /// The same principal acting within request `id`.
    pub fn in_request(mut self, id: Option<String>) -> Self {
        self.request_id = id;
        self
    }
}

impl Principal {
    /// `Ok` when the principal's role may perform `action`; otherwise `Forbidden` saying what
    /// was refused. The one role check: every store operation calls it itself, and handlers
    /// may call it first so that a refused role gets 403 before its body is read.
    pub fn require(&self, action: lintas_model::Action) -> crate::Result<()> {
        if self.role.may(action) {
            Ok(())
        } else {
            Err(crate::Error::Forbidden(format!(
                "the {} role may not {}",
                self.role,
                action.doing()
            )))
        }
    }

    /// Whether the principal's agency is the one with id `agency_id` (text, as stored): the
    /// one "may edit" rule, by agency id, for the store and the UI alike.
    pub fn may_edit(&self, agency_id: &str) -> bool {
        self.may_edit_as(agency_id, lintas_model::Action::Write)
    }

    /// [`Principal::may_edit`] for a record kind changed under `action` (victim cases:
    /// `WriteVictims`).
    pub fn may_edit_as(&self, agency_id: &str, action: lintas_model::Action) -> bool {
        self.role.may(action) && agency_id == self.agency_id.to_string()
    }
}
