//! Work-plan activities on the versioned-record core, on both backends: create, read, list by
//! year, update with versions, delete; roles, tenancy, validation naming the field, audit.

use lintas_model::Role;
use lintas_model::workplan::Activity;
use lintas_store::Error;

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::principal;

on_both_backends! {
    activities_round_trip_and_are_audited => activities_round_trip_and_are_audited;
    activities_follow_roles_and_sharing => activities_follow_roles_and_sharing;
}

fn activity(title: &str, starts: &str, sharing: &str) -> Activity {
    serde_json::from_value(serde_json::json!({
        "title": title, "kind": "training",
        "starts_on": starts, "ends_on": starts,
        "members": ["IDN", "MYS"],
        "participants": [{"member": "IDN", "agency": "POLRI", "female": 7, "male": 8}],
        "outputs": ["Curriculum"],
        "targets": [{"indicator": "officers trained", "target": 30, "achieved": 15}],
        "sharing": {"level": sharing}
    }))
    .unwrap()
}

async fn activities_round_trip_and_are_audited(t: TestStore) {
    let s = &t.store;
    let rso = principal(s, "RSO", "Regional Support Office", Role::RegionalAnalyst).await;
    let a = s
        .create_activity(
            &rso,
            activity("Victim identification", "2025-05-06", "regional"),
        )
        .await
        .unwrap();
    assert_eq!((a.version, a.owner.as_str()), (1, "RSO"));
    assert_eq!(a.activity.totals().female, 7);
    s.create_activity(&rso, activity("Forum", "2026-02-01", "regional"))
        .await
        .unwrap();
    let all = s.list_activities(&rso, None, None, None).await.unwrap();
    let titles: Vec<_> = all
        .items
        .iter()
        .map(|x| x.activity.title.as_str())
        .collect();
    assert_eq!(titles, ["Forum", "Victim identification"]);
    let y2025 = s
        .list_activities(&rso, Some(2025), None, None)
        .await
        .unwrap();
    assert_eq!(y2025.items.len(), 1);
    let page = s.list_activities(&rso, None, Some(1), None).await.unwrap();
    let next = s
        .list_activities(&rso, None, Some(1), page.next_cursor.as_deref())
        .await
        .unwrap();
    assert_eq!(next.items[0].id, a.id);

    let mut changed = a.activity.clone();
    changed.targets[0].achieved = Some(30);
    let b = s
        .update_activity(&rso, a.id, 1, changed.clone())
        .await
        .unwrap();
    assert_eq!(b.version, 2);
    assert_eq!(b.activity.targets[0].achieved, Some(30));
    assert!(matches!(
        s.update_activity(&rso, a.id, 1, changed).await,
        Err(Error::VersionConflict { current: 2 })
    ));
    let mut bad = b.activity.clone();
    bad.kind = "party".into();
    match s.update_activity(&rso, a.id, 2, bad).await {
        Err(Error::Invalid(e)) => assert_eq!(e[0].field, "kind"),
        other => panic!("{other:?}"),
    }
    s.delete_activity(&rso, a.id, Some(2)).await.unwrap();
    assert!(matches!(
        s.get_activity(&rso, a.id).await,
        Err(Error::NotFound)
    ));
    for action in ["activity.create", "activity.update", "activity.delete"] {
        let n: i64 = t
            .raw_text(&format!(
                "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_events WHERE action = '{action}' AND record_id = '{}'",
                a.id
            ))
            .await
            .parse()
            .unwrap();
        assert_eq!(n, 1, "{action}");
    }
}

async fn activities_follow_roles_and_sharing(t: TestStore) {
    let s = &t.store;
    let rso = principal(s, "RSO", "Regional Support Office", Role::RegionalAnalyst).await;
    let shared = s
        .create_activity(&rso, activity("Shared", "2026-01-10", "regional"))
        .await
        .unwrap();
    let own = s
        .create_activity(&rso, activity("Internal", "2026-01-11", "national"))
        .await
        .unwrap();
    // A member's viewer reads the regional one only.
    let viewer = principal(s, "IDN", "POLRI", Role::Viewer).await;
    assert_eq!(
        s.get_activity(&viewer, shared.id).await.unwrap().id,
        shared.id
    );
    assert!(matches!(
        s.get_activity(&viewer, own.id).await,
        Err(Error::NotFound)
    ));
    let seen = s.list_activities(&viewer, None, None, None).await.unwrap();
    assert_eq!(seen.items.len(), 1);
    // Recording needs a regional analyst or admin; changing, the owning agency.
    assert!(matches!(
        s.create_activity(&viewer, activity("x", "2026-01-01", "regional"))
            .await,
        Err(Error::Forbidden(_))
    ));
    let officer = principal(s, "IDN", "POLRI", Role::Officer).await;
    assert!(matches!(
        s.create_activity(&officer, activity("x", "2026-01-01", "regional"))
            .await,
        Err(Error::Forbidden(_))
    ));
    let idn_admin = principal(s, "IDN", "POLRI", Role::Admin).await;
    assert!(matches!(
        s.update_activity(&idn_admin, shared.id, 1, shared.activity.clone())
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.delete_activity(&idn_admin, own.id, None).await,
        Err(Error::NotFound)
    ));
    // Validation names the field.
    let mut bad = activity("", "2026-01-01", "regional");
    bad.members.push("XXX".into());
    match s.create_activity(&rso, bad).await {
        Err(Error::Invalid(e)) => {
            let fields: Vec<_> = e.iter().map(|x| x.field.as_str()).collect();
            assert_eq!(fields, ["title", "members[2]"]);
        }
        other => panic!("{other:?}"),
    }
}
