//! Victim cases on both backends: tenancy (no other member, and no other role of the same
//! member, reads a victim record), versions, audited reads, the workflow and its consent gate,
//! and the HTCDS import.

use chrono::NaiveDate;
use lintas_model::victims::consent::{Consent, Purpose};
use lintas_model::victims::flat;
use lintas_model::victims::workflow::{Step, Transition};
use lintas_model::victims::{Person, VictimCase};
use lintas_model::{Role, Sharing};
use lintas_store::{AuditFilter, Error, Principal, Store, VictimCaseFilter};

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::principal;

on_both_backends! {
    victim_crud_versions_and_audited_reads => victim_crud_versions_and_audited_reads;
    victim_tenancy_other_members_and_roles_read_nothing => victim_tenancy_other_members_and_roles_read_nothing;
    victim_workflow_and_consent_gate => victim_workflow_and_consent_gate;
    victim_import_from_the_htcds_layout => victim_import_from_the_htcds_layout;
}

fn case(first_name: &str) -> VictimCase {
    VictimCase {
        external_ref: None,
        person: Person {
            first_name: Some(first_name.into()),
            citizenship: vec!["IDN".into()],
            ..Default::default()
        },
        ..Default::default()
    }
}

async fn reads_of(s: &Store, auditor: &Principal, id: &str) -> usize {
    s.audit_events(
        auditor,
        &AuditFilter {
            action: Some("victim.read".into()),
            record_id: Some(id.into()),
            ..Default::default()
        },
        500,
    )
    .await
    .unwrap()
    .len()
}

async fn victim_crud_versions_and_audited_reads(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let auditor = principal(s, "IDN", "Yayasan Pulih", Role::Auditor).await;
    let created = s.create_victim_case(&worker, case("Ayu")).await.unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(created.case.sharing.level, "national");
    assert_eq!(created.workflow.step, Step::New);
    assert_eq!(created.case.case.status.as_deref(), Some("Active"));

    // Every read is an audit event; the create is one too, but not a read.
    let id = created.id.to_string();
    assert_eq!(reads_of(s, &auditor, &id).await, 0);
    s.read_victim_case_audited(&worker, created.id)
        .await
        .unwrap();
    s.read_victim_case_audited(&worker, created.id)
        .await
        .unwrap();
    assert_eq!(reads_of(s, &auditor, &id).await, 2);
    let page = s
        .list_victim_cases_audited(&worker, &VictimCaseFilter::default(), None, None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(reads_of(s, &auditor, &id).await, 3);

    // Update with If-Match semantics: a stale version is refused with the current one.
    let mut changed = created.case.clone();
    changed.person.second_name = Some("Lestari".into());
    let updated = s
        .update_victim_case(&worker, created.id, 1, changed.clone())
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.case.person.second_name.as_deref(), Some("Lestari"));
    match s.update_victim_case(&worker, created.id, 1, changed).await {
        Err(Error::VersionConflict { current: 2 }) => {}
        other => panic!("expected a version conflict, got {other:?}"),
    }
    // A regional victim case is refused with a field error.
    let mut regional = case("Budi");
    regional.sharing = Sharing {
        level: "regional".into(),
        states: vec![],
    };
    match s.create_victim_case(&worker, regional).await {
        Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "sharing.level"),
        other => panic!("expected a field error, got {other:?}"),
    }

    // Keyset pages: three more cases, two per page, newest first, nothing twice.
    for n in 0..3 {
        t.clock.advance(chrono::Duration::seconds(1));
        s.create_victim_case(&worker, case(&format!("P{n}")))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = s
            .list_victim_cases_audited(
                &worker,
                &VictimCaseFilter::default(),
                cursor.as_deref(),
                Some(2),
            )
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|c| c.id));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");

    // Soft delete: gone for every query, kept for the audit trail.
    match s.delete_victim_case(&worker, created.id, Some(1)).await {
        Err(Error::VersionConflict { current: 2 }) => {}
        other => panic!("expected a version conflict, got {other:?}"),
    }
    s.delete_victim_case(&worker, created.id, Some(2))
        .await
        .unwrap();
    assert!(matches!(
        s.read_victim_case_audited(&worker, created.id).await,
        Err(Error::NotFound)
    ));
    let deleted = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("victim.delete".into()),
                record_id: Some(id.clone()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(deleted.len(), 1);
}

async fn victim_tenancy_other_members_and_roles_read_nothing(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let national = s.create_victim_case(&worker, case("Ayu")).await.unwrap();
    let mut to_tha = case("Sari");
    to_tha.sharing = Sharing {
        level: "bilateral".into(),
        states: vec!["THA".into()],
    };
    let bilateral = s.create_victim_case(&worker, to_tha).await.unwrap();

    // Same member, every role that is not a victim role: refused on every path, nothing listed.
    for role in Role::ALL {
        if matches!(role, Role::VictimSupport | Role::VictimSupervisor) {
            continue;
        }
        let p = principal(s, "IDN", "Yayasan Pulih", role).await;
        for id in [national.id, bilateral.id] {
            assert!(
                matches!(
                    s.read_victim_case_audited(&p, id).await,
                    Err(Error::Forbidden(_))
                ),
                "{role} read a victim case"
            );
            assert!(matches!(
                s.list_consents_audited(&p, id).await,
                Err(Error::Forbidden(_))
            ));
            assert!(s.update_victim_case(&p, id, 1, case("X")).await.is_err());
            assert!(s.delete_victim_case(&p, id, None).await.is_err());
            assert!(
                s.transition_victim_case(
                    &p,
                    id,
                    None,
                    &Transition::Advance {
                        to: Step::Screening
                    }
                )
                .await
                .is_err()
            );
        }
        assert!(matches!(
            s.list_victim_cases_audited(&p, &VictimCaseFilter::default(), None, None)
                .await,
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(
            s.create_victim_case(&p, case("Y")).await,
            Err(Error::Forbidden(_))
        ));
    }

    // Another member: national is invisible (404, not listed) to its victim roles too;
    // bilateral is visible to the named member's victim roles only.
    let tha_support = principal(s, "THA", "Baan Kredtrakarn", Role::VictimSupport).await;
    let tha_admin = principal(s, "THA", "Baan Kredtrakarn", Role::Admin).await;
    let mys_support = principal(s, "MYS", "Shelter", Role::VictimSupport).await;
    assert!(matches!(
        s.read_victim_case_audited(&tha_support, national.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.read_victim_case_audited(&mys_support, bilateral.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.read_victim_case_audited(&tha_admin, bilateral.id).await,
        Err(Error::Forbidden(_))
    ));
    let seen = s
        .read_victim_case_audited(&tha_support, bilateral.id)
        .await
        .unwrap();
    assert_eq!(seen.id, bilateral.id);
    let listed = s
        .list_victim_cases_audited(&tha_support, &VictimCaseFilter::default(), None, None)
        .await
        .unwrap();
    assert_eq!(
        listed.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [bilateral.id]
    );
    // Seeing is not changing: only the owning agency changes a case.
    assert!(matches!(
        s.update_victim_case(&tha_support, bilateral.id, 1, case("Z"))
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.record_consent(&tha_support, bilateral.id, consent(Purpose::Care, None))
            .await,
        Err(Error::Forbidden(_))
    ));
    // Nor may another agency of the owner.
    let other_agency = principal(s, "IDN", "Dinas Sosial", Role::VictimSupervisor).await;
    s.read_victim_case_audited(&other_agency, national.id)
        .await
        .unwrap();
    assert!(matches!(
        s.delete_victim_case(&other_agency, national.id, None).await,
        Err(Error::Forbidden(_))
    ));
    // The auditor sees who read the records, not the records.
    let idn_auditor = principal(s, "IDN", "Yayasan Pulih", Role::Auditor).await;
    assert_eq!(reads_of(s, &idn_auditor, &national.id.to_string()).await, 1);
    assert_eq!(
        reads_of(s, &tha_admin, &bilateral.id.to_string()).await,
        2,
        "THA's own reads of the bilateral case (one GET, one listing) are in THA's audit log"
    );
}

fn consent(purpose: Purpose, organisation: Option<&str>) -> Consent {
    Consent {
        purpose,
        organisation: organisation.map(str::to_string),
        language: "id".into(),
        interpreter: Some("Dewi (Bahasa–Thai)".into()),
        valid_from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        valid_until: Some(NaiveDate::from_ymd_opt(2027, 10, 1).unwrap()),
    }
}

async fn victim_workflow_and_consent_gate(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let supervisor = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupervisor).await;
    let second = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupervisor).await;
    let auditor = principal(s, "IDN", "Yayasan Pulih", Role::Auditor).await;
    let c = s.create_victim_case(&worker, case("Ayu")).await.unwrap();
    let advance = |to| Transition::Advance { to };
    let mut at = c.clone();
    for to in [Step::Screening, Step::Assessment] {
        at = s
            .transition_victim_case(&worker, c.id, Some(at.version), &advance(to))
            .await
            .unwrap();
    }
    assert_eq!(at.version, 3);
    // A stale version is refused like any change.
    assert!(matches!(
        s.transition_victim_case(&worker, c.id, Some(1), &advance(Step::SupportPlan))
            .await,
        Err(Error::VersionConflict { current: 3 })
    ));
    // The assessment waits for a supervisor.
    match s
        .transition_victim_case(&worker, c.id, None, &advance(Step::SupportPlan))
        .await
    {
        Err(Error::Invalid(e)) => assert_eq!(e[0].code, "approval_required"),
        other => panic!("expected approval_required, got {other:?}"),
    }
    assert!(matches!(
        s.transition_victim_case(&worker, c.id, None, &Transition::Approve)
            .await,
        Err(Error::Forbidden(_))
    ));
    s.transition_victim_case(&supervisor, c.id, None, &Transition::Approve)
        .await
        .unwrap();
    at = s
        .transition_victim_case(&worker, c.id, None, &advance(Step::SupportPlan))
        .await
        .unwrap();
    assert_eq!(at.workflow.step, Step::SupportPlan);
    assert_eq!(
        at.workflow
            .history
            .iter()
            .map(|e| e.version)
            .collect::<Vec<_>>(),
        [2, 3, 4, 5],
        "each transition is stored with the version it produced"
    );

    // The consent gate: a referral without consent is refused, naming the consent, and the
    // refusal is in the audit log.
    let refer = Transition::Refer {
        organisation: "Baan Kredtrakarn Shelter".into(),
    };
    match s.transition_victim_case(&worker, c.id, None, &refer).await {
        Err(Error::ConsentRequired(why)) => {
            assert!(
                why.contains("referral to `Baan Kredtrakarn Shelter`"),
                "{why}"
            )
        }
        other => panic!("expected consent_required, got {other:?}"),
    }
    let denied = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("victim.transition".into()),
                record_id: Some(c.id.to_string()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    assert_eq!(
        denied.iter().filter(|e| e.outcome == "denied").count(),
        1,
        "{denied:?}"
    );
    // A consent for another organisation, or for care, does not open the gate.
    s.record_consent(
        &worker,
        c.id,
        consent(Purpose::Referral, Some("Another shelter")),
    )
    .await
    .unwrap();
    s.record_consent(&worker, c.id, consent(Purpose::Care, None))
        .await
        .unwrap();
    assert!(matches!(
        s.transition_victim_case(&worker, c.id, None, &refer).await,
        Err(Error::ConsentRequired(_))
    ));
    let given = s
        .record_consent(
            &worker,
            c.id,
            consent(Purpose::Referral, Some("Baan Kredtrakarn Shelter")),
        )
        .await
        .unwrap();
    // Revoked, it counts for nothing; revoking twice is refused.
    let revoked = s
        .revoke_consent(&worker, given.id, Some(1), Some("changed her mind".into()))
        .await
        .unwrap();
    assert_eq!(revoked.version, 2);
    assert!(revoked.revoked_at.is_some());
    assert!(matches!(
        s.revoke_consent(&worker, given.id, None, None).await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        s.transition_victim_case(&worker, c.id, None, &refer).await,
        Err(Error::ConsentRequired(_))
    ));
    let again = s
        .record_consent(
            &worker,
            c.id,
            consent(Purpose::Referral, Some("Baan Kredtrakarn Shelter")),
        )
        .await
        .unwrap();
    let referred = s
        .transition_victim_case(&worker, c.id, None, &refer)
        .await
        .unwrap();
    assert_eq!(referred.workflow.step, Step::ClosedReferred);
    assert_eq!(referred.case.case.status.as_deref(), Some("ClosedReferred"));
    assert_eq!(
        referred.case.case.referred_organisation.as_deref(),
        Some("Baan Kredtrakarn Shelter")
    );
    assert_eq!(
        referred.workflow.history.last().unwrap().consent_id,
        Some(again.id)
    );
    let listed = s.list_consents_audited(&worker, c.id).await.unwrap();
    assert_eq!(listed.len(), 4);

    // An override: one supervisor asks with a reason, the same one cannot approve, a second
    // one does; both the transition and the override are audited.
    let reopened = s
        .transition_victim_case(&worker, c.id, None, &Transition::Reopen)
        .await
        .unwrap();
    assert_eq!(reopened.workflow.step, Step::SupportPlan);
    let disclose = Transition::Disclose {
        purpose: Purpose::LawEnforcementDisclosure,
        recipient: "Bareskrim Polri".into(),
    };
    let request = Transition::RequestOverride {
        transition: Box::new(disclose.clone()),
        reason: "the trafficker threatens her sister".into(),
    };
    assert!(matches!(
        s.transition_victim_case(&worker, c.id, None, &request)
            .await,
        Err(Error::Forbidden(_))
    ));
    s.transition_victim_case(&supervisor, c.id, None, &request)
        .await
        .unwrap();
    match s
        .transition_victim_case(&supervisor, c.id, None, &Transition::ApproveOverride)
        .await
    {
        Err(Error::Invalid(e)) => assert_eq!(e[0].code, "self_approval"),
        other => panic!("expected self_approval, got {other:?}"),
    }
    let disclosed = s
        .transition_victim_case(&second, c.id, None, &Transition::ApproveOverride)
        .await
        .unwrap();
    let last = disclosed.workflow.history.last().unwrap();
    assert_eq!(last.action, "disclose");
    let record = last.override_record.as_ref().unwrap();
    assert_eq!(record.requested_by, supervisor.actor);
    assert_eq!(record.approved_by, second.actor);
    let overrides = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("consent.override".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(overrides.len(), 1);
}

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/htcds/");

async fn victim_import_from_the_htcds_layout(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let today = s.clock().now().date_naive();
    // The official spreadsheet, as IOM publishes it: its 1000 numbered empty rows are no case
    // and no error.
    let official = std::fs::read(format!("{DIR}HTCDS Excel Spreadsheet v2.0.xlsx")).unwrap();
    let rows: Vec<flat::Row> = flat::read_spreadsheet(&official, &flat::Options::new(today))
        .unwrap()
        .collect();
    let mut importer = s.victim_importer(&worker).unwrap();
    let report = importer.import_batch(rows).await.unwrap();
    assert_eq!(
        (report.outcome.created, report.outcome.invalid),
        (0, 0),
        "{report:?}"
    );

    let csv = "external_ref,prs_FirstName,prs_Citizenship,vic_TraffickingStatus,vic_TraffickingStatusDecisionMakingOrg,vic_TypeOfExploitation,cas_Status,sharing_level\n\
        YP-1,Ayu,ID,ActualVictimOfTrafficking,NGO,ForcedCriminality,Active,\n\
        YP-2,Sari,Indonesia,ActualVictimOfTrafficking,,ForcedLabour,Closed,\n\
        YP-3,Dewi,IDN,PossibleVictimOfTrafficking,,ForcedLabour,Closed,aggregate\n\
        YP-1,Ayu again,IDN,,,,,\n\
        YP-4,Rina,IDN,,,,,regional\n";
    let read = |text: &str| -> Vec<flat::Row> {
        flat::read_csv(text.as_bytes(), &flat::Options::new(today))
            .unwrap()
            .collect()
    };
    let mut importer = s.victim_importer(&worker).unwrap();
    let report = importer.import_batch(read(csv)).await.unwrap();
    assert_eq!(report.outcome.created, 2, "{report:?}");
    assert_eq!(report.outcome.invalid, 3, "{report:?}");
    let problems: Vec<(u64, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (3, "prs_Citizenship"),
            (3, "vic_TraffickingStatusDecisionMakingOrg"),
            (5, "external_ref"),
            (6, "sharing_level"),
        ]
    );
    let page = s
        .list_victim_cases_audited(&worker, &VictimCaseFilter::default(), None, None)
        .await
        .unwrap();
    let mut got: Vec<(String, Step, String)> = page
        .items
        .iter()
        .map(|c| {
            (
                c.case.external_ref.clone().unwrap(),
                c.workflow.step,
                c.case.sharing.level.clone(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        [
            ("YP-1".into(), Step::New, "national".into()),
            ("YP-3".into(), Step::Closed, "aggregate".into()),
        ]
    );
    // Again: nothing changes; a changed row updates its case.
    let mut importer = s.victim_importer(&worker).unwrap();
    let report = importer.import_batch(read(csv)).await.unwrap();
    assert_eq!(
        (report.outcome.created, report.outcome.unchanged),
        (0, 2),
        "{report:?}"
    );
    let mut importer = s.victim_importer(&worker).unwrap();
    let changed = csv.replace("YP-1,Ayu,", "YP-1,Ayu Lestari,");
    let report = importer.import_batch(read(&changed)).await.unwrap();
    assert_eq!(
        (report.outcome.updated, report.outcome.unchanged),
        (1, 1),
        "{report:?}"
    );
    // Only victim roles import.
    let officer = principal(s, "IDN", "Yayasan Pulih", Role::Officer).await;
    assert!(matches!(
        s.victim_importer(&officer),
        Err(Error::Forbidden(_))
    ));
}
