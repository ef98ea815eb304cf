//! A victim case's workflow, as a pure function: the steps, the allowed moves between them,
//! supervisor approval of assessments and support plans, and the consent gate in front of
//! every action that sends something about the person out of the case (a referral, a
//! disclosure). The store runs [`apply`] and keeps its result with the case's version; nothing
//! else moves a case.
//!
//! ```text
//! new → screening → assessment* → support_plan* → services → follow_up → closed
//!                                                                       ↘ closed_referred
//! (* a supervisor approves before the case moves on; any open step may close; a referral
//!  closes as closed_referred from screening on; a closed case reopens to where it was)
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::consent::{Need, Purpose, StoredConsent, covers};

/// Where a case is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Registered, not yet screened.
    New,
    /// Identification: the ILO indicators are being asked.
    Screening,
    /// Needs are being assessed; a supervisor approves the assessment.
    Assessment,
    /// A support plan is being written; a supervisor approves it.
    SupportPlan,
    /// Services are being delivered.
    Services,
    /// Services ended; the person is followed up.
    FollowUp,
    /// Closed.
    Closed,
    /// Closed because the person was referred to another organisation.
    ClosedReferred,
}

impl Step {
    /// Every step, in workflow order.
    pub const ALL: [Step; 8] = [
        Step::New,
        Step::Screening,
        Step::Assessment,
        Step::SupportPlan,
        Step::Services,
        Step::FollowUp,
        Step::Closed,
        Step::ClosedReferred,
    ];

    /// The step's code.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::New => "new",
            Step::Screening => "screening",
            Step::Assessment => "assessment",
            Step::SupportPlan => "support_plan",
            Step::Services => "services",
            Step::FollowUp => "follow_up",
            Step::Closed => "closed",
            Step::ClosedReferred => "closed_referred",
        }
    }

    /// Whether the case is closed at this step.
    pub fn is_closed(self) -> bool {
        matches!(self, Step::Closed | Step::ClosedReferred)
    }

    /// Whether a supervisor approves this step's work before the case moves on.
    pub fn needs_approval(self) -> bool {
        matches!(self, Step::Assessment | Step::SupportPlan)
    }

    /// HTCDS `cas_Status` of a case at this step.
    pub fn cas_status(self) -> &'static str {
        match self {
            Step::FollowUp => "FollowUp",
            Step::Closed => "Closed",
            Step::ClosedReferred => "ClosedReferred",
            _ => "Active",
        }
    }

    /// The steps an `advance` may move to from here (referral and reopening are their own
    /// actions).
    pub fn next(self) -> &'static [Step] {
        match self {
            Step::New => &[Step::Screening, Step::Closed],
            Step::Screening => &[Step::Assessment, Step::Closed],
            Step::Assessment => &[Step::SupportPlan, Step::Closed],
            Step::SupportPlan => &[Step::Services, Step::Closed],
            Step::Services => &[Step::FollowUp, Step::Closed],
            Step::FollowUp => &[Step::Closed],
            Step::Closed | Step::ClosedReferred => &[],
        }
    }

    /// Whether a referral may close the case from here.
    pub fn may_refer(self) -> bool {
        !self.is_closed() && self != Step::New
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a case worker asks the workflow to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Transition {
    /// Move to the next step (or close).
    Advance {
        /// The step to move to.
        to: Step,
    },
    /// A supervisor approves the current step's work (assessment or support plan).
    Approve,
    /// Refer the person to `organisation`, closing the case as `closed_referred`; needs a
    /// valid consent to referral to that organisation.
    Refer {
        /// The receiving organisation.
        organisation: String,
    },
    /// Disclose the case to `recipient` for `purpose` (not `care`), without changing its step;
    /// needs a valid consent for that purpose (and recipient, when the consent names one).
    Disclose {
        /// Why.
        purpose: Purpose,
        /// To whom.
        recipient: String,
    },
    /// Reopen a closed case at the step it was closed from.
    Reopen,
    /// A supervisor asks to pass the consent gate for a referral or disclosure without
    /// consent; another supervisor must approve.
    RequestOverride {
        /// The referral or disclosure.
        #[schema(no_recursion)]
        transition: Box<Transition>,
        /// Why the person's consent cannot be had (recorded in the case's history).
        reason: String,
    },
    /// A second supervisor approves the pending override, which then runs.
    ApproveOverride,
}

impl Transition {
    /// The action's code.
    pub fn action(&self) -> &'static str {
        match self {
            Transition::Advance { .. } => "advance",
            Transition::Approve => "approve",
            Transition::Refer { .. } => "refer",
            Transition::Disclose { .. } => "disclose",
            Transition::Reopen => "reopen",
            Transition::RequestOverride { .. } => "request_override",
            Transition::ApproveOverride => "approve_override",
        }
    }

    /// What the transition needs consent for, if anything.
    pub fn needs(&self) -> Option<Need> {
        match self {
            Transition::Refer { organisation } => Some(Need {
                purpose: Purpose::Referral,
                recipient: Some(organisation.trim().to_string()),
            }),
            Transition::Disclose { purpose, recipient } => Some(Need {
                purpose: *purpose,
                recipient: Some(recipient.trim().to_string()),
            }),
            _ => None,
        }
    }
}

/// An override waiting for a second supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PendingOverride {
    /// The referral or disclosure to run.
    pub transition: Transition,
    /// Why.
    pub reason: String,
    /// The supervisor who asked.
    pub requested_by: String,
    /// When (RFC 3339).
    pub requested_at: String,
}

/// How an action passed the consent gate without consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OverrideRecord {
    /// Why.
    pub reason: String,
    /// The supervisor who asked.
    pub requested_by: String,
    /// The second supervisor, who approved.
    pub approved_by: String,
}

/// One step of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Entry {
    /// The transition's action code.
    pub action: String,
    /// Step before.
    pub from: Step,
    /// Step after.
    pub to: Step,
    /// Who.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// The case's version this entry produced.
    pub version: i64,
    /// For referrals and disclosures: the purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
    /// For referrals and disclosures: the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// The consent that allowed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_id: Option<Uuid>,
    /// The override that allowed it, when no consent did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_record: Option<OverrideRecord>,
    /// For override requests: the reason given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A case's workflow state, stored with the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Workflow {
    /// Where the case is.
    pub step: Step,
    /// Steps whose work a supervisor approved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approved: Vec<Step>,
    /// For a closed case: the step it was closed from (where it reopens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_from: Option<Step>,
    /// An override waiting for a second supervisor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_override: Option<PendingOverride>,
    /// Every transition, oldest first.
    #[serde(default)]
    pub history: Vec<Entry>,
    /// The latest identification form (ILO 2009 indicators), with its suggestion and the
    /// decision a person took with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification: Option<super::ilo::Screening>,
}

impl Default for Workflow {
    fn default() -> Self {
        Workflow {
            step: Step::New,
            approved: Vec::new(),
            closed_from: None,
            pending_override: None,
            history: Vec::new(),
            identification: None,
        }
    }
}

/// Who acts, and with what around them.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The actor's id.
    pub actor: &'a str,
    /// Whether the actor is a victim supervisor.
    pub supervisor: bool,
    /// The case's consents (revoked ones included; the gate checks).
    pub consents: &'a [StoredConsent],
    /// The day consents must hold on.
    pub today: NaiveDate,
    /// Now (RFC 3339), for the history.
    pub at: &'a str,
    /// The version the case will have after this transition.
    pub version: i64,
}

/// Why a transition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The table does not allow this move.
    NotAllowed {
        /// Where the case is.
        from: Step,
        /// What was asked.
        asked: String,
    },
    /// The current step's work needs a supervisor's approval first.
    NeedsApproval(Step),
    /// There is nothing at this step to approve (or it is approved already).
    NothingToApprove(Step),
    /// Only a victim supervisor may do this.
    SupervisorOnly(&'static str),
    /// The consent gate: no valid consent for this.
    ConsentRequired(Need),
    /// A text field is empty.
    Required(&'static str),
    /// Only referrals and disclosures may be overridden, and only when consent is missing.
    NotOverridable(String),
    /// Another override is waiting.
    OverridePending,
    /// No override is waiting.
    NoPendingOverride,
    /// The supervisor who asked for an override cannot also approve it.
    SelfApproval,
}

impl Refusal {
    /// The request field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            Refusal::NotAllowed { .. } | Refusal::NeedsApproval(_) => "to",
            Refusal::Required(f) => f,
            Refusal::ConsentRequired(_) => "consent",
            Refusal::NotOverridable(_) => "transition",
            _ => "action",
        }
    }

    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotAllowed { .. } => "transition_not_allowed",
            Refusal::NeedsApproval(_) => "approval_required",
            Refusal::NothingToApprove(_) => "nothing_to_approve",
            Refusal::SupervisorOnly(_) => "supervisor_only",
            Refusal::ConsentRequired(_) => "consent_required",
            Refusal::Required(_) => "required",
            Refusal::NotOverridable(_) => "not_overridable",
            Refusal::OverridePending => "override_pending",
            Refusal::NoPendingOverride => "no_pending_override",
            Refusal::SelfApproval => "self_approval",
        }
    }

    /// A sentence for the case worker.
    pub fn message(&self) -> String {
        match self {
            Refusal::NotAllowed { from, asked } => {
                let next: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
                format!(
                    "a case at `{from}` cannot {asked}; it may move to: {}",
                    if next.is_empty() {
                        "nothing (reopen it first)".to_string()
                    } else {
                        next.join(", ")
                    }
                )
            }
            Refusal::NeedsApproval(step) => format!(
                "the {} needs a victim supervisor's approval before the case moves on",
                step.as_str().replace('_', " ")
            ),
            Refusal::NothingToApprove(step) => {
                format!("nothing at `{step}` waits for approval")
            }
            Refusal::SupervisorOnly(what) => format!("only a victim supervisor may {what}"),
            Refusal::ConsentRequired(need) => need.missing(),
            Refusal::Required(field) => format!("`{field}` must not be empty"),
            Refusal::NotOverridable(why) => why.clone(),
            Refusal::OverridePending => {
                "another override waits for a second supervisor's approval".into()
            }
            Refusal::NoPendingOverride => "no override waits for approval".into(),
            Refusal::SelfApproval => {
                "the supervisor who asked for the override cannot approve it: a second person must"
                    .into()
            }
        }
    }
}

/// The consent that allows `need` today, if any.
pub fn consent_for(need: &Need, consents: &[StoredConsent], today: NaiveDate) -> Option<Uuid> {
    consents
        .iter()
        .find(|c| covers(c, need, today))
        .map(|c| c.id)
}

fn entry(wf: &Workflow, t: &Transition, to: Step, ctx: &Context<'_>) -> Entry {
    let need = t.needs();
    Entry {
        action: t.action().into(),
        from: wf.step,
        to,
        by: ctx.actor.into(),
        at: ctx.at.into(),
        version: ctx.version,
        purpose: need.as_ref().map(|n| n.purpose),
        recipient: need.and_then(|n| n.recipient),
        consent_id: None,
        override_record: None,
        reason: None,
    }
}

/// Applies `t` to `wf`: the new state with the transition in its history, or why not. The only
/// way past the consent gate without a consent is an override asked for by one supervisor,
/// with a reason, and approved by another.
pub fn apply(wf: &Workflow, t: &Transition, ctx: &Context<'_>) -> Result<Workflow, Refusal> {
    run(wf, t, ctx, None)
}

fn run(
    wf: &Workflow,
    t: &Transition,
    ctx: &Context<'_>,
    overridden: Option<OverrideRecord>,
) -> Result<Workflow, Refusal> {
    let mut next = wf.clone();
    let mut e = entry(wf, t, wf.step, ctx);
    match t {
        Transition::Advance { to } => {
            if !wf.step.next().contains(to) {
                return Err(Refusal::NotAllowed {
                    from: wf.step,
                    asked: format!("move to `{to}`"),
                });
            }
            if wf.step.needs_approval() && !wf.approved.contains(&wf.step) && !to.is_closed() {
                return Err(Refusal::NeedsApproval(wf.step));
            }
            next.step = *to;
            if to.is_closed() {
                next.closed_from = Some(wf.step);
            }
        }
        Transition::Approve => {
            if !ctx.supervisor {
                return Err(Refusal::SupervisorOnly(
                    "approve an assessment or a support plan",
                ));
            }
            if !wf.step.needs_approval() || wf.approved.contains(&wf.step) {
                return Err(Refusal::NothingToApprove(wf.step));
            }
            next.approved.push(wf.step);
        }
        Transition::Refer { organisation } => {
            if organisation.trim().is_empty() {
                return Err(Refusal::Required("organisation"));
            }
            if !wf.step.may_refer() {
                return Err(Refusal::NotAllowed {
                    from: wf.step,
                    asked: "be referred (a referral needs a screened, open case)".into(),
                });
            }
            next.step = Step::ClosedReferred;
            next.closed_from = Some(wf.step);
        }
        Transition::Disclose { purpose, recipient } => {
            if recipient.trim().is_empty() {
                return Err(Refusal::Required("recipient"));
            }
            if *purpose == Purpose::Care {
                return Err(Refusal::NotAllowed {
                    from: wf.step,
                    asked: "disclose for care (care stays within the case's agency)".into(),
                });
            }
        }
        Transition::Reopen => {
            if !wf.step.is_closed() {
                return Err(Refusal::NotAllowed {
                    from: wf.step,
                    asked: "be reopened (it is open)".into(),
                });
            }
            next.step = wf.closed_from.unwrap_or(Step::FollowUp);
            next.closed_from = None;
        }
        Transition::RequestOverride { transition, reason } => {
            if !ctx.supervisor {
                return Err(Refusal::SupervisorOnly("ask for a consent override"));
            }
            if reason.trim().is_empty() {
                return Err(Refusal::Required("reason"));
            }
            if wf.pending_override.is_some() {
                return Err(Refusal::OverridePending);
            }
            if transition.needs().is_none() {
                return Err(Refusal::NotOverridable(
                    "only a referral or a disclosure can be overridden (the consent gate); workflow rules cannot".into(),
                ));
            }
            // The override lifts the consent gate only: the action must be allowed otherwise,
            // and must actually lack consent.
            match run(wf, transition, ctx, None) {
                Err(Refusal::ConsentRequired(_)) => {}
                Err(other) => return Err(other),
                Ok(_) => {
                    return Err(Refusal::NotOverridable(
                        "a valid consent allows this already: no override is needed".into(),
                    ));
                }
            }
            next.pending_override = Some(PendingOverride {
                transition: (**transition).clone(),
                reason: reason.trim().to_string(),
                requested_by: ctx.actor.into(),
                requested_at: ctx.at.into(),
            });
            e.reason = Some(reason.trim().to_string());
            e.purpose = transition.needs().map(|n| n.purpose);
            e.recipient = transition.needs().and_then(|n| n.recipient);
        }
        Transition::ApproveOverride => {
            if !ctx.supervisor {
                return Err(Refusal::SupervisorOnly("approve a consent override"));
            }
            let Some(pending) = &wf.pending_override else {
                return Err(Refusal::NoPendingOverride);
            };
            if pending.requested_by == ctx.actor {
                return Err(Refusal::SelfApproval);
            }
            let record = OverrideRecord {
                reason: pending.reason.clone(),
                requested_by: pending.requested_by.clone(),
                approved_by: ctx.actor.into(),
            };
            let mut cleared = wf.clone();
            cleared.pending_override = None;
            return run(&cleared, &pending.transition, ctx, Some(record));
        }
    }
    // The gate: after the workflow's own rules, before anything leaves the case.
    if let Some(need) = t.needs() {
        match (consent_for(&need, ctx.consents, ctx.today), overridden) {
            (Some(id), _) => e.consent_id = Some(id),
            (None, Some(record)) => e.override_record = Some(record),
            (None, None) => return Err(Refusal::ConsentRequired(need)),
        }
    }
    e.to = next.step;
    next.history.push(e);
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::super::consent::Consent;
    use super::*;

    fn ctx<'a>(actor: &'a str, supervisor: bool, consents: &'a [StoredConsent]) -> Context<'a> {
        Context {
            actor,
            supervisor,
            consents,
            today: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            at: "2026-03-01T10:00:00Z",
            version: 2,
        }
    }

    fn at(step: Step) -> Workflow {
        Workflow {
            step,
            ..Workflow::default()
        }
    }

    #[test]
    fn the_steps_follow_the_table_and_wait_for_approval() {
        let worker = ctx("w", false, &[]);
        let sup = ctx("s", true, &[]);
        let mut wf = Workflow::default();
        for to in [Step::Screening, Step::Assessment] {
            wf = apply(&wf, &Transition::Advance { to }, &worker).unwrap();
        }
        let next = Transition::Advance {
            to: Step::SupportPlan,
        };
        assert_eq!(
            apply(&wf, &next, &worker),
            Err(Refusal::NeedsApproval(Step::Assessment))
        );
        assert_eq!(
            apply(&wf, &Transition::Approve, &worker),
            Err(Refusal::SupervisorOnly(
                "approve an assessment or a support plan"
            ))
        );
        wf = apply(&wf, &Transition::Approve, &sup).unwrap();
        wf = apply(&wf, &next, &worker).unwrap();
        assert_eq!(wf.step, Step::SupportPlan);
        let skip = Transition::Advance { to: Step::FollowUp };
        assert!(matches!(
            apply(&wf, &skip, &worker),
            Err(Refusal::NotAllowed { .. })
        ));
        // Closing early needs no approval; reopening returns to where the case was.
        let closed = apply(&wf, &Transition::Advance { to: Step::Closed }, &worker).unwrap();
        assert_eq!(closed.step, Step::Closed);
        let reopened = apply(&closed, &Transition::Reopen, &worker).unwrap();
        assert_eq!(reopened.step, Step::SupportPlan);
        assert_eq!(
            reopened
                .history
                .iter()
                .map(|e| e.action.as_str())
                .collect::<Vec<_>>(),
            [
                "advance", "advance", "approve", "advance", "advance", "reopen"
            ]
        );
    }

    #[test]
    fn a_referral_without_consent_is_refused_naming_it_and_passes_with_it() {
        let wf = at(Step::Services);
        let refer = Transition::Refer {
            organisation: "Baan Kredtrakarn Shelter".into(),
        };
        let refused = apply(&wf, &refer, &ctx("w", false, &[])).unwrap_err();
        assert_eq!(refused.code(), "consent_required");
        assert!(refused.message().contains("Baan Kredtrakarn Shelter"));
        let consent = StoredConsent {
            id: Uuid::from_u128(7),
            version: 1,
            case_id: Uuid::nil(),
            owner: "IDN".into(),
            agency: "NGO".into(),
            created_at: String::new(),
            consent: Consent {
                purpose: Purpose::Referral,
                organisation: Some("Baan Kredtrakarn Shelter".into()),
                language: "id".into(),
                interpreter: Some("Siti".into()),
                valid_from: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                valid_until: None,
            },
            revoked_at: None,
            revocation_reason: None,
        };
        let consents = [consent];
        let done = apply(&wf, &refer, &ctx("w", false, &consents)).unwrap();
        assert_eq!(done.step, Step::ClosedReferred);
        assert_eq!(done.history[0].consent_id, Some(Uuid::from_u128(7)));
    }

    #[test]
    fn an_override_needs_a_reason_and_a_second_supervisor() {
        let wf = at(Step::Services);
        let disclose = Transition::Disclose {
            purpose: Purpose::LawEnforcementDisclosure,
            recipient: "Royal Thai Police".into(),
        };
        let request = |reason: &str| Transition::RequestOverride {
            transition: Box::new(disclose.clone()),
            reason: reason.into(),
        };
        assert_eq!(
            apply(&wf, &request("imminent danger"), &ctx("w", false, &[])),
            Err(Refusal::SupervisorOnly("ask for a consent override"))
        );
        assert_eq!(
            apply(&wf, &request("  "), &ctx("s1", true, &[])),
            Err(Refusal::Required("reason"))
        );
        let pending = apply(&wf, &request("imminent danger"), &ctx("s1", true, &[])).unwrap();
        assert_eq!(
            apply(
                &pending,
                &Transition::ApproveOverride,
                &ctx("s1", true, &[])
            ),
            Err(Refusal::SelfApproval)
        );
        let done = apply(
            &pending,
            &Transition::ApproveOverride,
            &ctx("s2", true, &[]),
        )
        .unwrap();
        assert!(done.pending_override.is_none());
        let last = done.history.last().unwrap();
        assert_eq!(last.action, "disclose");
        assert_eq!(
            last.override_record
                .as_ref()
                .map(|o| o.approved_by.as_str()),
            Some("s2")
        );
        // Workflow rules cannot be overridden.
        let skip = Transition::RequestOverride {
            transition: Box::new(Transition::Advance { to: Step::Closed }),
            reason: "why not".into(),
        };
        assert_eq!(
            apply(&wf, &skip, &ctx("s1", true, &[])).unwrap_err().code(),
            "not_overridable"
        );
    }
}
