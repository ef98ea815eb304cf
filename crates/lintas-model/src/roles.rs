//! Roles and what each may do. This table is the single place where role permissions are
//! decided; the store consults it on every operation.

use serde::{Deserialize, Serialize};

/// A user's or API key's role within its member (DESIGN.md, "Tenancy and sharing").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads what is visible to its member.
    Viewer,
    /// Creates and edits its own agency's records.
    Officer,
    /// Reads what is shared to its member; runs linkage and trends.
    Analyst,
    /// Manages its own member's users and API keys.
    Admin,
    /// RSO analyst: shared and regional records, aggregates.
    RegionalAnalyst,
    /// Oversight: reads its member's audit log and what its member may see, changes nothing.
    Auditor,
    /// Victim-support worker: manages victim cases, their workflow and consents. Victim
    /// records are visible to the victim roles only.
    VictimSupport,
    /// Supervises victim-support workers: what they do, plus approving assessments, support
    /// plans and consent overrides.
    VictimSupervisor,
}

/// Operations whose permission depends on role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read records visible to the principal.
    Read,
    /// Create records owned by the principal's agency (single or bulk import).
    Create,
    /// Update or delete records owned by the principal's agency.
    Write,
    /// Run analyses across records (linkage, networks, trend detection).
    Analyse,
    /// Read indicators: counts over time of what the principal may see, and the alerts
    /// detected in them (`/trends`). Heads of unit (admins) follow them too.
    ReadTrends,
    /// Manage users and API keys of the principal's member.
    Administer,
    /// Read the audit log of the principal's member.
    Audit,
    /// Check a travel document or a person at the border: MRZ validation, the lost/stolen
    /// registry and the watchlists visible to the principal's member.
    Check,
    /// Register lost/stolen documents and maintain watchlists owned by the principal's member.
    MaintainCheckData,
    /// Read victim cases and their consents (every read is audited).
    ReadVictims,
    /// Create, change, import and move victim cases through their workflow; record and
    /// revoke consents.
    WriteVictims,
    /// Approve a victim case's assessment or support plan, and approve a consent override
    /// another supervisor requested.
    ApproveVictims,
    /// Record and change the agency's work-plan activities (trainings, workshops, …).
    ManageWorkPlan,
}

impl Action {
    /// What the action does, for refusals ("the viewer role may not {doing}").
    pub fn doing(self) -> &'static str {
        match self {
            Action::Read => "read records",
            Action::Create => "create records",
            Action::Write => "change records",
            Action::Analyse => "run analyses",
            Action::ReadTrends => "read trends",
            Action::Administer => "manage users and API keys",
            Action::Audit => "read the audit log",
            Action::Check => "run checks",
            Action::MaintainCheckData => "maintain the registry and watchlists",
            Action::ReadVictims => "read victim cases",
            Action::WriteVictims => "change victim cases",
            Action::ApproveVictims => "approve victim case work or consent overrides",
            Action::ManageWorkPlan => "manage work-plan activities",
        }
    }
}

impl Role {
    /// All roles, in order of the table in DESIGN.md.
    pub const ALL: [Role; 8] = [
        Role::Viewer,
        Role::Officer,
        Role::Analyst,
        Role::Admin,
        Role::RegionalAnalyst,
        Role::Auditor,
        Role::VictimSupport,
        Role::VictimSupervisor,
    ];

    /// The role's name as used in the API and CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
            Role::RegionalAnalyst => "regional_analyst",
            Role::Auditor => "auditor",
            Role::VictimSupport => "victim_support",
            Role::VictimSupervisor => "victim_supervisor",
        }
    }

    /// Whether this role may perform `action` at all (tenancy is checked separately).
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            // A check reads only what the member may already see, so viewers (e.g. a border
            // system's read-only key) may run one; the RSO and auditors screen no travellers.
            Role::Viewer => matches!(action, Read | Check),
            Role::Officer => matches!(action, Read | Create | Write | Check | MaintainCheckData),
            Role::Analyst => matches!(action, Read | Analyse | ReadTrends | Check),
            Role::Admin => matches!(
                action,
                Read | Administer | Audit | Check | MaintainCheckData | ReadTrends | ManageWorkPlan
            ),
            Role::RegionalAnalyst => matches!(action, Read | Analyse | ReadTrends | ManageWorkPlan),
            Role::Auditor => matches!(action, Read | Audit),
            // Victim records are kept from every other role of the member, admins and
            // auditors included: auditors see the audit events of victim reads, not the records.
            Role::VictimSupport => matches!(action, Read | ReadVictims | WriteVictims),
            Role::VictimSupervisor => {
                matches!(action, Read | ReadVictims | WriteVictims | ApproveVictims)
            }
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role `{s}` (expected one of viewer, officer, analyst, admin, regional_analyst, auditor, victim_support, victim_supervisor)"))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_officers_write_and_only_admins_administer() {
        for role in Role::ALL {
            assert!(role.may(Action::Read));
            assert_eq!(role.may(Action::Write), role == Role::Officer);
            assert_eq!(role.may(Action::Create), role == Role::Officer);
            assert_eq!(role.may(Action::Administer), role == Role::Admin);
            assert_eq!(
                role.may(Action::Audit),
                matches!(role, Role::Admin | Role::Auditor)
            );
            assert_eq!(
                role.may(Action::MaintainCheckData),
                matches!(role, Role::Officer | Role::Admin)
            );
            assert_eq!(
                role.may(Action::Check),
                !matches!(
                    role,
                    Role::RegionalAnalyst
                        | Role::Auditor
                        | Role::VictimSupport
                        | Role::VictimSupervisor
                )
            );
            assert_eq!(
                role.may(Action::ReadTrends),
                matches!(role, Role::Analyst | Role::RegionalAnalyst | Role::Admin)
            );
            assert_eq!(
                role.may(Action::ManageWorkPlan),
                matches!(role, Role::RegionalAnalyst | Role::Admin)
            );
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn only_victim_roles_touch_victim_cases_and_only_supervisors_approve() {
        for role in Role::ALL {
            let victim = matches!(role, Role::VictimSupport | Role::VictimSupervisor);
            assert_eq!(role.may(Action::ReadVictims), victim, "{role}");
            assert_eq!(role.may(Action::WriteVictims), victim, "{role}");
            assert_eq!(
                role.may(Action::ApproveVictims),
                role == Role::VictimSupervisor,
                "{role}"
            );
        }
        assert_eq!(
            "victim_supervisor".parse::<Role>(),
            Ok(Role::VictimSupervisor)
        );
    }
}
