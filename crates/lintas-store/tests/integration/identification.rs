//! The identification form stored with its case, on both backends: the ILO rule's suggestion,
//! the decision with who took it, the case's HTCDS status, versions and the audit event.

use lintas_model::Role;
use lintas_model::victims::ilo::{Profile, Suggestion};
use lintas_model::victims::{Person, VictimCase};
use lintas_store::{AuditFilter, Error, IdentificationDecision};

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::principal;

on_both_backends! {
    identification_form_is_stored_with_the_case => identification_form_is_stored_with_the_case;
}

async fn identification_form_is_stored_with_the_case(t: TestStore) {
    let s = &t.store;
    let worker = principal(s, "IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let auditor = principal(s, "IDN", "Yayasan Pulih", Role::Auditor).await;
    let admin = principal(s, "IDN", "Yayasan Pulih", Role::Admin).await;
    let case = VictimCase {
        person: Person {
            first_name: Some("Rizky".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let c = s.create_victim_case(&worker, case).await.unwrap();
    let ticks = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();

    // The scam-compound worker of docs/victims.md: presumed; the case starts as possible.
    let presumed = ticks(&[
        "DR_DeceivedNatureOfJob",
        "DR_DeceivedWages",
        "EX_ExcessiveHours",
        "EX_LowOrNoSalary",
        "CD_ConfiscationOfDocuments",
        "CD_ViolenceOnVictims",
    ]);
    let stored = s
        .identify_victim_case(
            &worker,
            c.id,
            Some(c.version),
            Profile::AdultLabour,
            presumed.clone(),
            None,
        )
        .await;
    let stored = match stored {
        Ok(s) => s,
        // The codes above must be the model's; say which one is not.
        Err(Error::Invalid(e)) => panic!("{e:?}"),
        Err(e) => panic!("{e}"),
    };
    let form = stored.workflow.identification.clone().unwrap();
    assert_eq!(form.suggestion, Suggestion::Presumed);
    assert_eq!(form.decided_by, None);
    assert_eq!(
        stored.case.victim.trafficking_status.as_deref(),
        Some("PossibleVictimOfTrafficking")
    );
    assert_eq!(stored.version, c.version + 1);

    // A decision records who took it and sets the HTCDS status and organisation.
    let decided = s
        .identify_victim_case(
            &worker,
            c.id,
            None,
            Profile::AdultLabour,
            presumed,
            Some(IdentificationDecision {
                status: "ActualVictimOfTrafficking".into(),
                organisation: "Police".into(),
            }),
        )
        .await
        .unwrap();
    let form = decided.workflow.identification.unwrap();
    assert_eq!(form.decided_by.as_deref(), Some(worker.actor.as_str()));
    assert_eq!(
        decided.case.victim.trafficking_status.as_deref(),
        Some("ActualVictimOfTrafficking")
    );
    assert_eq!(
        decided.case.victim.decision_making_org.as_deref(),
        Some("Police")
    );

    // Bad input names its field; a stale version and another role are refused.
    match s
        .identify_victim_case(
            &worker,
            c.id,
            None,
            Profile::AdultLabour,
            ticks(&["XX_Nothing"]),
            None,
        )
        .await
    {
        Err(Error::Invalid(e)) => assert!(e[0].field.contains("indicators"), "{e:?}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        s.identify_victim_case(&worker, c.id, Some(1), Profile::AdultLabour, vec![], None)
            .await,
        Err(Error::VersionConflict { .. })
    ));
    assert!(matches!(
        s.identify_victim_case(&admin, c.id, None, Profile::AdultLabour, vec![], None)
            .await,
        Err(Error::Forbidden(_))
    ));
    let events = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("victim.identify".into()),
                record_id: Some(c.id.to_string()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
}
