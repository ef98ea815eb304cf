//! Closed-loop referrals between agencies and member states, as pure logic: what a referral
//! carries (only the sensitivity classes the sender picks), the consent gate in front of it,
//! the override by two supervisors, the steps the receiving agency moves it through, the
//! overdue deadlines, and the withdrawal of its content when the consent is revoked. The store
//! keeps the result as a record shared with the receiving member (`lintas-store/src/referrals.rs`).
//!
//! ```text
//! [pending_override →] sent → acknowledged → accepted → services_delivered → completed
//!                                          ↘ rejected (with a reason)
//! ```

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::case::VictimCase;
use super::consent::{Need, Purpose, StoredConsent};
use super::workflow::{OverrideRecord, consent_for};
use crate::FieldError;

const MAX_TEXT: usize = 2_000;

/// A sensitivity class: the sender picks which classes of the case's fields a referral
/// carries; a field outside the chosen classes never leaves the case.
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
pub enum FieldClass {
    /// Who the person is: names, birth date, gender, citizenship, identity number, contact,
    /// languages, family, education.
    Identity,
    /// Health: the support plans and the sender's health notes.
    Health,
    /// What happened: trafficking status, recruitment, control, exploitation, perpetrators,
    /// the events' type, date and description.
    Exploitation,
    /// Where: the mailing address, places of recruitment and exploitation, the events' places.
    Location,
}

impl FieldClass {
    /// Every class.
    pub const ALL: [FieldClass; 4] = [
        FieldClass::Identity,
        FieldClass::Health,
        FieldClass::Exploitation,
        FieldClass::Location,
    ];

    /// The class's code.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldClass::Identity => "identity",
            FieldClass::Health => "health",
            FieldClass::Exploitation => "exploitation",
            FieldClass::Location => "location",
        }
    }
}

/// The class of each field of the person (`prs_`); a field not listed is never sent.
const PERSON: &[(&str, FieldClass)] = &[
    ("prs_Salutation", FieldClass::Identity),
    ("prs_FirstName", FieldClass::Identity),
    ("prs_MiddleName", FieldClass::Identity),
    ("prs_SecondName", FieldClass::Identity),
    ("prs_Birthdate", FieldClass::Identity),
    ("prs_Gender", FieldClass::Identity),
    ("prs_Deceased", FieldClass::Identity),
    ("prs_MaritalStatus", FieldClass::Identity),
    ("prs_NumberOfChildren", FieldClass::Identity),
    ("prs_PrimaryLanguage", FieldClass::Identity),
    ("prs_SecondaryLanguage", FieldClass::Identity),
    ("prs_HighestLevelOfEducation", FieldClass::Identity),
    ("prs_Citizenship", FieldClass::Identity),
    ("prs_IdentityNumber", FieldClass::Identity),
    ("prs_Title", FieldClass::Identity),
    ("prs_Email", FieldClass::Identity),
    ("prs_HomePhone", FieldClass::Identity),
    ("prs_MobilePhone", FieldClass::Identity),
    ("prs_MailingStreet", FieldClass::Location),
    ("prs_MailingCity", FieldClass::Location),
    ("prs_MailingState", FieldClass::Location),
    ("prs_MailingPostalCode", FieldClass::Location),
    ("prs_MailingCountry", FieldClass::Location),
];

/// The class of each field of the victim context (`vic_`).
const VICTIM: &[(&str, FieldClass)] = &[
    ("vic_TraffickingStatus", FieldClass::Exploitation),
    (
        "vic_TraffickingStatusDecisionMakingOrg",
        FieldClass::Exploitation,
    ),
    ("vic_RelationshipToTrafficker", FieldClass::Exploitation),
    ("vic_AgeWhenTrafficked", FieldClass::Exploitation),
    ("vic_MethodOfRecruitment", FieldClass::Exploitation),
    ("vic_RecruitmentWebsitesAndApps", FieldClass::Exploitation),
    ("vic_MethodsOfControl", FieldClass::Exploitation),
    ("vic_TypeOfExploitation", FieldClass::Exploitation),
    ("vic_ForcedLabourIndustry", FieldClass::Exploitation),
    ("vic_TypeOfSexExploitation", FieldClass::Exploitation),
    ("vic_ForcedCriminalityIndicators", FieldClass::Exploitation),
    ("vic_ExploitationWebsitesAndApps", FieldClass::Exploitation),
    ("vic_LocationOfRecruitment", FieldClass::Location),
    ("vic_LocationOfExploitation", FieldClass::Location),
];

/// The class of each field of a historic event (`hte_`); `hte_Type` goes with any other
/// field of its event.
const EVENT: &[(&str, FieldClass)] = &[
    ("hte_Date", FieldClass::Exploitation),
    ("hte_Description", FieldClass::Exploitation),
    ("hte_Country", FieldClass::Location),
    ("hte_State", FieldClass::Location),
    ("hte_City", FieldClass::Location),
    ("hte_Street", FieldClass::Location),
    ("hte_PostalCode", FieldClass::Location),
    ("hte_Latitude", FieldClass::Location),
    ("hte_Longitude", FieldClass::Location),
];

/// The class of an HTCDS field of `group` (`person`, `victim`, `events`, `perpetrators`,
/// `support_plans`); `None` for a field that no referral carries.
pub fn class_of(group: &str, field: &str) -> Option<FieldClass> {
    let table = match group {
        "person" => PERSON,
        "victim" => VICTIM,
        "events" => EVENT,
        "perpetrators" => return Some(FieldClass::Exploitation),
        "support_plans" => return Some(FieldClass::Health),
        _ => return None,
    };
    table.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
}

fn pick_object(group: &str, value: &Value, classes: &[FieldClass]) -> Map<String, Value> {
    let mut out = Map::new();
    if let Value::Object(fields) = value {
        for (k, v) in fields {
            if class_of(group, k).is_some_and(|c| classes.contains(&c)) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// The part of `case` a referral carries: the HTCDS fields of the chosen classes, grouped as
/// in the case (`person`, `victim`, `perpetrators`, `events`, `support_plans`), plus the
/// sender's health notes when health is chosen. Nothing else (the case's own reference, its
/// sharing, its referral fields) is carried.
pub fn pick(case: &VictimCase, classes: &[FieldClass], health_notes: Option<&str>) -> Value {
    let whole = serde_json::to_value(case).unwrap_or(Value::Null);
    let mut out = Map::new();
    for group in ["person", "victim"] {
        let fields = pick_object(group, &whole[group], classes);
        if !fields.is_empty() {
            out.insert(group.into(), Value::Object(fields));
        }
    }
    let mut events = Vec::new();
    if let Value::Array(all) = &whole["events"] {
        for event in all {
            let mut fields = pick_object("events", event, classes);
            if !fields.is_empty() {
                fields.insert("hte_Type".into(), event["hte_Type"].clone());
                events.push(Value::Object(fields));
            }
        }
    }
    if !events.is_empty() {
        out.insert("events".into(), Value::Array(events));
    }
    for group in ["perpetrators", "support_plans"] {
        if let Value::Array(all) = &whole[group]
            && !all.is_empty()
            && class_of(group, "").is_some_and(|c| classes.contains(&c))
        {
            out.insert(group.into(), Value::Array(all.clone()));
        }
    }
    if classes.contains(&FieldClass::Health)
        && let Some(notes) = health_notes
    {
        out.insert("health_notes".into(), Value::String(notes.into()));
    }
    Value::Object(out)
}

/// A referral as the sender asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    /// The receiving member (ISO 3166-1 alpha-3); the sender's own member for a referral
    /// between agencies of one state.
    pub to_member: String,
    /// The receiving agency, by its name in Lintas; the consent must name it.
    pub to_agency: String,
    /// The service asked for (shelter, medical care, legal aid, return and reintegration…).
    pub service: String,
    /// HTCDS `cas_ReasonForOutgoingReferral`: `AdditionalServicesRequired`,
    /// `MigrationOrChangeOfLocation` or `Other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The sensitivity classes of the case's fields the referral carries.
    #[serde(default)]
    pub classes: Vec<FieldClass>,
    /// Health notes for the receiving agency (carried only with the `health` class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_notes: Option<String>,
    /// A victim supervisor sending without consent: why consent cannot be had. The referral
    /// then waits for a second supervisor's approval before it leaves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
}

const REASONS: [&str; 3] = [
    "AdditionalServicesRequired",
    "MigrationOrChangeOfLocation",
    "Other",
];

impl ReferralRequest {
    /// Trims text; blank text is absent; the member is upper case; classes are sorted once.
    pub fn normalise(&mut self) {
        self.to_member = self.to_member.trim().to_ascii_uppercase();
        self.to_agency = self.to_agency.trim().to_string();
        self.service = self.service.trim().to_string();
        for field in [
            &mut self.reason,
            &mut self.health_notes,
            &mut self.override_reason,
        ] {
            if let Some(v) = field.as_mut() {
                *v = v.trim().to_string();
            }
            if field.as_deref() == Some("") {
                *field = None;
            }
        }
        self.classes.sort();
        self.classes.dedup();
    }

    /// Every problem of the request, each naming its field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut push = |field: &str, code: &str, message: String| {
            out.push(FieldError {
                field: field.into(),
                code: code.into(),
                message,
            })
        };
        if crate::members::member(&self.to_member).is_none() {
            push(
                "to_member",
                "unknown_member",
                format!("`{}` is not a member of the Bali Process", self.to_member),
            );
        }
        for (field, value) in [("to_agency", &self.to_agency), ("service", &self.service)] {
            if value.is_empty() {
                push(field, "required", format!("`{field}` must not be empty"));
            } else if value.chars().count() > 200 {
                push(field, "too_long", "at most 200 characters".into());
            }
        }
        if let Some(r) = &self.reason
            && !REASONS.contains(&r.as_str())
        {
            push(
                "reason",
                "unknown_code",
                format!(
                    "`{r}` is not a value of cas_ReasonForOutgoingReferral: expected one of {}",
                    REASONS.join(", ")
                ),
            );
        }
        if self.health_notes.is_some() && !self.classes.contains(&FieldClass::Health) {
            push(
                "health_notes",
                "not_allowed",
                "health notes go only with the `health` class".into(),
            );
        }
        for (field, value) in [
            ("health_notes", &self.health_notes),
            ("override_reason", &self.override_reason),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > MAX_TEXT) {
                push(field, "too_long", format!("at most {MAX_TEXT} characters"));
            }
        }
        out
    }

    /// What the referral needs consent for: referral to the receiving agency.
    pub fn need(&self) -> Need {
        Need {
            purpose: Purpose::Referral,
            recipient: Some(self.to_agency.clone()),
        }
    }
}

/// Where a referral is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStep {
    /// Sent without consent by a supervisor; waits for a second supervisor (not yet shared).
    PendingOverride,
    /// Shared with the receiving agency, not yet acknowledged.
    Sent,
    /// The receiving agency has seen it.
    Acknowledged,
    /// The receiving agency takes the person on.
    Accepted,
    /// The receiving agency cannot (with a reason). Final.
    Rejected,
    /// The services were delivered.
    ServicesDelivered,
    /// The outcome is recorded: the loop is closed. Final.
    Completed,
}

impl ReferralStep {
    /// Every step.
    pub const ALL: [ReferralStep; 7] = [
        ReferralStep::PendingOverride,
        ReferralStep::Sent,
        ReferralStep::Acknowledged,
        ReferralStep::Accepted,
        ReferralStep::Rejected,
        ReferralStep::ServicesDelivered,
        ReferralStep::Completed,
    ];

    /// The step's code.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStep::PendingOverride => "pending_override",
            ReferralStep::Sent => "sent",
            ReferralStep::Acknowledged => "acknowledged",
            ReferralStep::Accepted => "accepted",
            ReferralStep::Rejected => "rejected",
            ReferralStep::ServicesDelivered => "services_delivered",
            ReferralStep::Completed => "completed",
        }
    }

    /// Whether the receiving agency sees the referral at this step.
    pub fn is_delivered(self) -> bool {
        self != ReferralStep::PendingOverride
    }
}

impl std::fmt::Display for ReferralStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a party does to a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReferralAction {
    /// Receiver: the referral was seen.
    Acknowledge,
    /// Receiver: the person is taken on.
    Accept,
    /// Receiver: the person cannot be taken on.
    Reject {
        /// Why (required; the sender reads it).
        reason: String,
    },
    /// Receiver: the services were delivered.
    ServicesDelivered {
        /// What was delivered.
        #[serde(default)]
        note: Option<String>,
    },
    /// Receiver: the outcome, closing the loop.
    Outcome {
        /// What came of it.
        outcome: String,
    },
    /// Sender: a second victim supervisor approves a referral sent without consent.
    ApproveOverride,
}

impl ReferralAction {
    /// The action's code.
    pub fn code(&self) -> &'static str {
        match self {
            ReferralAction::Acknowledge => "acknowledge",
            ReferralAction::Accept => "accept",
            ReferralAction::Reject { .. } => "reject",
            ReferralAction::ServicesDelivered { .. } => "services_delivered",
            ReferralAction::Outcome { .. } => "outcome",
            ReferralAction::ApproveOverride => "approve_override",
        }
    }

    /// Which party acts.
    pub fn party(&self) -> Party {
        match self {
            ReferralAction::ApproveOverride => Party::Sender,
            _ => Party::Receiver,
        }
    }

    fn moves(&self) -> (ReferralStep, ReferralStep) {
        use ReferralStep as S;
        match self {
            ReferralAction::Acknowledge => (S::Sent, S::Acknowledged),
            ReferralAction::Accept => (S::Acknowledged, S::Accepted),
            ReferralAction::Reject { .. } => (S::Acknowledged, S::Rejected),
            ReferralAction::ServicesDelivered { .. } => (S::Accepted, S::ServicesDelivered),
            ReferralAction::Outcome { .. } => (S::ServicesDelivered, S::Completed),
            ReferralAction::ApproveOverride => (S::PendingOverride, S::Sent),
        }
    }
}

/// The two ends of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The agency that sent it (owns the case).
    Sender,
    /// The agency it was sent to.
    Receiver,
}

/// An override asked for and waiting for a second supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OverrideRequest {
    /// Why consent cannot be had.
    pub reason: String,
    /// The supervisor who sent it.
    pub requested_by: String,
}

/// The content of a referral withdrawn because its consent was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Withdrawal {
    /// When (RFC 3339).
    pub at: String,
    /// The revoked consent.
    pub consent_id: Uuid,
    /// As given with the revocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One step of a referral's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReferralEntry {
    /// The action's code (`send`, `acknowledge`, …, `withdraw`).
    pub action: String,
    /// Step after.
    pub to: ReferralStep,
    /// Who.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// A reason, note or outcome given with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A referral's state, stored with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReferralState {
    /// Where it is.
    pub step: ReferralStep,
    /// The consent it was sent under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_id: Option<Uuid>,
    /// An override waiting for the second supervisor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_override: Option<OverrideRequest>,
    /// The override it was sent under, when no consent covered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_record: Option<OverrideRecord>,
    /// Set when the consent was revoked: the content is gone from every copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
    /// Every action, oldest first.
    #[serde(default)]
    pub history: Vec<ReferralEntry>,
}

/// Who acts, and with what around them.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The actor's id.
    pub id: &'a str,
    /// Whether the actor is a victim supervisor.
    pub supervisor: bool,
    /// Which end of the referral the actor's agency is.
    pub party: Party,
    /// Now (RFC 3339).
    pub at: &'a str,
}

/// Why a referral or an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralRefusal {
    /// No valid consent to referral to the receiving agency.
    ConsentRequired(Need),
    /// Only a victim supervisor may do this.
    SupervisorOnly(&'static str),
    /// Only the other party may do this.
    WrongParty(&'static str),
    /// The step does not allow the action.
    NotAllowed {
        /// Where the referral is.
        from: ReferralStep,
        /// What was asked.
        action: &'static str,
    },
    /// A text field is empty.
    Required(&'static str),
    /// The supervisor who sent without consent cannot approve it.
    SelfApproval,
    /// A consent covers the referral already; no override is needed.
    NotOverridable,
}

impl ReferralRefusal {
    /// The request field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            ReferralRefusal::ConsentRequired(_) => "consent",
            ReferralRefusal::Required(f) => f,
            ReferralRefusal::NotOverridable => "override_reason",
            _ => "action",
        }
    }

    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReferralRefusal::ConsentRequired(_) => "consent_required",
            ReferralRefusal::SupervisorOnly(_) => "supervisor_only",
            ReferralRefusal::WrongParty(_) => "wrong_party",
            ReferralRefusal::NotAllowed { .. } => "transition_not_allowed",
            ReferralRefusal::Required(_) => "required",
            ReferralRefusal::SelfApproval => "self_approval",
            ReferralRefusal::NotOverridable => "not_overridable",
        }
    }

    /// A sentence for the case worker.
    pub fn message(&self) -> String {
        match self {
            ReferralRefusal::ConsentRequired(need) => need.missing(),
            ReferralRefusal::SupervisorOnly(what) => format!("only a victim supervisor may {what}"),
            ReferralRefusal::WrongParty(who) => format!("only {who} may do this"),
            ReferralRefusal::NotAllowed { from, action } => {
                format!("a referral at `{from}` cannot be given `{action}`")
            }
            ReferralRefusal::Required(f) => format!("`{f}` must not be empty"),
            ReferralRefusal::SelfApproval => "the supervisor who sent the referral without consent cannot approve it: a second person must".into(),
            ReferralRefusal::NotOverridable => {
                "a valid consent covers this referral already: send it without an override".into()
            }
        }
    }
}

/// Sends a referral through the consent gate: `sent` under the consent that covers it today,
/// or — with an override reason, by a victim supervisor — `pending_override` until a second
/// supervisor approves. Without either it is refused.
pub fn send(
    request: &ReferralRequest,
    consents: &[StoredConsent],
    today: NaiveDate,
    actor: &Actor<'_>,
) -> Result<ReferralState, ReferralRefusal> {
    let need = request.need();
    let consent = consent_for(&need, consents, today);
    let (step, pending) = match (consent, &request.override_reason) {
        (Some(_), Some(_)) => return Err(ReferralRefusal::NotOverridable),
        (Some(_), None) => (ReferralStep::Sent, None),
        (None, Some(reason)) => {
            if !actor.supervisor {
                return Err(ReferralRefusal::SupervisorOnly(
                    "send a referral without consent",
                ));
            }
            if reason.trim().is_empty() {
                return Err(ReferralRefusal::Required("override_reason"));
            }
            (
                ReferralStep::PendingOverride,
                Some(OverrideRequest {
                    reason: reason.trim().into(),
                    requested_by: actor.id.into(),
                }),
            )
        }
        (None, None) => return Err(ReferralRefusal::ConsentRequired(need)),
    };
    Ok(ReferralState {
        step,
        consent_id: consent,
        pending_override: pending.clone(),
        override_record: None,
        withdrawn: None,
        history: vec![ReferralEntry {
            action: "send".into(),
            to: step,
            by: actor.id.into(),
            at: actor.at.into(),
            text: pending.map(|p| p.reason),
        }],
    })
}

/// Applies `action` to a referral: the new state, or why not.
pub fn apply(
    state: &ReferralState,
    action: &ReferralAction,
    actor: &Actor<'_>,
) -> Result<ReferralState, ReferralRefusal> {
    if action.party() != actor.party {
        return Err(ReferralRefusal::WrongParty(match action.party() {
            Party::Sender => "the sending agency",
            Party::Receiver => "the receiving agency",
        }));
    }
    let (from, to) = action.moves();
    if state.step != from {
        return Err(ReferralRefusal::NotAllowed {
            from: state.step,
            action: action.code(),
        });
    }
    let mut next = state.clone();
    let text = match action {
        ReferralAction::Reject { reason } => Some(required(reason, "reason")?),
        ReferralAction::Outcome { outcome } => Some(required(outcome, "outcome")?),
        ReferralAction::ServicesDelivered { note } => note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string),
        ReferralAction::ApproveOverride => {
            if !actor.supervisor {
                return Err(ReferralRefusal::SupervisorOnly(
                    "approve a referral sent without consent",
                ));
            }
            let Some(pending) = &state.pending_override else {
                return Err(ReferralRefusal::NotAllowed {
                    from: state.step,
                    action: action.code(),
                });
            };
            if pending.requested_by == actor.id {
                return Err(ReferralRefusal::SelfApproval);
            }
            next.override_record = Some(OverrideRecord {
                reason: pending.reason.clone(),
                requested_by: pending.requested_by.clone(),
                approved_by: actor.id.into(),
            });
            next.pending_override = None;
            None
        }
        ReferralAction::Acknowledge | ReferralAction::Accept => None,
    };
    if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
        return Err(ReferralRefusal::Required("text"));
    }
    next.step = to;
    next.history.push(ReferralEntry {
        action: action.code().into(),
        to,
        by: actor.id.into(),
        at: actor.at.into(),
        text,
    });
    Ok(next)
}

fn required(text: &str, field: &'static str) -> Result<String, ReferralRefusal> {
    let t = text.trim();
    if t.is_empty() {
        Err(ReferralRefusal::Required(field))
    } else {
        Ok(t.to_string())
    }
}

/// The referral after its consent `consent_id` was revoked: marked withdrawn (the store
/// empties its content in the same change). Referrals sent under another consent or an
/// override are unchanged (`None`).
pub fn withdraw(
    state: &ReferralState,
    consent_id: Uuid,
    by: &str,
    at: &str,
    reason: Option<&str>,
) -> Option<ReferralState> {
    if state.consent_id != Some(consent_id) || state.withdrawn.is_some() {
        return None;
    }
    let mut next = state.clone();
    next.withdrawn = Some(Withdrawal {
        at: at.into(),
        consent_id,
        reason: reason.map(str::to_string),
    });
    next.history.push(ReferralEntry {
        action: "withdraw".into(),
        to: state.step,
        by: by.into(),
        at: at.into(),
        text: Some("consent revoked: the referral's content was withdrawn".into()),
    });
    Some(next)
}

/// How long each step may take before the referral is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Deadlines {
    /// From sending to acknowledgement (default 72 hours).
    pub acknowledge_hours: i64,
    /// From acknowledgement to acceptance or rejection (default 72 hours).
    pub decide_hours: i64,
    /// From sending to the outcome (default 14 days).
    pub outcome_days: i64,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            acknowledge_hours: 72,
            decide_hours: 72,
            outcome_days: 14,
        }
    }
}

/// What is overdue on a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Overdue {
    /// What the receiving agency has not done: `acknowledge`, `decide`, `outcome`.
    pub awaiting: &'static str,
    /// When it was due (RFC 3339).
    pub due: String,
}

fn entered(state: &ReferralState, step: ReferralStep) -> Option<DateTime<Utc>> {
    state
        .history
        .iter()
        .find(|e| e.to == step && e.action != "withdraw")
        .and_then(|e| DateTime::parse_from_rfc3339(&e.at).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// The deadline the referral has passed at `now`, if any.
pub fn overdue(state: &ReferralState, now: DateTime<Utc>, d: &Deadlines) -> Option<Overdue> {
    let sent = entered(state, ReferralStep::Sent)?;
    let (awaiting, due) = match state.step {
        ReferralStep::Sent => ("acknowledge", sent + Duration::hours(d.acknowledge_hours)),
        ReferralStep::Acknowledged => (
            "decide",
            entered(state, ReferralStep::Acknowledged)? + Duration::hours(d.decide_hours),
        ),
        ReferralStep::Accepted | ReferralStep::ServicesDelivered => {
            ("outcome", sent + Duration::days(d.outcome_days))
        }
        _ => return None,
    };
    (now > due).then(|| Overdue {
        awaiting,
        due: due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// What the referral asked for, kept with it (the request without its override reason and
/// health notes, which live in the state and the content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReferralSummary {
    /// The receiving member.
    pub to_member: String,
    /// The receiving agency's name.
    pub to_agency: String,
    /// The service asked for.
    pub service: String,
    /// HTCDS `cas_ReasonForOutgoingReferral`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The classes of fields it carries.
    pub classes: Vec<FieldClass>,
}

impl From<&ReferralRequest> for ReferralSummary {
    fn from(r: &ReferralRequest) -> Self {
        ReferralSummary {
            to_member: r.to_member.clone(),
            to_agency: r.to_agency.clone(),
            service: r.service.clone(),
            reason: r.reason.clone(),
            classes: r.classes.clone(),
        }
    }
}

/// A stored referral: one record, read by the victim roles of both ends.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredReferral {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each change; the ETag.
    pub version: i64,
    /// The sender's victim case.
    pub case_id: Uuid,
    /// Sending member.
    pub owner: String,
    /// Sending agency.
    pub agency: String,
    /// Sending agency's id.
    pub from_agency_id: Uuid,
    /// Receiving agency's id.
    pub to_agency_id: Uuid,
    /// What was asked.
    #[serde(flatten)]
    pub summary: ReferralSummary,
    /// The case's fields of the chosen classes (HTCDS names); empty once withdrawn.
    #[schema(value_type = Object)]
    pub content: Value,
    /// Where it is, with its history.
    pub state: ReferralState,
    /// When it was sent (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
    /// The deadline it has passed, if any (computed when read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<Overdue>,
}

#[cfg(test)]
mod tests {
    use super::super::consent::Consent;
    use super::*;

    fn case() -> VictimCase {
        serde_json::from_value(serde_json::json!({
            "external_ref": "IDN-NGO-7",
            "person": {"prs_FirstName": "Ayu", "prs_Citizenship": ["IDN"],
                       "prs_MailingCity": "Kupang", "prs_MobilePhone": "+6281200001111"},
            "victim": {"vic_TypeOfExploitation": ["ForcedCriminality"],
                       "vic_LocationOfExploitation": "Myawaddy"},
            "events": [{"hte_Type": "Exploitation", "hte_Country": "MMR", "hte_Date": "2025-06"}],
            "perpetrators": [{"per_RoleInProcess": ["RecruiterOrIntermediary"]}],
            "support_plans": [{"spl_Type": "Health", "spl_Objectives": "trauma care"}]
        }))
        .unwrap()
    }

    #[test]
    fn a_referral_carries_only_the_chosen_classes() {
        let c = case();
        let id = pick(&c, &[FieldClass::Identity], Some("ignored"));
        assert_eq!(
            id,
            serde_json::json!({"person": {"prs_FirstName": "Ayu", "prs_Citizenship": ["IDN"], "prs_MobilePhone": "+6281200001111"}})
        );
        let loc = pick(&c, &[FieldClass::Location], None);
        assert_eq!(
            loc,
            serde_json::json!({
                "person": {"prs_MailingCity": "Kupang"},
                "victim": {"vic_LocationOfExploitation": "Myawaddy"},
                "events": [{"hte_Type": "Exploitation", "hte_Country": "MMR"}]
            })
        );
        let health = pick(&c, &[FieldClass::Health], Some("asthma"));
        assert_eq!(
            health,
            serde_json::json!({
                "support_plans": [{"spl_Type": "Health", "spl_Objectives": "trauma care"}],
                "health_notes": "asthma"
            })
        );
        let none = pick(&c, &[], None);
        assert_eq!(none, serde_json::json!({}));
        // Every class together still leaves the case's own reference and sharing behind.
        let all = pick(&c, &FieldClass::ALL, None);
        assert!(all.get("external_ref").is_none() && all.get("sharing").is_none());
        assert_eq!(
            all["perpetrators"][0]["per_RoleInProcess"][0],
            "RecruiterOrIntermediary"
        );
    }

    #[test]
    fn every_htcds_field_of_the_person_and_victim_has_a_class() {
        for f in crate::victims::flat::COLUMNS.iter().map(|c| c.name) {
            let group = if f.starts_with("prs_") {
                "person"
            } else if f.starts_with("vic_") {
                "victim"
            } else if f.starts_with("hte_") && f != "hte_Type" {
                "events"
            } else {
                continue;
            };
            assert!(class_of(group, f).is_some(), "{f} has no class");
        }
    }

    fn consent(org: &str) -> StoredConsent {
        StoredConsent {
            id: Uuid::from_u128(7),
            version: 1,
            case_id: Uuid::nil(),
            owner: "IDN".into(),
            agency: "NGO".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            consent: Consent {
                purpose: Purpose::Referral,
                organisation: Some(org.into()),
                language: "id".into(),
                interpreter: None,
                valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                valid_until: None,
            },
            revoked_at: None,
            revocation_reason: None,
        }
    }

    fn request(override_reason: Option<&str>) -> ReferralRequest {
        ReferralRequest {
            to_member: "THA".into(),
            to_agency: "Baan Kredtrakarn Shelter".into(),
            service: "shelter".into(),
            reason: None,
            classes: vec![FieldClass::Identity],
            health_notes: None,
            override_reason: override_reason.map(str::to_string),
        }
    }

    fn who(id: &str, supervisor: bool, party: Party) -> Actor<'_> {
        Actor {
            id,
            supervisor,
            party,
            at: "2026-03-01T10:00:00Z",
        }
    }

    #[test]
    fn the_loop_closes_and_the_gate_holds() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let w = who("w", false, Party::Sender);
        assert!(matches!(
            send(&request(None), &[], today, &w),
            Err(ReferralRefusal::ConsentRequired(_))
        ));
        assert!(matches!(
            send(&request(None), &[consent("Another shelter")], today, &w),
            Err(ReferralRefusal::ConsentRequired(_))
        ));
        let mut s = send(
            &request(None),
            &[consent("baan kredtrakarn shelter")],
            today,
            &w,
        )
        .unwrap();
        assert_eq!(
            (s.step, s.consent_id),
            (ReferralStep::Sent, Some(Uuid::from_u128(7)))
        );
        let r = who("r", false, Party::Receiver);
        assert!(matches!(
            apply(&s, &ReferralAction::Accept, &r),
            Err(ReferralRefusal::NotAllowed { .. })
        ));
        assert!(matches!(
            apply(&s, &ReferralAction::Acknowledge, &w),
            Err(ReferralRefusal::WrongParty(_))
        ));
        for a in [
            ReferralAction::Acknowledge,
            ReferralAction::Accept,
            ReferralAction::ServicesDelivered { note: None },
            ReferralAction::Outcome {
                outcome: "reunited with family".into(),
            },
        ] {
            s = apply(&s, &a, &r).unwrap();
        }
        assert_eq!(s.step, ReferralStep::Completed);
        assert_eq!(s.history.len(), 5);
        let withdrawn =
            withdraw(&s, Uuid::from_u128(7), "w", "2026-03-02T00:00:00Z", None).unwrap();
        assert!(withdrawn.withdrawn.is_some());
        assert!(withdraw(&s, Uuid::from_u128(8), "w", "2026-03-02T00:00:00Z", None).is_none());
    }

    #[test]
    fn an_override_needs_two_supervisors() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert!(matches!(
            send(
                &request(Some("in danger")),
                &[],
                today,
                &who("w", false, Party::Sender)
            ),
            Err(ReferralRefusal::SupervisorOnly(_))
        ));
        let s1 = who("s1", true, Party::Sender);
        let s = send(&request(Some("in danger")), &[], today, &s1).unwrap();
        assert_eq!(s.step, ReferralStep::PendingOverride);
        assert_eq!(
            apply(&s, &ReferralAction::ApproveOverride, &s1),
            Err(ReferralRefusal::SelfApproval)
        );
        assert!(matches!(
            apply(
                &s,
                &ReferralAction::ApproveOverride,
                &who("w", false, Party::Sender)
            ),
            Err(ReferralRefusal::SupervisorOnly(_))
        ));
        let s = apply(
            &s,
            &ReferralAction::ApproveOverride,
            &who("s2", true, Party::Sender),
        )
        .unwrap();
        assert_eq!(s.step, ReferralStep::Sent);
        let o = s.override_record.unwrap();
        assert_eq!(
            (o.requested_by.as_str(), o.approved_by.as_str()),
            ("s1", "s2")
        );
        assert_eq!(
            send(
                &request(Some("x")),
                &[consent("Baan Kredtrakarn Shelter")],
                today,
                &s1
            ),
            Err(ReferralRefusal::NotOverridable)
        );
    }

    #[test]
    fn deadlines_flag_each_step() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let d = Deadlines::default();
        let s = send(
            &request(None),
            &[consent("Baan Kredtrakarn Shelter")],
            today,
            &who("w", false, Party::Sender),
        )
        .unwrap();
        let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
        assert_eq!(overdue(&s, at("2026-03-04T09:59:00Z"), &d), None);
        assert_eq!(
            overdue(&s, at("2026-03-04T10:01:00Z"), &d)
                .unwrap()
                .awaiting,
            "acknowledge"
        );
        let mut r = who("r", false, Party::Receiver);
        r.at = "2026-03-02T10:00:00Z";
        let s = apply(&s, &ReferralAction::Acknowledge, &r).unwrap();
        assert_eq!(overdue(&s, at("2026-03-05T09:00:00Z"), &d), None);
        assert_eq!(
            overdue(&s, at("2026-03-05T11:00:00Z"), &d)
                .unwrap()
                .awaiting,
            "decide"
        );
        let s = apply(&s, &ReferralAction::Accept, &r).unwrap();
        assert_eq!(overdue(&s, at("2026-03-15T09:00:00Z"), &d), None);
        let late = overdue(&s, at("2026-03-15T11:00:00Z"), &d).unwrap();
        assert_eq!(
            (late.awaiting, late.due.as_str()),
            ("outcome", "2026-03-15T10:00:00Z")
        );
        let short = Deadlines {
            outcome_days: 2,
            ..d
        };
        assert!(overdue(&s, at("2026-03-04T11:00:00Z"), &short).is_some());
    }
}
