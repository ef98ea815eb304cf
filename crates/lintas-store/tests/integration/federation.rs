//! Federation's storage side: the outbox written with each shared change, copies applied
//! idempotently by (owner, id, version), tombstones, on SQLite and PostgreSQL alike.

use crate::common::{self, TestStore};
use crate::on_both_backends;
use crate::store::incident;

use chrono::NaiveDate;
use lintas_model::registry::RegistryEntry;
use lintas_model::{Role, Sharing};
use lintas_store::{Applied, Principal, Store};

on_both_backends! {
    shared_changes_write_the_outbox_in_their_transaction => shared_changes_write_the_outbox_in_their_transaction;
    copies_apply_once_and_tombstones_delete_them => copies_apply_once_and_tombstones_delete_them;
}

async fn principal(store: &Store, member: &str, agency: &str, role: Role) -> Principal {
    let agency = store.ensure_agency(member, agency).await.unwrap();
    let key = store.create_api_key(&agency, role, "test").await.unwrap();
    store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap()
}

fn passport(number: &str, level: &str, states: &[&str]) -> RegistryEntry {
    RegistryEntry {
        issuing_state: "THA".into(),
        document_number: number.into(),
        status: "stolen".into(),
        reported_on: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        document_code: Some("P".into()),
        external_ref: None,
        note: None,
        sharing: Sharing {
            level: level.into(),
            states: states.iter().map(|s| s.to_string()).collect(),
        },
    }
}

/// Another empty store on the same backend as `t` (the receiving node).
async fn peer(t: &TestStore) -> TestStore {
    if t.schema.is_some() {
        common::postgres().await.unwrap()
    } else {
        common::sqlite().await
    }
}

async fn shared_changes_write_the_outbox_in_their_transaction(t: TestStore) {
    let s = &t.store;
    let tha = principal(s, "THA", "Immigration Bureau", Role::Officer).await;
    s.register_document(&tha, passport("AA1111111", "national", &[]))
        .await
        .unwrap();
    s.register_document(&tha, passport("AA2222222", "regional", &[]))
        .await
        .unwrap();
    s.register_document(&tha, passport("AA3333333", "bilateral", &["IDN"]))
        .await
        .unwrap();
    let national = s
        .create_incident(&tha, incident("smuggling", "2025-01", "national", &[]))
        .await
        .unwrap();
    let shared = s
        .create_incident(&tha, incident("smuggling", "2025-02", "aggregate", &[]))
        .await
        .unwrap();
    let pending = s.outbox_pending("THA", 100).await.unwrap();
    let kinds: Vec<(&str, &str)> = pending
        .iter()
        .map(|e| (e.record_type.as_str(), e.sharing.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("registry_document", "regional"),
            ("registry_document", "bilateral"),
            ("incident", "aggregate"),
        ],
        "national records never enter the outbox"
    );
    assert_eq!(pending[1].shared_with, ["IDN"]);
    assert!(pending.iter().all(|e| e.prev_sharing == "national"));

    // A national record that stays national writes nothing; lowering a shared one writes the
    // row the relay turns into tombstones, with the audience it had before.
    s.update_incident(
        &tha,
        national.id,
        1,
        incident("smuggling", "2025-01", "national", &[]),
    )
    .await
    .unwrap();
    s.update_incident(
        &tha,
        shared.id,
        1,
        incident("smuggling", "2025-02", "national", &[]),
    )
    .await
    .unwrap();
    s.delete_incident(&tha, shared.id, Some(2)).await.unwrap();
    let pending = s.outbox_pending("THA", 100).await.unwrap();
    assert_eq!(pending.len(), 5);
    let lowered = &pending[3];
    assert_eq!(
        (
            lowered.sharing.as_str(),
            lowered.prev_sharing.as_str(),
            lowered.version
        ),
        ("national", "aggregate", 2)
    );
    let deleted = &pending[4];
    assert!(deleted.deleted);
    assert_eq!(deleted.version, 3);
    assert_eq!(s.outbox_backlog("THA").await.unwrap(), 5);
    s.outbox_published(&[pending[0].seq, pending[1].seq])
        .await
        .unwrap();
    assert_eq!(s.outbox_backlog("THA").await.unwrap(), 3);
    assert_eq!(s.outbox_pending("IDN", 100).await.unwrap(), []);
}

async fn copies_apply_once_and_tombstones_delete_them(t: TestStore) {
    let tha_node = &t.store;
    let other = peer(&t).await;
    let idn_node = &other.store;
    let tha = principal(tha_node, "THA", "Immigration Bureau", Role::Officer).await;
    let idn = principal(idn_node, "IDN", "Imigrasi", Role::Officer).await;
    let (entry, _) = tha_node
        .register_document(&tha, passport("AB1234567", "regional", &[]))
        .await
        .unwrap();
    let copy = tha_node
        .record_copy("registry_document", &entry.id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((copy.owner.as_str(), copy.version), ("THA", 1));
    assert_eq!(copy.agency, "Immigration Bureau");
    // The wire form round-trips (what the envelope carries).
    let wire: lintas_store::RecordCopy =
        serde_json::from_str(&serde_json::to_string(&copy).unwrap()).unwrap();
    assert_eq!(wire, copy);

    assert_eq!(
        idn_node.apply_copy(&wire, "H0").await.unwrap(),
        Applied::Stored
    );
    assert_eq!(
        idn_node.apply_copy(&wire, "H0").await.unwrap(),
        Applied::Ignored
    );
    // An IDN officer's check finds the passport Thailand reported stolen, with its owner.
    let hits = idn_node
        .lookup_document(&idn, "THA", "AB1234567")
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].id, hits[0].version, hits[0].owner.as_str()),
        (entry.id, 1, "THA")
    );
    assert_eq!(hits[0].agency, "Immigration Bureau");
    assert_eq!(hits[0].entry.status, "stolen");
    // A copy is not the receiver's to change.
    assert!(
        idn_node
            .register_document(&idn, passport("AB1234567", "national", &[]))
            .await
            .is_ok()
    );
    assert_eq!(
        idn_node
            .lookup_document(&idn, "THA", "AB1234567")
            .await
            .unwrap()
            .len(),
        2,
        "the IDN report is its own entry; Thailand's copy is untouched"
    );

    // Version 2 replaces the copy; version 1 arriving late is ignored.
    let (v2, _) = tha_node
        .register_document(&tha, {
            let mut e = passport("AB1234567", "regional", &[]);
            e.status = "lost".into();
            e
        })
        .await
        .unwrap();
    let copy2 = tha_node
        .record_copy("registry_document", &v2.id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        idn_node.apply_copy(&copy2, "H2").await.unwrap(),
        Applied::Stored
    );
    assert_eq!(
        idn_node.apply_copy(&copy, "H0").await.unwrap(),
        Applied::Ignored
    );
    let hits = idn_node
        .lookup_document(&idn, "THA", "AB1234567")
        .await
        .unwrap();
    let theirs = hits.iter().find(|h| h.owner == "THA").unwrap();
    assert_eq!((theirs.version, theirs.entry.status.as_str()), (2, "lost"));

    // A tombstone for version 3 deletes the copy; stale copies cannot bring it back.
    let id = v2.id.to_string();
    assert_eq!(
        idn_node
            .apply_tombstone("registry_document", &id, "THA", 3)
            .await
            .unwrap(),
        Applied::Deleted
    );
    assert_eq!(
        idn_node.apply_copy(&copy2, "H0").await.unwrap(),
        Applied::Ignored
    );
    assert!(
        idn_node
            .lookup_document(&idn, "THA", "AB1234567")
            .await
            .unwrap()
            .iter()
            .all(|h| h.owner == "IDN")
    );
    // Another owner cannot overwrite the record under the same id.
    let mut forged = copy2.clone();
    forged.owner = "MYS".into();
    forged.version = 9;
    assert_eq!(
        idn_node.apply_copy(&forged, "H0").await.unwrap(),
        Applied::Ignored
    );
    let counts = idn_node.copy_counts().await.unwrap();
    assert_eq!(counts.tombstones, 1);
    assert!(counts.by_level.is_empty());

    // Incidents travel the same way (the core's generic copy), and keep their content.
    let inc = tha_node
        .create_incident(&tha, incident("smuggling", "2025-03", "regional", &[]))
        .await
        .unwrap();
    let copy = tha_node
        .record_copy("incident", &inc.id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        idn_node.apply_copy(&copy, "H0").await.unwrap(),
        Applied::Stored
    );
    let seen = idn_node.read_incident_audited(&idn, inc.id).await.unwrap();
    assert_eq!((seen.owner.as_str(), seen.version), ("THA", 1));
    assert_eq!(seen.incident.narrative, inc.incident.narrative);
    assert_eq!(
        idn_node.copy_counts().await.unwrap().by_level["regional"],
        1
    );
}
