//! The audit log grows with what people do, not with page sizes or floods: a list view is one
//! event naming what it showed, anonymous refused logins are counted per address and minute,
//! and the owner of a shared record sees who in other members used it.

use crate::common;
use crate::on_both_backends;

use common::TestStore;
use lintas_model::{Incident, Role};
use lintas_store::{AuditError, AuditFilter, IncidentFilter, Principal, Store};

on_both_backends! {
    a_list_view_is_one_event_naming_what_it_showed => a_list_view_is_one_event_naming_what_it_showed;
    altered_listed_ids_are_found => altered_listed_ids_are_found;
    the_owner_sees_who_elsewhere_used_its_records => the_owner_sees_who_elsewhere_used_its_records;
    anonymous_refusals_are_counted_per_address_and_minute => anonymous_refusals_are_counted_per_address_and_minute;
}

async fn principal(store: &Store, member: &str, role: Role) -> Principal {
    let agency = store
        .ensure_agency(member, &format!("{member} volume agency"))
        .await
        .unwrap();
    let key = store.create_api_key(&agency, role, "test").await.unwrap();
    store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap()
}

fn incident(with_person: bool, sharing: &str) -> Incident {
    let persons = if with_person {
        serde_json::json!([{"family_name": "Karimi", "given_names": "Reza", "role": "organiser"}])
    } else {
        serde_json::json!([])
    };
    serde_json::from_value(serde_json::json!({
        "kind": "smuggling",
        "occurred_on": "2026-03-04",
        "place": {"country": "IDN"},
        "persons": persons,
        "narrative": "Boat intercepted off Rote",
        "sharing": {"level": sharing}
    }))
    .unwrap()
}

async fn a_list_view_is_one_event_naming_what_it_showed(t: TestStore) {
    let s = &t.store;
    let officer = principal(s, "IDN", Role::Officer).await;
    let mut with = Vec::new();
    for _ in 0..3 {
        with.push(
            s.create_incident(&officer, incident(true, "national"))
                .await
                .unwrap()
                .id
                .to_string(),
        );
    }
    s.create_incident(&officer, incident(false, "national"))
        .await
        .unwrap();
    let before = s.audit_rows(0, 10_000).await.unwrap().len();
    let page = s
        .list_incidents_audited(&officer, &IncidentFilter::default(), None, Some(50))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 4);
    let rows = s.audit_rows(0, 10_000).await.unwrap();
    assert_eq!(rows.len(), before + 1, "one event for one list view");
    let auditor = principal(s, "IDN", Role::Auditor).await;
    let listed = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("incident.list".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let mut shown = listed[0].records.clone();
    shown.sort();
    with.sort();
    // Only the person-bearing incidents are person reads.
    assert_eq!(shown, with);
    // "Who saw this record" finds the list view as well as the creation.
    let on_one = s
        .audit_events(
            &auditor,
            &AuditFilter {
                record_id: Some(with[1].clone()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    let actions: Vec<&str> = on_one.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["incident.list", "incident.create"]);
    s.sign_checkpoint().await.unwrap();
    assert!(s.verify_audit(None, None).await.unwrap().is_ok());
}

async fn altered_listed_ids_are_found(t: TestStore) {
    let s = &t.store;
    let officer = principal(s, "IDN", Role::Officer).await;
    for _ in 0..2 {
        s.create_incident(&officer, incident(true, "national"))
            .await
            .unwrap();
    }
    s.list_incidents_audited(&officer, &IncidentFilter::default(), None, None)
        .await
        .unwrap();
    s.sign_checkpoint().await.unwrap();
    assert!(s.verify_audit(None, None).await.unwrap().is_ok());
    let seq = t
        .raw_text("SELECT CAST(MAX(seq) AS TEXT) AS v FROM audit_records")
        .await;
    // Hiding that someone saw a record…
    t.raw(&format!(
        "DELETE FROM audit_records WHERE seq = {seq} AND record_id = (SELECT MIN(record_id) FROM audit_records WHERE seq = {seq})"
    ))
    .await;
    let err = s.verify_audit(None, None).await.unwrap().unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::ColumnMismatch {
                column: "records",
                ..
            }
        ),
        "{err}"
    );
    // …or inventing that someone did.
    t.raw(&format!(
        "INSERT INTO audit_records (record_id, seq) SELECT record_id, {seq} + 1000 FROM audit_records WHERE seq = {seq}"
    ))
    .await;
    t.raw(&format!(
        "INSERT INTO audit_records (record_id, seq) VALUES ('0190e000-0000-7000-8000-000000000000', {seq})"
    ))
    .await;
    let err = s.verify_audit(None, None).await.unwrap().unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::ColumnMismatch {
                column: "records",
                ..
            }
        ),
        "{err}"
    );
}

async fn the_owner_sees_who_elsewhere_used_its_records(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", Role::Officer).await;
    let shared = s
        .create_incident(&idn, incident(true, "regional"))
        .await
        .unwrap();
    let tha = principal(s, "THA", Role::Officer).await;
    let own_tha = s
        .create_incident(&tha, incident(true, "national"))
        .await
        .unwrap();
    s.read_incident_audited(&tha, shared.id).await.unwrap();
    s.list_incidents_audited(&tha, &IncidentFilter::default(), None, None)
        .await
        .unwrap();
    let idn_auditor = principal(s, "IDN", Role::Auditor).await;
    let theirs = s
        .audit_events(
            &idn_auditor,
            &AuditFilter {
                others_on_ours: true,
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    let seen: Vec<(&str, Option<&str>)> = theirs
        .iter()
        .map(|e| (e.action.as_str(), e.member.as_deref()))
        .collect();
    // THA's read and its list view that showed the IDN record; not THA's own creation.
    assert_eq!(
        seen,
        [
            ("incident.list", Some("THA")),
            ("incident.read", Some("THA"))
        ]
    );
    // The same through the record filter, beside IDN's own creation.
    let on_record = s
        .audit_events(
            &idn_auditor,
            &AuditFilter {
                record_id: Some(shared.id.to_string()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    assert_eq!(on_record.len(), 3);
    // A record IDN does not own shows IDN only its own events on it: none.
    let not_ours = s
        .audit_events(
            &idn_auditor,
            &AuditFilter {
                record_id: Some(own_tha.id.to_string()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    assert!(not_ours.is_empty());
    let tha_auditor = principal(s, "THA", Role::Auditor).await;
    let tha_view = s
        .audit_events(
            &tha_auditor,
            &AuditFilter {
                record_id: Some(shared.id.to_string()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    assert!(tha_view.iter().all(|e| e.member.as_deref() == Some("THA")));
    assert_eq!(tha_view.len(), 2);
}

async fn anonymous_refusals_are_counted_per_address_and_minute(t: TestStore) {
    let s = &t.store;
    let before = s.audit_rows(0, 10_000).await.unwrap().len();
    for _ in 0..40 {
        assert!(
            s.login("no.such.user", "guess", None, Some("203.0.113.7"))
                .await
                .unwrap()
                .is_none()
        );
    }
    for _ in 0..3 {
        s.record_login_refusal(Some("198.51.100.2")).await.unwrap();
    }
    // Nothing is written while the minute lasts…
    assert_eq!(s.flush_login_refusals(false).await.unwrap(), 0);
    assert_eq!(s.audit_rows(0, 10_000).await.unwrap().len(), before);
    t.clock.advance(chrono::Duration::seconds(61));
    s.record_login_refusal(Some("203.0.113.7")).await.unwrap();
    // …then one event per address for the minute that ended; the new minute waits.
    assert_eq!(s.flush_login_refusals(false).await.unwrap(), 2);
    let rows = s.audit_rows(before as u64, 10_000).await.unwrap();
    let mut counted: Vec<(String, Option<u64>)> = rows
        .iter()
        .map(|r| {
            let e = lintas_audit::AuditEvent::decode(&r.event).unwrap();
            assert_eq!(e.action, "login.refusals");
            assert_eq!(e.member_state, None);
            (e.record_id.unwrap(), e.count)
        })
        .collect();
    counted.sort();
    assert_eq!(
        counted,
        [
            ("2026-11-01T09:00Z 198.51.100.2".to_string(), Some(3)),
            ("2026-11-01T09:00Z 203.0.113.7".to_string(), Some(40)),
        ]
    );
    // At shutdown the open minute is written too, and nothing twice.
    assert_eq!(s.flush_login_refusals(true).await.unwrap(), 1);
    assert_eq!(s.flush_login_refusals(true).await.unwrap(), 0);
    s.sign_checkpoint().await.unwrap();
    assert!(s.verify_audit(None, None).await.unwrap().is_ok());
}
