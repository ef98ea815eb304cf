//! Property tests of the victim case workflow: over random sequences of transitions, actors,
//! consents given and revoked, and days passing, no transition escapes the table, the
//! supervisor's approval or the consent gate. Every referral or disclosure that happens has a
//! consent that covers it on that day, or an override asked for by one supervisor with a
//! reason and approved by another; and the gate never refuses what a consent covers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use lintas_model::victims::consent::{Consent, Need, Purpose, StoredConsent, covers};
use lintas_model::victims::workflow::{Context, Refusal, Step, Transition, Workflow, apply};
use proptest::prelude::*;
use uuid::Uuid;

const ACTORS: [(&str, bool); 3] = [("worker", false), ("sup1", true), ("sup2", true)];
const ORGS: [&str; 2] = ["Baan Kredtrakarn Shelter", "Bareskrim Polri"];

#[derive(Debug, Clone)]
enum Op {
    Act(usize, Transition),
    Give {
        purpose: Purpose,
        org: Option<usize>,
        from: u64,
        days: Option<u64>,
    },
    Revoke(usize),
    Wait(u64),
}

fn step() -> impl Strategy<Value = Step> {
    proptest::sample::select(Step::ALL.to_vec())
}

fn purpose() -> impl Strategy<Value = Purpose> {
    proptest::sample::select(Purpose::ALL.to_vec())
}

fn gated() -> impl Strategy<Value = Transition> {
    prop_oneof![
        (0..2usize).prop_map(|o| Transition::Refer {
            organisation: ORGS[o].into()
        }),
        (purpose(), 0..2usize).prop_map(|(purpose, o)| Transition::Disclose {
            purpose,
            recipient: ORGS[o].into()
        }),
    ]
}

fn transition() -> impl Strategy<Value = Transition> {
    prop_oneof![
        4 => step().prop_map(|to| Transition::Advance { to }),
        2 => Just(Transition::Approve),
        3 => gated(),
        1 => Just(Transition::Reopen),
        2 => (
            prop_oneof![3 => gated(), 1 => step().prop_map(|to| Transition::Advance { to })],
            proptest::sample::select(vec!["", "  ", "she is in danger"])
        )
            .prop_map(|(t, reason)| Transition::RequestOverride {
                transition: Box::new(t),
                reason: reason.into()
            }),
        2 => Just(Transition::ApproveOverride),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..3usize, transition()).prop_map(|(a, t)| Op::Act(a, t)),
        2 => (purpose(), proptest::option::of(0..2usize), 0..5u64, proptest::option::of(0..10u64))
            .prop_map(|(purpose, org, from, days)| Op::Give { purpose, org, from, days }),
        1 => (0..8usize).prop_map(Op::Revoke),
        1 => (1..6u64).prop_map(Op::Wait),
    ]
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_transition_escapes_the_table_the_approval_or_the_consent_gate(
        ops in proptest::collection::vec(op(), 1..60)
    ) {
        let mut wf = Workflow::default();
        let mut consents: Vec<StoredConsent> = Vec::new();
        let mut today = day0();
        let mut version = 1;
        for op in ops {
            match op {
                Op::Wait(n) => today = today + Days::new(n),
                Op::Revoke(i) => {
                    if let Some(c) = consents.get_mut(i) {
                        c.revoked_at = Some(today.to_string());
                    }
                }
                Op::Give { purpose, org, from, days } => {
                    let valid_from = today + Days::new(from);
                    let consent = Consent {
                        purpose,
                        organisation: org.map(|o| ORGS[o].to_string()),
                        language: "id".into(),
                        interpreter: None,
                        valid_from,
                        valid_until: days.map(|d| valid_from + Days::new(d)),
                    };
                    // Only consents the model accepts are recorded.
                    if consent.validate().is_empty() {
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
                }
                Op::Act(a, t) => {
                    let (actor, supervisor) = ACTORS[a];
                    let ctx = Context {
                        actor,
                        supervisor,
                        consents: &consents,
                        today,
                        at: "2026-01-01T00:00:00Z",
                        version: version + 1,
                    };
                    let covered = |need: &Need| consents.iter().any(|c| covers(c, need, today));
                    match apply(&wf, &t, &ctx) {
                        Err(Refusal::ConsentRequired(need)) => {
                            // The gate refuses only what no consent covers.
                            prop_assert!(!covered(&need), "refused although a consent covers {need:?}");
                        }
                        Err(_) => {}
                        Ok(next) => {
                            prop_assert_eq!(next.history.len(), wf.history.len() + 1);
                            let e = next.history.last().unwrap();
                            prop_assert_eq!(e.from, wf.step);
                            prop_assert_eq!(e.to, next.step);
                            prop_assert_eq!(e.version, version + 1);
                            match e.action.as_str() {
                                "advance" => {
                                    prop_assert!(wf.step.next().contains(&e.to), "{:?} → {:?}", e.from, e.to);
                                    if !e.to.is_closed() && wf.step.needs_approval() {
                                        prop_assert!(wf.approved.contains(&wf.step), "moved on from an unapproved {:?}", wf.step);
                                    }
                                }
                                "approve" => {
                                    prop_assert!(supervisor);
                                    prop_assert!(wf.step.needs_approval());
                                }
                                "reopen" => prop_assert!(wf.step.is_closed() && !next.step.is_closed()),
                                "request_override" => {
                                    prop_assert!(supervisor);
                                    prop_assert!(e.reason.as_deref().is_some_and(|r| !r.trim().is_empty()));
                                    prop_assert_eq!(next.step, wf.step);
                                }
                                "refer" | "disclose" => {
                                    let need = Need { purpose: e.purpose.unwrap(), recipient: e.recipient.clone() };
                                    prop_assert!(need.purpose != Purpose::Care);
                                    match (&e.consent_id, &e.override_record) {
                                        (Some(id), None) => {
                                            let c = consents.iter().find(|c| c.id == *id).unwrap();
                                            prop_assert!(covers(c, &need, today), "consent {id} does not cover {need:?}");
                                        }
                                        (None, Some(o)) => {
                                            // Only by a second supervisor's approval of a
                                            // pending request with a reason, and only when no
                                            // consent covered it.
                                            prop_assert!(!covered(&need));
                                            prop_assert!(matches!(t, Transition::ApproveOverride));
                                            prop_assert!(supervisor);
                                            prop_assert!(o.requested_by != o.approved_by);
                                            prop_assert_eq!(o.approved_by.as_str(), actor);
                                            prop_assert!(ACTORS.iter().any(|(a, s)| *a == o.requested_by && *s));
                                            prop_assert!(!o.reason.trim().is_empty());
                                            let pending = wf.pending_override.as_ref().unwrap();
                                            prop_assert_eq!(&pending.requested_by, &o.requested_by);
                                        }
                                        other => prop_assert!(false, "gate passed without consent or override: {other:?}"),
                                    }
                                    if e.action == "refer" {
                                        prop_assert_eq!(next.step, Step::ClosedReferred);
                                        prop_assert!(wf.step.may_refer());
                                    } else {
                                        prop_assert_eq!(next.step, wf.step);
                                    }
                                }
                                other => prop_assert!(false, "unexpected history action {other}"),
                            }
                            version += 1;
                            wf = next;
                        }
                    }
                }
            }
        }
    }
}
