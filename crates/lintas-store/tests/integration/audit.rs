//! The audit log as stored: every change and person read recorded, and every kind of tampering
//! found by verification — on SQLite and PostgreSQL alike.

use crate::common;
use crate::on_both_backends;

use common::TestStore;
use lintas_model::{Incident, Role};
use lintas_store::{AuditError, AuditFilter, Principal, Store};

on_both_backends! {
    changes_and_person_reads_are_recorded => changes_and_person_reads_are_recorded;
    an_untouched_log_verifies => an_untouched_log_verifies;
    a_changed_byte_is_found => a_changed_byte_is_found;
    a_deleted_event_is_found => a_deleted_event_is_found;
    reordered_events_are_found => reordered_events_are_found;
    a_truncated_tail_is_found => a_truncated_tail_is_found;
    a_restored_older_copy_is_found => a_restored_older_copy_is_found;
    rewritten_and_rehashed_events_are_found => rewritten_and_rehashed_events_are_found;
    auditors_see_only_their_members_events => auditors_see_only_their_members_events;
    an_altered_filter_column_is_found => an_altered_filter_column_is_found;
    an_altered_head_size_is_found => an_altered_head_size_is_found;
}

async fn principal(store: &Store, member: &str, role: Role) -> Principal {
    let agency = store
        .ensure_agency(member, "Audit test agency")
        .await
        .unwrap();
    let key = store.create_api_key(&agency, role, "test").await.unwrap();
    store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap()
}

fn incident(with_person: bool) -> Incident {
    let persons = if with_person {
        serde_json::json!([{"family_name": "Rahimi", "given_names": "Abdul Wahid", "role": "organiser"}])
    } else {
        serde_json::json!([])
    };
    serde_json::from_value(serde_json::json!({
        "kind": "smuggling",
        "occurred_on": "2026-03-04",
        "place": {"country": "IDN"},
        "persons": persons,
        "narrative": "Boat intercepted",
        "sharing": {"level": "national"}
    }))
    .unwrap()
}

/// Makes `n` audited changes and signs a checkpoint; returns the officer.
async fn activity(store: &Store, n: usize) -> Principal {
    let officer = principal(store, "IDN", Role::Officer).await;
    for _ in 0..n {
        store
            .create_incident(&officer, incident(false))
            .await
            .unwrap();
    }
    store.sign_checkpoint().await.unwrap();
    officer
}

async fn verify(store: &Store, exported: Option<&str>) -> Result<u64, AuditError> {
    store
        .verify_audit(None, exported)
        .await
        .unwrap()
        .map(|log| log.size)
}

async fn changes_and_person_reads_are_recorded(t: TestStore) {
    let s = &t.store;
    let officer = principal(s, "IDN", Role::Officer).await;
    let with = s.create_incident(&officer, incident(true)).await.unwrap();
    let without = s.create_incident(&officer, incident(false)).await.unwrap();
    s.read_incident_audited(&officer, with.id).await.unwrap();
    s.read_incident_audited(&officer, without.id).await.unwrap();
    s.update_incident(&officer, without.id, without.version, incident(false))
        .await
        .unwrap();
    s.delete_incident(&officer, without.id, None).await.unwrap();
    let admin = principal(s, "IDN", Role::Admin).await;
    let events = s
        .audit_events(&admin, &AuditFilter::default(), 100)
        .await
        .unwrap();
    let actions: Vec<(&str, Option<&str>)> = events
        .iter()
        .rev()
        .map(|e| (e.action.as_str(), e.record_id.as_deref()))
        .collect();
    let (w, wo) = (with.id.to_string(), without.id.to_string());
    assert_eq!(
        actions,
        [
            ("incident.create", Some(w.as_str())),
            ("incident.create", Some(wo.as_str())),
            // Only the incident with a person in it counts as a person read.
            ("incident.read", Some(w.as_str())),
            ("incident.update", Some(wo.as_str())),
            ("incident.delete", Some(wo.as_str())),
        ]
    );
    let e = &events[0];
    assert_eq!(e.actor, officer.actor);
    assert_eq!(e.member.as_deref(), Some("IDN"));
    assert_eq!(e.outcome, "success");
    assert_eq!(e.time, "2026-11-01T09:00:00Z");
    // Sequence numbers are contiguous from 0 across the whole log.
    assert_eq!(verify(s, None).await.unwrap(), events[0].seq + 1);
}

async fn an_untouched_log_verifies(t: TestStore) {
    activity(&t.store, 5).await;
    let exported = t.store.latest_checkpoint().await.unwrap().unwrap();
    activity(&t.store, 3).await;
    let log = t
        .store
        .verify_audit(None, Some(&exported))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(log.size, 8);
    assert!(log.consistency.is_some());
    assert_eq!(log.unsigned_events, 0);
}

async fn a_changed_byte_is_found(t: TestStore) {
    activity(&t.store, 5).await;
    // Flip one byte of event 2's bytes and nothing else.
    let flip = if t.url.starts_with("sqlite") {
        "UPDATE audit_events SET event = CAST(replace(CAST(event AS TEXT), 'apikey:', 'apikeY:') AS BLOB) WHERE seq = 2"
    } else {
        "UPDATE audit_events SET event = set_byte(event, 30, get_byte(event, 30) # 1) WHERE seq = 2"
    };
    t.raw(flip).await;
    let err = verify(&t.store, None).await.unwrap_err();
    assert!(matches!(err, AuditError::LeafHashMismatch { .. }), "{err}");
    assert_eq!(err.first_bad_index(), Some(2));
}

async fn a_deleted_event_is_found(t: TestStore) {
    activity(&t.store, 5).await;
    t.raw("DELETE FROM audit_events WHERE seq = 3").await;
    let err = verify(&t.store, None).await.unwrap_err();
    assert!(err.is_tamper_evidence(), "{err}");
    assert_eq!(err.first_bad_index(), Some(3));
}

async fn reordered_events_are_found(t: TestStore) {
    activity(&t.store, 5).await;
    // Swap the stored rows (bytes and hashes) of events 1 and 2.
    t.raw("UPDATE audit_events SET seq = -1 WHERE seq = 1")
        .await;
    t.raw("UPDATE audit_events SET seq = 1 WHERE seq = 2").await;
    t.raw("UPDATE audit_events SET seq = 2 WHERE seq = -1")
        .await;
    let err = verify(&t.store, None).await.unwrap_err();
    assert!(err.is_tamper_evidence(), "{err}");
    assert_eq!(err.first_bad_index(), Some(1));
}

async fn a_truncated_tail_is_found(t: TestStore) {
    activity(&t.store, 5).await;
    t.raw("DELETE FROM audit_events WHERE seq >= 4").await;
    let err = verify(&t.store, None).await.unwrap_err();
    assert!(matches!(err, AuditError::Truncated { .. }), "{err}");
}

async fn a_restored_older_copy_is_found(t: TestStore) {
    activity(&t.store, 3).await;
    // The "backup": a copy of the audit tables as they are now.
    for table in ["audit_events", "audit_state", "audit_checkpoints"] {
        t.raw(&format!(
            "CREATE TABLE backup_{table} AS SELECT * FROM {table}"
        ))
        .await;
    }
    activity(&t.store, 4).await;
    let exported = t.store.latest_checkpoint().await.unwrap().unwrap();
    // Restore the backup, as someone hiding the last four changes would.
    for table in ["audit_events", "audit_state", "audit_checkpoints"] {
        t.raw(&format!("DELETE FROM {table}")).await;
        t.raw(&format!("INSERT INTO {table} SELECT * FROM backup_{table}"))
            .await;
    }
    // On its own the older copy is a consistent log…
    assert!(verify(&t.store, None).await.is_ok());
    // …but not against the checkpoint exported after the hidden changes.
    let err = verify(&t.store, Some(&exported)).await.unwrap_err();
    assert!(matches!(err, AuditError::Rollback { .. }), "{err}");
}

async fn rewritten_and_rehashed_events_are_found(t: TestStore) {
    activity(&t.store, 4).await;
    // A forger without the signing key rewrites event 1 and stores a matching leaf hash, so
    // the row is self-consistent; only the signed root can tell.
    let rows = t.store.audit_rows(1, 1).await.unwrap();
    let mut event = lintas_audit::AuditEvent::decode(&rows[0].event).unwrap();
    event.action = "incident.read".into();
    let bytes = event.encode().unwrap();
    let leaf = lintas_audit::leaf_hash(&bytes);
    let blob = |b: &[u8]| {
        if t.url.starts_with("sqlite") {
            format!("X'{}'", hex::encode(b))
        } else {
            format!("'\\x{}'::bytea", hex::encode(b))
        }
    };
    // The forger keeps the filter columns in step with the rewritten event.
    t.raw(&format!(
        "UPDATE audit_events SET event = {}, leaf_hash = {}, action = 'incident.read' WHERE seq = 1",
        blob(&bytes),
        blob(leaf.as_bytes())
    ))
    .await;
    let err = verify(&t.store, None).await.unwrap_err();
    assert!(matches!(err, AuditError::RootMismatch { .. }), "{err}");
}

async fn auditors_see_only_their_members_events(t: TestStore) {
    let s = &t.store;
    activity(s, 2).await;
    let tha_officer = principal(s, "THA", Role::Officer).await;
    s.create_incident(&tha_officer, incident(false))
        .await
        .unwrap();
    let idn_auditor = principal(s, "IDN", Role::Auditor).await;
    let events = s
        .audit_events(&idn_auditor, &AuditFilter::default(), 100)
        .await
        .unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e.member.as_deref() == Some("IDN")));
    let filtered = s
        .audit_events(
            &idn_auditor,
            &AuditFilter {
                action: Some("incident.create".into()),
                ..Default::default()
            },
            100,
        )
        .await
        .unwrap();
    assert_eq!(filtered.len(), 2);
    let analyst = principal(s, "IDN", Role::Analyst).await;
    assert!(matches!(
        s.audit_events(&analyst, &AuditFilter::default(), 10).await,
        Err(lintas_store::Error::Forbidden(_))
    ));
}

async fn an_altered_filter_column_is_found(t: TestStore) {
    activity(&t.store, 3).await;
    // Each column the audit view filters by, changed in one row, as someone hiding an event
    // from its member's auditor (member), or pinning it on someone else (actor), would.
    for (column, value) in [
        ("member", "'THA'"),
        ("member", "NULL"),
        ("actor", "'key:someone-else'"),
        ("action", "'login'"),
        ("record_id", "'00000000-0000-0000-0000-000000000000'"),
        ("time", "'2020-01-01T00:00:00Z'"),
        ("outcome", "'denied'"),
    ] {
        let original: String = t
            .raw_text(&format!(
                "SELECT COALESCE({column}, '') AS v FROM audit_events WHERE seq = 2"
            ))
            .await;
        t.raw(&format!(
            "UPDATE audit_events SET {column} = {value} WHERE seq = 2"
        ))
        .await;
        let err = verify(&t.store, None).await.unwrap_err();
        assert!(
            matches!(err, AuditError::ColumnMismatch { index: 2, column: c } if c == column),
            "{column}: {err}"
        );
        assert!(err.is_tamper_evidence());
        let restore = if original.is_empty() {
            "NULL".to_string()
        } else {
            format!("'{original}'")
        };
        t.raw(&format!(
            "UPDATE audit_events SET {column} = {restore} WHERE seq = 2"
        ))
        .await;
        assert!(verify(&t.store, None).await.is_ok(), "{column} restored");
    }
}

async fn an_altered_head_size_is_found(t: TestStore) {
    activity(&t.store, 3).await;
    t.raw("UPDATE audit_state SET size = size + 1 WHERE id = 1")
        .await;
    let err = verify(&t.store, None).await.unwrap_err();
    assert!(matches!(err, AuditError::HeadMismatch { .. }), "{err}");
}
