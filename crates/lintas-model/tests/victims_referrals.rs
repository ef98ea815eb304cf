//! Property tests of referrals: over random sequences of sends (with and without consent or an
//! override reason, by a worker or two supervisors, to two organisations), actions by either
//! party, consents given and revoked, and days passing, no referral leaves without a consent
//! covering it that day or an override asked for with a reason by one supervisor and approved
//! by another; no step escapes the table; the gate never refuses what a consent covers; and a
//! revoked consent's referrals all lose their content.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use lintas_model::victims::VictimCase;
use lintas_model::victims::consent::{Consent, Purpose, StoredConsent, covers};
use lintas_model::victims::referral::{
    Actor, FieldClass, Party, ReferralAction, ReferralRefusal, ReferralRequest, ReferralState,
    ReferralStep, apply, pick, send, withdraw,
};
use proptest::prelude::*;
use uuid::Uuid;

const ACTORS: [(&str, bool); 3] = [("worker", false), ("sup1", true), ("sup2", true)];
const ORGS: [&str; 2] = ["Baan Kredtrakarn Shelter", "Tenaganita"];

#[derive(Debug, Clone)]
enum Op {
    Send {
        actor: usize,
        org: usize,
        classes: Vec<FieldClass>,
        override_reason: Option<&'static str>,
    },
    Act {
        actor: usize,
        party: Party,
        referral: usize,
        action: ReferralAction,
    },
    Give {
        purpose: Purpose,
        org: usize,
        from: u64,
        days: Option<u64>,
    },
    Revoke(usize),
    Wait(u64),
}

fn action() -> impl Strategy<Value = ReferralAction> {
    prop_oneof![
        Just(ReferralAction::Acknowledge),
        Just(ReferralAction::Accept),
        proptest::sample::select(vec!["", "no bed free"])
            .prop_map(|r| ReferralAction::Reject { reason: r.into() }),
        Just(ReferralAction::ServicesDelivered { note: None }),
        proptest::sample::select(vec![" ", "returned home"])
            .prop_map(|o| ReferralAction::Outcome { outcome: o.into() }),
        Just(ReferralAction::ApproveOverride),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..2usize, proptest::sample::subsequence(FieldClass::ALL.to_vec(), 0..=4),
              proptest::option::of(proptest::sample::select(vec!["", "she is in danger"])))
            .prop_map(|(actor, org, classes, override_reason)| Op::Send { actor, org, classes, override_reason }),
        5 => (0..3usize, prop_oneof![Just(Party::Sender), Just(Party::Receiver)], 0..6usize, action())
            .prop_map(|(actor, party, referral, action)| Op::Act { actor, party, referral, action }),
        2 => (proptest::sample::select(Purpose::ALL.to_vec()), 0..2usize, 0..4u64, proptest::option::of(0..10u64))
            .prop_map(|(purpose, org, from, days)| Op::Give { purpose, org, from, days }),
        1 => (0..8usize).prop_map(Op::Revoke),
        1 => (1..6u64).prop_map(Op::Wait),
    ]
}

fn case() -> VictimCase {
    serde_json::from_value(serde_json::json!({
        "person": {"prs_FirstName": "Ayu", "prs_MailingCity": "Kupang"},
        "victim": {"vic_TypeOfExploitation": ["ForcedCriminality"]},
        "support_plans": [{"spl_Type": "Health"}]
    }))
    .unwrap()
}

/// A referral as the store keeps it: its state, what it was asked for, its content.
struct Stored {
    state: ReferralState,
    org: usize,
    content: serde_json::Value,
    sent_on: NaiveDate,
}

fn next_step(from: ReferralStep, action: &ReferralAction) -> Option<ReferralStep> {
    use ReferralStep as S;
    match (from, action) {
        (S::Sent, ReferralAction::Acknowledge) => Some(S::Acknowledged),
        (S::Acknowledged, ReferralAction::Accept) => Some(S::Accepted),
        (S::Acknowledged, ReferralAction::Reject { .. }) => Some(S::Rejected),
        (S::Accepted, ReferralAction::ServicesDelivered { .. }) => Some(S::ServicesDelivered),
        (S::ServicesDelivered, ReferralAction::Outcome { .. }) => Some(S::Completed),
        (S::PendingOverride, ReferralAction::ApproveOverride) => Some(S::Sent),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_referral_escapes_the_gate_and_revocation_reaches_every_copy(
        ops in proptest::collection::vec(op(), 1..50)
    ) {
        let c = case();
        let mut consents: Vec<StoredConsent> = Vec::new();
        let mut referrals: Vec<Stored> = Vec::new();
        let mut today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let at = "2026-01-01T00:00:00Z";
        for op in ops {
            match op {
                Op::Wait(n) => today = today + Days::new(n),
                Op::Give { purpose, org, from, days } => {
                    let valid_from = today + Days::new(from);
                    let consent = Consent {
                        purpose,
                        organisation: (purpose != Purpose::Care && purpose != Purpose::Statistics)
                            .then(|| ORGS[org].to_string()),
                        language: "id".into(),
                        interpreter: None,
                        valid_from,
                        valid_until: days.map(|d| valid_from + Days::new(d)),
                    };
                    if !consent.validate().is_empty() {
                        continue;
                    }
                    consents.push(StoredConsent {
                        id: Uuid::from_u128(consents.len() as u128 + 1),
                        version: 1,
                        case_id: Uuid::nil(),
                        owner: "IDN".into(),
                        agency: "NGO".into(),
                        created_at: String::new(),
                        consent,
                        revoked_at: None,
                        revocation_reason: None,
                    });
                }
                Op::Revoke(i) => {
                    if let Some(k) = consents.get_mut(i) && k.revoked_at.is_none() {
                        k.revoked_at = Some(today.to_string());
                        let id = k.id;
                        // The store withdraws every referral sent under it.
                        for r in &mut referrals {
                            if let Some(next) = withdraw(&r.state, id, "worker", at, None) {
                                r.state = next;
                                r.content = serde_json::json!({});
                            }
                        }
                        for r in &referrals {
                            if r.state.consent_id == Some(id) {
                                prop_assert!(r.state.withdrawn.is_some());
                                prop_assert_eq!(&r.content, &serde_json::json!({}));
                            }
                        }
                    }
                }
                Op::Send { actor, org, classes, override_reason } => {
                    let (id, supervisor) = ACTORS[actor];
                    let request = ReferralRequest {
                        to_member: "THA".into(),
                        to_agency: ORGS[org].into(),
                        service: "shelter".into(),
                        reason: None,
                        classes: classes.clone(),
                        health_notes: None,
                        override_reason: override_reason.map(str::to_string),
                    };
                    let who = Actor { id, supervisor, party: Party::Sender, at };
                    let need = request.need();
                    let covered = consents.iter().any(|k| covers(k, &need, today));
                    match send(&request, &consents, today, &who) {
                        Err(ReferralRefusal::ConsentRequired(_)) => {
                            prop_assert!(!covered, "refused although a consent covers it");
                            prop_assert!(override_reason.is_none());
                        }
                        Err(_) => {}
                        Ok(state) => {
                            match (state.step, state.consent_id, &state.pending_override) {
                                (ReferralStep::Sent, Some(k), None) => {
                                    let k = consents.iter().find(|x| x.id == k).unwrap();
                                    prop_assert!(covers(k, &need, today));
                                }
                                (ReferralStep::PendingOverride, None, Some(p)) => {
                                    prop_assert!(!covered);
                                    prop_assert!(supervisor);
                                    prop_assert!(!p.reason.trim().is_empty());
                                }
                                other => prop_assert!(false, "left the gate as {other:?}"),
                            }
                            // The content holds only the chosen classes.
                            let content = pick(&c, &classes, None);
                            if !classes.contains(&FieldClass::Identity) {
                                prop_assert!(content.pointer("/person/prs_FirstName").is_none());
                            }
                            if !classes.contains(&FieldClass::Location) {
                                prop_assert!(content.pointer("/person/prs_MailingCity").is_none());
                            }
                            if !classes.contains(&FieldClass::Health) {
                                prop_assert!(content.get("support_plans").is_none());
                            }
                            if !classes.contains(&FieldClass::Exploitation) {
                                prop_assert!(content.get("victim").is_none());
                            }
                            referrals.push(Stored { state, org, content, sent_on: today });
                        }
                    }
                }
                Op::Act { actor, party, referral, action } => {
                    let Some(r) = referrals.get_mut(referral) else { continue };
                    let (id, supervisor) = ACTORS[actor];
                    let who = Actor { id, supervisor, party, at };
                    if let Ok(next) = apply(&r.state, &action, &who) {
                        prop_assert_eq!(Some(next.step), next_step(r.state.step, &action));
                        prop_assert_eq!(party, action.party());
                        prop_assert_eq!(next.history.len(), r.state.history.len() + 1);
                        if r.state.step == ReferralStep::PendingOverride {
                            // Only a second supervisor lets a referral without consent leave.
                            let o = next.override_record.clone().unwrap();
                            let pending = r.state.pending_override.clone().unwrap();
                            prop_assert!(supervisor);
                            prop_assert_eq!(&o.requested_by, &pending.requested_by);
                            prop_assert!(o.requested_by != o.approved_by);
                            prop_assert!(ACTORS.iter().any(|(a, s)| *a == o.requested_by && *s));
                            prop_assert!(!o.reason.trim().is_empty());
                            prop_assert!(next.consent_id.is_none());
                        }
                        r.state = next;
                    }
                    // Whatever happened: a referral that has left has a consent that covered
                    // it on the day it was sent, or an approved override.
                    if r.state.step.is_delivered() {
                        let need = lintas_model::victims::consent::Need {
                            purpose: Purpose::Referral,
                            recipient: Some(ORGS[r.org].into()),
                        };
                        match (r.state.consent_id, &r.state.override_record) {
                            (Some(k), None) => {
                                let mut k = consents.iter().find(|x| x.id == k).unwrap().clone();
                                k.revoked_at = None;
                                prop_assert!(covers(&k, &need, r.sent_on));
                            }
                            (None, Some(o)) => prop_assert!(o.requested_by != o.approved_by),
                            other => prop_assert!(false, "left without consent or override: {other:?}"),
                        }
                    }
                }
            }
        }
    }
}
