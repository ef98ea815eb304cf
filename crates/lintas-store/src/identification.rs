//! The identification form (ILO 2009 operational indicators) stored with its victim case: the
//! ticks, the rule's suggestion and, when a person decides, the HTCDS status with the deciding
//! organisation and who decided. Kept in the case's workflow document, so it changes with the
//! case's version and is audited as `victim.identify`.

use lintas_model::victims::StoredVictimCase;
use lintas_model::victims::ilo::{Profile, Screening};
use uuid::Uuid;

use crate::Store;
use crate::audit::{AuditAction, Audited};
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::victims::{CASE_RECORD, case_values};

/// A decision taken with the form: a `vic_TraffickingStatus` and the deciding organisation's
/// kind (`vic_TraffickingStatusDecisionMakingOrg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// `PossibleVictimOfTrafficking`, `ActualVictimOfTrafficking` or `NotAVictimOfTrafficking`.
    pub status: String,
    /// `Police`, `NGO`, `CourtOrProsecution`, `NonPoliceGovernmentalOrganization` or `Other`.
    pub organisation: String,
}

impl Store {
    /// Records the identification form of case `id` (the owning agency's victim roles): the
    /// ticked indicators of `profile`, the rule's suggestion, and the decision if one was
    /// taken (recorded as the principal's, and written to the case's `vic_TraffickingStatus`
    /// and deciding organisation). Without a decision a case with no status yet starts at
    /// `PossibleVictimOfTrafficking` when the form suggests possible or presumed.
    pub async fn identify_victim_case(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
        profile: Profile,
        indicators: Vec<String>,
        decision: Option<Decision>,
    ) -> Result<StoredVictimCase> {
        let current: StoredVictimCase = self.writable_record(principal, id, expected).await?;
        let mut screening = Screening::new(profile, indicators).map_err(Error::Invalid)?;
        let mut case = current.case.clone();
        match decision {
            Some(d) => {
                screening
                    .decide(&d.status, &d.organisation, &principal.actor)
                    .map_err(Error::Invalid)?;
                case.victim.trafficking_status = screening.decided_status.clone();
                case.victim.decision_making_org = screening.decision_making_org.clone();
            }
            None => {
                if case.victim.trafficking_status.is_none() {
                    case.victim.trafficking_status =
                        screening.suggestion.htcds_status().map(str::to_string);
                }
            }
        }
        let mut workflow = current.workflow.clone();
        workflow.identification = Some(screening);
        self.update_record_audited(
            principal,
            id,
            current.version,
            case_values(&case, &workflow, None)?,
            Vec::new(),
            None,
            vec![Audited::record(
                AuditAction::VictimIdentify,
                CASE_RECORD,
                id,
            )],
        )
        .await
    }
}
