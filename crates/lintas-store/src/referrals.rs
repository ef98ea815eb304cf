//! Closed-loop referrals on the versioned-record core. A referral is the sender's record,
//! shared with the receiving member once it has left (`bilateral`, or `national` between
//! agencies of one member), read by the victim roles of both ends only, and moved through its
//! steps by the receiving agency. The consent gate, the override and the steps are the pure
//! logic of `lintas_model::victims::referral`; this file stores their result, audits every read
//! and change, and withdraws a referral's content when its consent is revoked.

use chrono::DateTime;
use lintas_model::victims::StoredVictimCase;
use lintas_model::victims::referral::{
    self, Actor as ReferralActor, Deadlines, Party, ReferralAction, ReferralRefusal,
    ReferralRequest, ReferralStep, ReferralSummary, StoredReferral,
};
use lintas_model::{Action, FieldError, Sharing};
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{
    Keyset, Page, PageLimit, RecordAudit, RowGet, Values, Versioned, doc, insert_statement,
    page_of, uuid,
};
use crate::sql::{Arg, Sql, on_pool, query};

pub(crate) const REFERRAL_RECORD: &str = "referral";

impl Versioned for StoredReferral {
    const TABLE: &'static str = "referrals";
    const ALIAS: &'static str = "r";
    const COLUMNS: &'static str = "r.id, CAST(r.version AS BIGINT) AS version, r.case_id, \
        r.owner, a.name AS agency, r.agency_id, r.to_agency_id, r.created_at, r.updated_at, \
        r.doc, r.content, r.state";
    const NOUN: &'static str = "referral";
    // Referrals are never deleted: their one kind of change is a step (or a withdrawal).
    const AUDIT: RecordAudit = RecordAudit {
        record_type: REFERRAL_RECORD,
        create: AuditAction::ReferralSend,
        update: AuditAction::ReferralTransition,
        delete: AuditAction::ReferralTransition,
    };
    const READ: Action = Action::ReadVictims;
    const CREATE: Action = Action::WriteVictims;
    const WRITE: Action = Action::WriteVictims;

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        let summary: ReferralSummary = doc(row, "doc")?;
        Ok(StoredReferral {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            case_id: uuid(row, "case_id")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            from_agency_id: uuid(row, "agency_id")?,
            to_agency_id: uuid(row, "to_agency_id")?,
            summary,
            content: doc(row, "content")?,
            state: doc(row, "state")?,
            created_at: row.text("created_at")?,
            updated_at: row.text("updated_at")?,
            overdue: None,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
}

/// Which referrals a listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralBox {
    /// Sent to the caller's agency (once they have left the sender).
    Inbox,
    /// Sent by the caller's agency.
    Sent,
    /// Sent from one case (the case's read is audited).
    Case(Uuid),
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Where a referral is visible: the receiving member once it has left, the sender only before.
fn sharing_for(owner: &str, to_member: &str, step: ReferralStep) -> Sharing {
    if step.is_delivered() && owner != to_member {
        Sharing {
            level: "bilateral".into(),
            states: vec![to_member.into()],
        }
    } else {
        Sharing {
            level: "national".into(),
            states: Vec::new(),
        }
    }
}

fn invalid(field: &str, code: &str, message: String) -> Error {
    Error::Invalid(vec![FieldError {
        field: field.into(),
        code: code.into(),
        message,
    }])
}

impl Store {
    /// The same store, with these overdue deadlines for referrals (default: 72 hours to
    /// acknowledge, 72 hours to decide, 14 days to an outcome).
    pub fn with_referral_deadlines(mut self, deadlines: Deadlines) -> Self {
        self.referral_deadlines = deadlines;
        self
    }

    /// The deadlines referrals are flagged overdue by.
    pub fn referral_deadlines(&self) -> Deadlines {
        self.referral_deadlines
    }

    fn with_overdue(&self, mut r: StoredReferral) -> StoredReferral {
        r.overdue = referral::overdue(&r.state, self.clock.now(), &self.referral_deadlines);
        r
    }

    /// The receiving agency `name` of `member` (case and spacing aside).
    async fn receiving_agency(&self, member: &str, name: &str) -> Result<Option<(Uuid, String)>> {
        let mut sql = Sql::new("SELECT id, name FROM agencies WHERE member = ");
        sql.bind_text(member)
            .push(" AND LOWER(name) = ")
            .bind_text(name.trim().to_lowercase());
        let row: Option<(String, String)> = on_pool!(self, pool => query!(sql)
            .fetch_optional(pool)
            .await?
            .map(|r| (sqlx::Row::get(&r, "id"), sqlx::Row::get(&r, "name"))));
        row.map(|(id, name)| {
            Uuid::parse_str(&id)
                .map(|id| (id, name))
                .map_err(|e| Error::Corrupt(e.to_string()))
        })
        .transpose()
    }

    /// Sends a referral from case `case_id` (the principal's agency must own the case): it
    /// carries only the chosen classes of the case's fields, passes the consent gate (a
    /// referral consent naming the receiving agency, valid today) or waits, sent by a
    /// supervisor with a reason, for a second supervisor's approval. A refusal by the gate is
    /// [`Error::ConsentRequired`], audited as denied.
    pub async fn send_referral(
        &self,
        principal: &Principal,
        case_id: Uuid,
        mut request: ReferralRequest,
    ) -> Result<StoredReferral> {
        let case: StoredVictimCase = self.writable_record(principal, case_id, None).await?;
        request.normalise();
        let mut errors = request.validate();
        let to = if errors.iter().any(|e| e.field == "to_member") || request.to_agency.is_empty() {
            None
        } else {
            self.receiving_agency(&request.to_member, &request.to_agency)
                .await?
        };
        if to.is_none() && errors.is_empty() {
            errors.push(FieldError {
                field: "to_agency".into(),
                code: "unknown_agency".into(),
                message: format!(
                    "`{}` is not an agency of {} in Lintas",
                    request.to_agency, request.to_member
                ),
            });
        }
        if case.workflow.step.is_closed() {
            errors.push(FieldError {
                field: "case_id".into(),
                code: "case_closed".into(),
                message: "the case is closed: reopen it before referring".into(),
            });
        }
        let (Some((to_agency_id, to_name)), true) = (to, errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        request.to_agency = to_name;
        let consents = self.case_consents(principal, case_id).await?;
        let now = self.clock.now();
        let at = timestamp(now);
        let actor = ReferralActor {
            id: &principal.actor,
            supervisor: principal.role.may(Action::ApproveVictims),
            party: Party::Sender,
            at: &at,
        };
        let state = match referral::send(&request, &consents, now.date_naive(), &actor) {
            Ok(state) => state,
            Err(refusal) => return Err(self.referral_refused(principal, case_id, refusal).await?),
        };
        let content = referral::pick(
            &case.case,
            &request.classes,
            request.health_notes.as_deref(),
        );
        let sharing = sharing_for(&principal.member, &request.to_member, state.step);
        let summary = ReferralSummary::from(&request);
        let id = Uuid::now_v7();
        let insert = insert_statement::<StoredReferral>(
            principal,
            id,
            Values {
                sharing: &sharing,
                columns: vec![
                    ("case_id", Arg::Text(case_id.to_string())),
                    ("to_agency_id", Arg::Text(to_agency_id.to_string())),
                    ("step", Arg::Text(state.step.as_str().into())),
                    (
                        "consent_id",
                        Arg::OptText(state.consent_id.map(|c| c.to_string())),
                    ),
                    ("doc", Arg::Text(json(&summary)?)),
                    ("content", Arg::Text(json(&content)?)),
                    ("state", Arg::Text(json(&state)?)),
                ],
            },
            &at,
        );
        let mut events = vec![Audited::record(
            AuditAction::ReferralSend,
            REFERRAL_RECORD,
            id,
        )];
        if state.pending_override.is_some() {
            // The alert: an override asked for is in the log (and on the sender's page) at once.
            events.push(Audited::record(
                AuditAction::ConsentOverride,
                REFERRAL_RECORD,
                id,
            ));
        }
        self.write_records(principal, vec![insert], false, events, None)
            .await?;
        self.read_referral(principal, id).await
    }

    /// The store error for a refused referral; a consent refusal is audited as denied.
    async fn referral_refused(
        &self,
        principal: &Principal,
        record: Uuid,
        refusal: ReferralRefusal,
    ) -> Result<Error> {
        Ok(match refusal {
            ReferralRefusal::ConsentRequired(need) => {
                let mut event = Audited::record(
                    AuditAction::ReferralSend,
                    crate::victims::CASE_RECORD,
                    record,
                );
                event.outcome = lintas_audit::Outcome::Denied;
                self.audit(&Actor::from(principal), &[event]).await?;
                Error::ConsentRequired(need.missing())
            }
            ReferralRefusal::SupervisorOnly(_) | ReferralRefusal::WrongParty(_) => {
                Error::Forbidden(refusal.message())
            }
            other => invalid(other.field(), other.code(), other.message()),
        })
    }

    /// The referral `id` without auditing: visible to the victim roles of the sending member
    /// and, once it has left, of the receiving member; a referral waiting for an override is
    /// the sending agency's only.
    async fn read_referral(&self, principal: &Principal, id: Uuid) -> Result<StoredReferral> {
        let r: StoredReferral = self.fetch_record(principal, id).await?;
        if !r.state.step.is_delivered() && r.from_agency_id != principal.agency_id {
            return Err(Error::NotFound);
        }
        Ok(self.with_overdue(r))
    }

    /// The referral `id` (see `read_referral`); every such read is an audit event.
    pub async fn read_referral_audited(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<StoredReferral> {
        let r = self.read_referral(principal, id).await?;
        self.audit(
            &Actor::from(principal),
            &[Audited::record(
                AuditAction::ReferralRead,
                REFERRAL_RECORD,
                id,
            )],
        )
        .await?;
        Ok(r)
    }

    /// The version of referral `id`, if the principal may see it (for handlers answering 404
    /// before reading a body).
    pub async fn referral_version(&self, principal: &Principal, id: Uuid) -> Result<i64> {
        Ok(self.read_referral(principal, id).await?.version)
    }

    /// Referrals in `which` box, newest first, `limit` per page; every listed one's read is
    /// audited (one event naming them).
    pub async fn list_referrals_audited(
        &self,
        principal: &Principal,
        which: ReferralBox,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<StoredReferral>> {
        principal.require(Action::ReadVictims)?;
        if let ReferralBox::Case(case) = which {
            self.read_victim_case_audited(principal, case).await?;
        }
        let limit = PageLimit::clamp(limit);
        let mut sql = Self::select_visible::<StoredReferral>(principal, "");
        let agency = principal.agency_id.to_string();
        match which {
            ReferralBox::Inbox => {
                sql.push(" AND r.to_agency_id = ")
                    .bind_text(agency)
                    .push(" AND r.step <> 'pending_override'");
            }
            ReferralBox::Sent => {
                sql.push(" AND r.agency_id = ").bind_text(agency);
            }
            ReferralBox::Case(case) => {
                sql.push(" AND r.case_id = ").bind_text(case.to_string());
            }
        }
        if let Some(c) = cursor {
            Keyset::decode(c, |at| DateTime::parse_from_rfc3339(at).is_ok())?.push_after_desc(
                &mut sql,
                "r",
                "created_at",
            );
        }
        sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let rows = self.fetch_rows(sql, Some("created_at")).await?;
        let mut page = page_of(rows, limit, |r: &StoredReferral| r.id);
        page.items = page
            .items
            .into_iter()
            .filter(|r| r.state.step.is_delivered() || r.from_agency_id == principal.agency_id)
            .map(|r| self.with_overdue(r))
            .collect();
        let ids: Vec<String> = page.items.iter().map(|r| r.id.to_string()).collect();
        if !ids.is_empty() {
            self.audit(
                &Actor::from(principal),
                &[Audited::listed(
                    AuditAction::ReferralRead,
                    REFERRAL_RECORD,
                    ids,
                )],
            )
            .await?;
        }
        Ok(page)
    }

    /// Moves a referral on: the receiving agency acknowledges, accepts or rejects (with a
    /// reason), records services delivered and the outcome; a second supervisor of the sending
    /// agency approves a referral sent without consent, which then leaves. `expected` is
    /// checked when given.
    pub async fn act_on_referral(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
        action: &ReferralAction,
    ) -> Result<StoredReferral> {
        let current = self.read_referral(principal, id).await?;
        principal.require(Action::WriteVictims)?;
        let party =
            if current.to_agency_id == principal.agency_id && action.party() == Party::Receiver {
                Party::Receiver
            } else if current.from_agency_id == principal.agency_id {
                Party::Sender
            } else {
                return Err(Error::Forbidden(
                    "only the sending and the receiving agency act on a referral".into(),
                ));
            };
        if let Some(v) = expected
            && v != current.version
        {
            return Err(Error::VersionConflict {
                current: current.version,
            });
        }
        let at = timestamp(self.clock.now());
        let actor = ReferralActor {
            id: &principal.actor,
            supervisor: principal.role.may(Action::ApproveVictims),
            party,
            at: &at,
        };
        let next = match referral::apply(&current.state, action, &actor) {
            Ok(next) => next,
            Err(refusal) => return Err(self.referral_refused(principal, id, refusal).await?),
        };
        let sharing = sharing_for(&current.owner, &current.summary.to_member, next.step);
        let mut events = vec![Audited::record(
            AuditAction::ReferralTransition,
            REFERRAL_RECORD,
            id,
        )];
        if matches!(action, ReferralAction::ApproveOverride) {
            events.push(Audited::record(
                AuditAction::ConsentOverride,
                REFERRAL_RECORD,
                id,
            ));
        }
        let updated: StoredReferral = self
            .update_record_audited(
                principal,
                id,
                current.version,
                Values {
                    sharing: &sharing,
                    columns: vec![
                        ("step", Arg::Text(next.step.as_str().into())),
                        ("state", Arg::Text(json(&next)?)),
                    ],
                },
                Vec::new(),
                None,
                events,
            )
            .await?;
        Ok(self.with_overdue(updated))
    }

    /// The statements and events that withdraw the content of every referral sent under
    /// consent `consent_id` (run in the revocation's transaction, so every recipient's copy
    /// goes with it).
    pub(crate) async fn withdrawals(
        &self,
        principal: &Principal,
        consent_id: Uuid,
        reason: Option<&str>,
    ) -> Result<(Vec<Sql>, Vec<Audited>)> {
        let mut sql = Self::select_visible::<StoredReferral>(principal, "");
        sql.push(" AND r.consent_id = ")
            .bind_text(consent_id.to_string());
        let at = timestamp(self.clock.now());
        let mut statements = Vec::new();
        let mut events = Vec::new();
        for (r, _) in self.fetch_rows::<StoredReferral>(sql, None).await? {
            let Some(next) =
                referral::withdraw(&r.state, consent_id, &principal.actor, &at, reason)
            else {
                continue;
            };
            let mut update = Sql::new("UPDATE referrals SET content = '{}', state = ");
            update
                .bind_text(json(&next)?)
                .push(", version = version + 1, updated_at = ")
                .bind_text(at.as_str())
                .push(" WHERE id = ")
                .bind_text(r.id.to_string());
            statements.push(update);
            events.push(Audited::record(
                AuditAction::ReferralWithdraw,
                REFERRAL_RECORD,
                r.id,
            ));
        }
        Ok((statements, events))
    }
}
