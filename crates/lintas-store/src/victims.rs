//! Victim cases (HTCDS v2.0) on the versioned-record core: create, audited reads, update,
//! soft delete, keyset-paged listing, workflow transitions behind the consent gate, and
//! consents as their own record kind. Only the victim roles reach these records: the kinds
//! name `ReadVictims`/`WriteVictims` as their actions, which the core checks on every query.

use chrono::DateTime;
use lintas_model::victims::consent::{Consent, StoredConsent};
use lintas_model::victims::workflow::{self, Refusal, Step, Transition, Workflow};
use lintas_model::victims::{StoredVictimCase, VictimCase};
use lintas_model::{Action, FieldError, Sharing};
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{
    Keyset, Page, PageLimit, RecordAudit, RowGet, Values, Versioned, doc, page_of, uuid,
};
use crate::sql::{Arg, Sql};

pub(crate) const CASE_RECORD: &str = "victim_case";
const CONSENT_RECORD: &str = "consent";

impl Versioned for StoredVictimCase {
    const TABLE: &'static str = "victim_cases";
    const ALIAS: &'static str = "v";
    const COLUMNS: &'static str = "v.id, CAST(v.version AS BIGINT) AS version, v.owner, \
        a.name AS agency, v.created_at, v.updated_at, v.doc, v.workflow";
    const NOUN: &'static str = "victim case";
    const AUDIT: RecordAudit = RecordAudit {
        record_type: CASE_RECORD,
        create: AuditAction::VictimCreate,
        update: AuditAction::VictimUpdate,
        delete: AuditAction::VictimDelete,
    };
    const READ: Action = Action::ReadVictims;
    const CREATE: Action = Action::WriteVictims;
    const WRITE: Action = Action::WriteVictims;
    const FEDERATED: bool = false;

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        Ok(StoredVictimCase {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            created_at: row.text("created_at")?,
            updated_at: row.text("updated_at")?,
            workflow: doc(row, "workflow")?,
            case: doc(row, "doc")?,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioned for StoredConsent {
    const TABLE: &'static str = "consents";
    const ALIAS: &'static str = "k";
    const COLUMNS: &'static str = "k.id, CAST(k.version AS BIGINT) AS version, k.case_id, \
        k.owner, a.name AS agency, k.created_at, k.doc, k.revoked_at, k.revocation_reason";
    const NOUN: &'static str = "consent";
    // Consents are revoked, never deleted: the core's delete is not offered for them, and
    // their one change is the revocation.
    const AUDIT: RecordAudit = RecordAudit {
        record_type: CONSENT_RECORD,
        create: AuditAction::ConsentRecord,
        update: AuditAction::ConsentRevoke,
        delete: AuditAction::ConsentRevoke,
    };
    const READ: Action = Action::ReadVictims;
    const CREATE: Action = Action::WriteVictims;
    const WRITE: Action = Action::WriteVictims;
    const FEDERATED: bool = false;

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        Ok(StoredConsent {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            case_id: uuid(row, "case_id")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            created_at: row.text("created_at")?,
            consent: doc(row, "doc")?,
            revoked_at: row.opt_text("revoked_at")?,
            revocation_reason: row.opt_text("revocation_reason")?,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
}

/// The workflow a case starts with: its HTCDS `cas_Status` decides (imports of closed cases
/// stay closed; a case without one is new).
pub(crate) fn initial_workflow(case: &VictimCase) -> Workflow {
    let step = match case.case.status.as_deref() {
        Some("FollowUp") => Step::FollowUp,
        Some("Closed") => Step::Closed,
        Some("ClosedReferred") => Step::ClosedReferred,
        _ => Step::New,
    };
    Workflow {
        step,
        ..Workflow::default()
    }
}

/// Normalises and validates a case (the callers then set `cas_Status` from the workflow's
/// step, which owns it).
pub(crate) fn check_case(
    case: &mut VictimCase,
    today: chrono::NaiveDate,
) -> std::result::Result<(), Vec<FieldError>> {
    case.normalise();
    let errors = case.validate(today);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The agency-scoped key that makes imports idempotent: the case's own reference, or its id.
pub(crate) fn dedup_key(case: &VictimCase, id: Uuid) -> String {
    match &case.external_ref {
        Some(r) => format!("ref:{r}"),
        None => format!("id:{id}"),
    }
}

/// JSON of a record part; a failure is reported as corruption.
fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

/// A case's own columns.
pub(crate) fn case_values<'a>(
    case: &'a VictimCase,
    workflow: &Workflow,
    key: Option<String>,
) -> Result<Values<'a>> {
    let mut columns = vec![
        ("step", Arg::Text(workflow.step.as_str().into())),
        ("doc", Arg::Text(json(case)?)),
        ("workflow", Arg::Text(json(workflow)?)),
    ];
    if let Some(k) = key {
        columns.push(("dedup_key", Arg::Text(k)));
    }
    Ok(Values {
        sharing: &case.sharing,
        columns,
    })
}

fn duplicate_ref(case: &VictimCase) -> Error {
    Error::Invalid(vec![FieldError {
        field: "external_ref".into(),
        code: "duplicate".into(),
        message: format!(
            "`{}` is already used by another victim case of your agency",
            case.external_ref.as_deref().unwrap_or_default()
        ),
    }])
}

/// Filters of the case listing.
#[derive(Debug, Clone, Default)]
pub struct VictimCaseFilter {
    /// Only cases at this workflow step.
    pub step: Option<Step>,
}

impl Store {
    /// Stores a new victim case for the principal's agency (victim roles only); it starts at
    /// `new` (or where its `cas_Status` says, for a closed case), shared `national` unless it
    /// says otherwise, never `regional`.
    pub async fn create_victim_case(
        &self,
        principal: &Principal,
        mut case: VictimCase,
    ) -> Result<StoredVictimCase> {
        principal.require(Action::WriteVictims)?;
        let today = self.clock.now().date_naive();
        check_case(&mut case, today).map_err(Error::Invalid)?;
        let workflow = initial_workflow(&case);
        case.case.status = Some(workflow.step.cas_status().into());
        let key = dedup_key(&case, Uuid::now_v7());
        let unique = duplicate_ref(&case);
        self.insert_record(
            principal,
            case_values(&case, &workflow, Some(key))?,
            |_| Vec::new(),
            Some(unique),
        )
        .await
    }

    /// The victim case `id`, if the principal's role reads victim cases and its sharing lets
    /// the principal see it; every such read is an audit event.
    pub async fn read_victim_case_audited(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<StoredVictimCase> {
        let stored: StoredVictimCase = self.fetch_record(principal, id).await?;
        self.audit_victim_reads(principal, &[stored.id]).await?;
        Ok(stored)
    }

    /// The version of case `id` if the principal may see it, without reading (or auditing)
    /// its content: for handlers that must answer 404 before anything else.
    pub async fn victim_case_version(&self, principal: &Principal, id: Uuid) -> Result<i64> {
        let stored: StoredVictimCase = self.fetch_record(principal, id).await?;
        Ok(stored.version)
    }

    /// Every victim case shown is a read: one event for a single case, one event naming every
    /// case for a list view (found by "who read record X" all the same).
    async fn audit_victim_reads(&self, principal: &Principal, ids: &[Uuid]) -> Result<()> {
        let event = match ids {
            [] => return Ok(()),
            [one] => Audited::record(AuditAction::VictimRead, CASE_RECORD, one),
            many => Audited::listed(
                AuditAction::VictimRead,
                CASE_RECORD,
                many.iter().map(Uuid::to_string).collect(),
            ),
        };
        self.audit(&Actor::from(principal), &[event]).await
    }

    /// Visible victim cases, newest first, `limit` per page (see [`PageLimit`]); the read of
    /// every listed case is audited.
    pub async fn list_victim_cases_audited(
        &self,
        principal: &Principal,
        filter: &VictimCaseFilter,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<StoredVictimCase>> {
        principal.require(Action::ReadVictims)?;
        let limit = PageLimit::clamp(limit);
        let mut sql = Self::select_visible::<StoredVictimCase>(principal, "");
        if let Some(step) = filter.step {
            sql.push(" AND v.step = ").bind_text(step.as_str());
        }
        if let Some(c) = cursor {
            Keyset::decode(c, |at| DateTime::parse_from_rfc3339(at).is_ok())?.push_after_desc(
                &mut sql,
                "v",
                "created_at",
            );
        }
        sql.push(" ORDER BY v.created_at DESC, v.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let rows = self.fetch_rows(sql, Some("created_at")).await?;
        let page = page_of(rows, limit, |c: &StoredVictimCase| c.id);
        let ids: Vec<Uuid> = page.items.iter().map(|c| c.id).collect();
        self.audit_victim_reads(principal, &ids).await?;
        Ok(page)
    }

    /// Replaces a victim case's record if it is still at `expected_version`; its workflow
    /// (and so its `cas_Status`) changes only through transitions.
    pub async fn update_victim_case(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut case: VictimCase,
    ) -> Result<StoredVictimCase> {
        let current: StoredVictimCase = self
            .writable_record(principal, id, Some(expected_version))
            .await?;
        check_case(&mut case, self.clock.now().date_naive()).map_err(Error::Invalid)?;
        case.case.status = Some(current.workflow.step.cas_status().into());
        let key = dedup_key(&case, id);
        let unique = duplicate_ref(&case);
        self.update_record(
            principal,
            id,
            expected_version,
            case_values(&case, &current.workflow, Some(key))?,
            Vec::new(),
            Some(unique),
        )
        .await
    }

    /// Deletes a victim case (kept for the audit trail, invisible to every query).
    pub async fn delete_victim_case(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.delete_record::<StoredVictimCase>(principal, id, expected_version)
            .await
    }

    /// Moves a case through its workflow ([`workflow::apply`]): the transition and its
    /// history entry are stored with the case's next version and audited. A referral or
    /// disclosure without a valid consent for its purpose is refused
    /// ([`Error::ConsentRequired`], also recorded in the audit log as denied).
    pub async fn transition_victim_case(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
        transition: &Transition,
    ) -> Result<StoredVictimCase> {
        let current: StoredVictimCase = self
            .writable_record(principal, id, expected_version)
            .await?;
        let consents = self.case_consents(principal, id).await?;
        let now = self.clock.now();
        let at = timestamp(now);
        let ctx = workflow::Context {
            actor: &principal.actor,
            supervisor: principal.role.may(Action::ApproveVictims),
            consents: &consents,
            today: now.date_naive(),
            at: &at,
            version: current.version + 1,
        };
        let next = match workflow::apply(&current.workflow, transition, &ctx) {
            Ok(next) => next,
            Err(refusal) => return Err(self.refused(principal, id, refusal).await?),
        };
        let mut case = current.case.clone();
        case.case.status = Some(next.step.cas_status().into());
        if next.step == Step::ClosedReferred
            && !current.workflow.step.is_closed()
            && let Transition::Refer { organisation } = transition_of(transition, &current.workflow)
        {
            case.case.referred_organisation = Some(organisation.trim().to_string());
        }
        let mut events = vec![Audited::record(
            AuditAction::WorkflowTransition,
            CASE_RECORD,
            id,
        )];
        if next
            .history
            .last()
            .is_some_and(|e| e.override_record.is_some())
        {
            events.push(Audited::record(
                AuditAction::ConsentOverride,
                CASE_RECORD,
                id,
            ));
        }
        self.update_record_audited(
            principal,
            id,
            current.version,
            case_values(&case, &next, None)?,
            Vec::new(),
            None,
            events,
        )
        .await
    }

    /// The store error for a refused transition; a consent refusal is audited as denied.
    async fn refused(&self, principal: &Principal, id: Uuid, refusal: Refusal) -> Result<Error> {
        Ok(match refusal {
            Refusal::ConsentRequired(need) => {
                let mut event = Audited::record(AuditAction::WorkflowTransition, CASE_RECORD, id);
                event.outcome = lintas_audit::Outcome::Denied;
                self.audit(&Actor::from(principal), &[event]).await?;
                Error::ConsentRequired(need.missing())
            }
            Refusal::SupervisorOnly(_) => Error::Forbidden(refusal.message()),
            other => Error::Invalid(vec![FieldError {
                field: other.field().into(),
                code: other.code().into(),
                message: other.message(),
            }]),
        })
    }

    /// Every consent of case `id` (revoked ones included), oldest first, as the gate sees
    /// them; the caller has already read the case.
    pub(crate) async fn case_consents(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<Vec<StoredConsent>> {
        let mut sql = Self::select_visible::<StoredConsent>(principal, "");
        sql.push(" AND k.case_id = ")
            .bind_text(id.to_string())
            .push(" ORDER BY k.created_at, k.id");
        Ok(self
            .fetch_rows(sql, None)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect())
    }

    /// Records a consent for case `id` (the case must be one the principal may change).
    pub async fn record_consent(
        &self,
        principal: &Principal,
        case_id: Uuid,
        mut consent: Consent,
    ) -> Result<StoredConsent> {
        self.writable_record::<StoredVictimCase>(principal, case_id, None)
            .await?;
        consent.normalise();
        let errors = consent.validate();
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let text = json(&consent)?;
        let sharing = Sharing::default();
        self.insert_record(
            principal,
            Values {
                sharing: &sharing,
                columns: vec![
                    ("case_id", Arg::Text(case_id.to_string())),
                    ("purpose", Arg::Text(consent.purpose.as_str().into())),
                    ("doc", Arg::Text(text)),
                ],
            },
            |_| Vec::new(),
            None,
        )
        .await
    }

    /// The consents of case `id`, oldest first; reading them reads the case (audited).
    pub async fn list_consents_audited(
        &self,
        principal: &Principal,
        case_id: Uuid,
    ) -> Result<Vec<StoredConsent>> {
        self.read_victim_case_audited(principal, case_id).await?;
        self.case_consents(principal, case_id).await
    }

    /// The consent `id`, if the principal may see it.
    pub async fn get_consent(&self, principal: &Principal, id: Uuid) -> Result<StoredConsent> {
        self.fetch_record(principal, id).await
    }

    /// Revokes a consent (from now on the gate no longer counts it); `expected_version` is
    /// checked when given. Revoking twice is refused.
    pub async fn revoke_consent(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
        reason: Option<String>,
    ) -> Result<StoredConsent> {
        let current: StoredConsent = self
            .writable_record(principal, id, expected_version)
            .await?;
        if current.revoked_at.is_some() {
            return Err(Error::Invalid(vec![FieldError {
                field: "revoked_at".into(),
                code: "already_revoked".into(),
                message: format!(
                    "the consent was revoked at {}",
                    current.revoked_at.unwrap_or_default()
                ),
            }]));
        }
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if reason.as_ref().is_some_and(|r| r.chars().count() > 2_000) {
            return Err(Error::Invalid(vec![FieldError {
                field: "reason".into(),
                code: "too_long".into(),
                message: "at most 2000 characters".into(),
            }]));
        }
        let sharing = Sharing::default();
        // Revoking reaches every recipient: the referrals sent under this consent lose their
        // content in the same transaction.
        let (side, mut events) = self.withdrawals(principal, id, reason.as_deref()).await?;
        events.insert(
            0,
            Audited::record(AuditAction::ConsentRevoke, CONSENT_RECORD, id),
        );
        self.update_record_audited(
            principal,
            id,
            current.version,
            Values {
                sharing: &sharing,
                columns: vec![
                    ("revoked_at", Arg::Text(timestamp(self.clock.now()))),
                    ("revocation_reason", Arg::OptText(reason)),
                ],
            },
            side,
            None,
            events,
        )
        .await
    }
}

/// The transition that actually ran: an approved override runs the pending one.
fn transition_of(asked: &Transition, before: &Workflow) -> Transition {
    match (asked, &before.pending_override) {
        (Transition::ApproveOverride, Some(p)) => p.transition.clone(),
        _ => asked.clone(),
    }
}

/// The stored cases of an agency with these dedup keys (for imports).
pub(crate) fn select_case_keys(agency_id: &str, keys: &[String]) -> Sql {
    let mut sql =
        Sql::new("SELECT id, dedup_key, doc, deleted_at FROM victim_cases WHERE agency_id = ");
    sql.bind_text(agency_id).push(" AND dedup_key IN (");
    for (n, k) in keys.iter().enumerate() {
        if n > 0 {
            sql.push(", ");
        }
        sql.bind_text(k.as_str());
    }
    sql.push(")");
    sql
}
