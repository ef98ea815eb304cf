//! Referrals on both backends: a referral travels from an Indonesian NGO to a Thai shelter
//! with consent and is refused without it; it carries only the chosen classes; the receiving
//! agency closes the loop; the override needs two supervisors; revoking consent withdraws the
//! content from the recipient's copy; and no one else (another member, another role, another
//! agency's worker acting) reads or moves it.

use chrono::{Duration, NaiveDate};
use lintas_model::Role;
use lintas_model::victims::consent::{Consent, Purpose};
use lintas_model::victims::referral::{FieldClass, ReferralAction, ReferralRequest, ReferralStep};
use lintas_model::victims::{Person, VictimCase, VictimContext};
use lintas_store::{AuditFilter, Error, Principal, ReferralBox, Store};

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::principal;

on_both_backends! {
    referral_travels_with_consent_and_is_refused_without => referral_travels_with_consent_and_is_refused_without;
    referral_override_needs_two_supervisors => referral_override_needs_two_supervisors;
    referral_tenancy_and_withdrawal_on_revocation => referral_tenancy_and_withdrawal_on_revocation;
}

const NGO: &str = "Yayasan Pulih";
const SHELTER: &str = "Baan Kredtrakarn Shelter";

fn case() -> VictimCase {
    VictimCase {
        person: Person {
            first_name: Some("Ayu".into()),
            citizenship: vec!["IDN".into()],
            mailing_city: Some("Kupang".into()),
            ..Default::default()
        },
        victim: VictimContext {
            type_of_exploitation: vec!["ForcedCriminality".into()],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn consent(org: &str) -> Consent {
    Consent {
        purpose: Purpose::Referral,
        organisation: Some(org.into()),
        language: "id".into(),
        interpreter: Some("Dewi".into()),
        valid_from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        valid_until: None,
    }
}

fn request(classes: &[FieldClass], override_reason: Option<&str>) -> ReferralRequest {
    ReferralRequest {
        to_member: "THA".into(),
        to_agency: SHELTER.into(),
        service: "shelter and counselling".into(),
        reason: Some("MigrationOrChangeOfLocation".into()),
        classes: classes.to_vec(),
        health_notes: None,
        override_reason: override_reason.map(str::to_string),
    }
}

async fn events(s: &Store, auditor: &Principal, action: &str, id: &str) -> usize {
    // With a record id, the owner's auditor sees everyone's events on its record.
    s.audit_events(
        auditor,
        &AuditFilter {
            action: Some(action.into()),
            record_id: Some(id.into()),
            ..Default::default()
        },
        500,
    )
    .await
    .unwrap()
    .len()
}

async fn referral_travels_with_consent_and_is_refused_without(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", NGO, Role::VictimSupport).await;
    let auditor = principal(s, "IDN", NGO, Role::Auditor).await;
    let shelter = principal(s, "THA", SHELTER, Role::VictimSupport).await;
    let c = s.create_victim_case(&worker, case()).await.unwrap();

    // Without consent: refused, audited as denied, nothing stored.
    let refused = s
        .send_referral(&worker, c.id, request(&[FieldClass::Identity], None))
        .await;
    assert!(
        matches!(&refused, Err(Error::ConsentRequired(m)) if m.contains(SHELTER)),
        "{refused:?}"
    );
    let c_id = c.id.to_string();
    assert_eq!(events(s, &auditor, "referral.send", &c_id).await, 1);
    let inbox = s
        .list_referrals_audited(&shelter, ReferralBox::Inbox, None, None)
        .await
        .unwrap();
    assert!(inbox.items.is_empty());

    // A consent to another organisation does not do; an unknown agency is named.
    s.record_consent(&worker, c.id, consent("Another shelter"))
        .await
        .unwrap();
    assert!(matches!(
        s.send_referral(&worker, c.id, request(&[FieldClass::Identity], None))
            .await,
        Err(Error::ConsentRequired(_))
    ));
    let mut unknown = request(&[], None);
    unknown.to_agency = "No such shelter".into();
    match s.send_referral(&worker, c.id, unknown).await {
        Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "to_agency"),
        other => panic!("{other:?}"),
    }

    // With consent: it reaches the shelter, carrying only the identity class.
    s.record_consent(&worker, c.id, consent("baan kredtrakarn shelter"))
        .await
        .unwrap();
    let sent = s
        .send_referral(&worker, c.id, request(&[FieldClass::Identity], None))
        .await
        .unwrap();
    assert_eq!(sent.state.step, ReferralStep::Sent);
    assert!(sent.state.consent_id.is_some());
    assert_eq!(sent.summary.to_agency, SHELTER);
    assert_eq!(
        sent.content,
        serde_json::json!({"person": {"prs_FirstName": "Ayu", "prs_Citizenship": ["IDN"]}})
    );
    let inbox = s
        .list_referrals_audited(&shelter, ReferralBox::Inbox, None, None)
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert_eq!(inbox.items[0].id, sent.id);
    // The shelter reads the referral, not the case.
    assert!(matches!(
        s.read_victim_case_audited(&shelter, c.id).await,
        Err(Error::NotFound)
    ));

    // The sender cannot act for the receiver; the receiver closes the loop.
    assert!(matches!(
        s.act_on_referral(&worker, sent.id, None, &ReferralAction::Acknowledge)
            .await,
        Err(Error::Forbidden(_))
    ));
    let mut r = sent.clone();
    for a in [
        ReferralAction::Acknowledge,
        ReferralAction::Accept,
        ReferralAction::ServicesDelivered {
            note: Some("shelter, counselling".into()),
        },
        ReferralAction::Outcome {
            outcome: "returned home with IOM".into(),
        },
    ] {
        r = s
            .act_on_referral(&shelter, sent.id, Some(r.version), &a)
            .await
            .unwrap();
    }
    assert_eq!(r.state.step, ReferralStep::Completed);
    // A stale version is refused.
    assert!(matches!(
        s.act_on_referral(&shelter, sent.id, Some(1), &ReferralAction::Accept)
            .await,
        Err(Error::VersionConflict { .. })
    ));
    let seen = s.read_referral_audited(&worker, sent.id).await.unwrap();
    assert_eq!(seen.state.history.len(), 5);
    let id = sent.id.to_string();
    assert_eq!(events(s, &auditor, "referral.transition", &id).await, 4);
    assert!(events(s, &auditor, "referral.read", &id).await >= 2);

    // Overdue: a fresh referral not acknowledged in 72 hours is flagged.
    let late = s
        .send_referral(&worker, c.id, request(&[], None))
        .await
        .unwrap();
    assert!(late.overdue.is_none());
    t.clock.advance(Duration::hours(73));
    let late = s.read_referral_audited(&shelter, late.id).await.unwrap();
    assert_eq!(late.overdue.unwrap().awaiting, "acknowledge");
}

async fn referral_override_needs_two_supervisors(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", NGO, Role::VictimSupport).await;
    let sup1 = principal(s, "IDN", NGO, Role::VictimSupervisor).await;
    let sup2 = principal(s, "IDN", NGO, Role::VictimSupervisor).await;
    let auditor = principal(s, "IDN", NGO, Role::Auditor).await;
    let shelter = principal(s, "THA", SHELTER, Role::VictimSupport).await;
    let c = s.create_victim_case(&worker, case()).await.unwrap();

    assert!(matches!(
        s.send_referral(&worker, c.id, request(&[], Some("she is in danger")))
            .await,
        Err(Error::Forbidden(_))
    ));
    let pending = s
        .send_referral(
            &sup1,
            c.id,
            request(&[FieldClass::Location], Some("she is in danger")),
        )
        .await
        .unwrap();
    assert_eq!(pending.state.step, ReferralStep::PendingOverride);
    // Not yet left: the shelter neither lists nor reads it.
    assert!(
        s.list_referrals_audited(&shelter, ReferralBox::Inbox, None, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        s.read_referral_audited(&shelter, pending.id).await,
        Err(Error::NotFound)
    ));
    let id = pending.id.to_string();
    assert_eq!(events(s, &auditor, "consent.override", &id).await, 1);
    // The supervisor who asked cannot approve; the worker cannot either.
    assert!(matches!(
        s.act_on_referral(&sup1, pending.id, None, &ReferralAction::ApproveOverride)
            .await,
        Err(Error::Invalid(e)) if e[0].code == "self_approval"
    ));
    assert!(matches!(
        s.act_on_referral(&worker, pending.id, None, &ReferralAction::ApproveOverride)
            .await,
        Err(Error::Forbidden(_))
    ));
    let approved = s
        .act_on_referral(&sup2, pending.id, None, &ReferralAction::ApproveOverride)
        .await
        .unwrap();
    assert_eq!(approved.state.step, ReferralStep::Sent);
    let o = approved.state.override_record.clone().unwrap();
    assert_eq!((o.requested_by, o.approved_by), (sup1.actor, sup2.actor));
    assert_eq!(events(s, &auditor, "consent.override", &id).await, 2);
    let inbox = s
        .list_referrals_audited(&shelter, ReferralBox::Inbox, None, None)
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert_eq!(
        inbox.items[0].content,
        serde_json::json!({"person": {"prs_MailingCity": "Kupang"}})
    );
}

async fn referral_tenancy_and_withdrawal_on_revocation(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", NGO, Role::VictimSupport).await;
    let shelter = principal(s, "THA", SHELTER, Role::VictimSupport).await;
    let c = s.create_victim_case(&worker, case()).await.unwrap();
    let k = s
        .record_consent(&worker, c.id, consent(SHELTER))
        .await
        .unwrap();
    let sent = s
        .send_referral(
            &worker,
            c.id,
            request(&[FieldClass::Identity, FieldClass::Exploitation], None),
        )
        .await
        .unwrap();

    // Nobody else: another member's victim role, other roles of either member, another THA
    // agency's worker may read but not act (the referral is shared with THA's victim roles).
    let mys = principal(s, "MYS", "Tenaganita", Role::VictimSupport).await;
    assert!(matches!(
        s.read_referral_audited(&mys, sent.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        s.list_referrals_audited(&mys, ReferralBox::Inbox, None, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    for (member, agency) in [("IDN", NGO), ("THA", SHELTER)] {
        for role in [
            Role::Admin,
            Role::Analyst,
            Role::Officer,
            Role::Auditor,
            Role::Viewer,
        ] {
            let p = principal(s, member, agency, role).await;
            assert!(
                matches!(
                    s.read_referral_audited(&p, sent.id).await,
                    Err(Error::Forbidden(_))
                ),
                "{member} {role}"
            );
            assert!(matches!(
                s.list_referrals_audited(&p, ReferralBox::Inbox, None, None)
                    .await,
                Err(Error::Forbidden(_))
            ));
        }
    }
    let other_tha = principal(s, "THA", "Another THA office", Role::VictimSupport).await;
    assert!(matches!(
        s.act_on_referral(&other_tha, sent.id, None, &ReferralAction::Acknowledge)
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(
        s.list_referrals_audited(&other_tha, ReferralBox::Inbox, None, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // Revoking the consent withdraws the content from the shelter's copy, at once.
    s.act_on_referral(&shelter, sent.id, None, &ReferralAction::Acknowledge)
        .await
        .unwrap();
    assert!(sent.content.get("person").is_some());
    s.revoke_consent(&worker, k.id, None, Some("she changed her mind".into()))
        .await
        .unwrap();
    let copy = s.read_referral_audited(&shelter, sent.id).await.unwrap();
    assert_eq!(copy.content, serde_json::json!({}));
    let w = copy.state.withdrawn.unwrap();
    assert_eq!(w.consent_id, k.id);
    assert_eq!(w.reason.as_deref(), Some("she changed her mind"));
    // And no new referral passes the gate.
    assert!(matches!(
        s.send_referral(&worker, c.id, request(&[], None)).await,
        Err(Error::ConsentRequired(_))
    ));
    let sent_box = s
        .list_referrals_audited(&worker, ReferralBox::Sent, None, None)
        .await
        .unwrap();
    assert_eq!(sent_box.items.len(), 1);
    let of_case = s
        .list_referrals_audited(&worker, ReferralBox::Case(c.id), None, None)
        .await
        .unwrap();
    assert_eq!(of_case.items.len(), 1);
}
