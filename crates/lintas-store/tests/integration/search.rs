//! Search terms (names' sound keys, identifiers, references), list totals and order, and
//! victims masked outside the owning agency with an audited reveal — on both backends.

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::{incident, principal};
use lintas_model::{Identifier, PartialDate, Person, Role};
use lintas_store::{AuditFilter, IncidentFilter, reference_term};

on_both_backends! {
    names_phones_and_references_find_incidents => names_phones_and_references_find_incidents;
    totals_and_oldest_first => totals_and_oldest_first;
    victims_are_masked_outside_the_owning_agency => victims_are_masked_outside_the_owning_agency;
}

fn with_broker(family: &str, phone: &str, reference: &str) -> lintas_model::Incident {
    let mut i = incident("smuggling", "2025-05-02", "regional", &[]);
    i.persons.push(Person {
        family_name: family.into(),
        given_names: "Mohammad Nabi".into(),
        nationality: Some("AFG".into()),
        role: "organiser".into(),
        ..Default::default()
    });
    i.identifiers.push(Identifier {
        kind: "phone".into(),
        value: phone.into(),
        issuer: None,
        person: Some(1),
    });
    i.external_ref = Some(reference.into());
    i
}

async fn names_phones_and_references_find_incidents(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Officer).await;
    let tha = principal(s, "THA", "RTP", Role::Officer).await;
    let a = s
        .create_incident(
            &idn,
            with_broker("Karimi", "+93 812 555 0101", "POLRI/2025/7"),
        )
        .await
        .unwrap();
    let b = s
        .create_incident(
            &idn,
            with_broker("Kareemi", "0093-812-555-0101", "POLRI/2025/8"),
        )
        .await
        .unwrap();
    let mut hidden = with_broker("Karimi", "+93 812 555 0101", "POLRI/2025/9");
    hidden.sharing.level = "national".into();
    s.create_incident(&idn, hidden).await.unwrap();
    let keys = lintas_names::search_keys::query_sound_keys("كريمي");
    let groups: Vec<Vec<String>> = keys.iter().map(|k| vec![format!("n:{k}")]).collect();
    let mut found: Vec<_> = s
        .incidents_with_terms_unaudited(&tha, &groups, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    found.sort();
    // The national one stays invisible to Thailand.
    assert_eq!(found, vec![a.id, b.id]);
    let by_phone = s
        .incidents_with_terms_unaudited(&tha, &[vec!["i:phone:+938125550101".into()]], 10)
        .await
        .unwrap();
    assert_eq!(by_phone.len(), 2);
    let by_ref = s
        .incidents_with_terms_unaudited(&tha, &[vec![reference_term(" polri/2025/8 ")]], 10)
        .await
        .unwrap();
    assert_eq!(by_ref.iter().map(|i| i.id).collect::<Vec<_>>(), vec![b.id]);
    let by_text = s
        .incidents_with_text_unaudited(&tha, "ROTE island", 10)
        .await
        .unwrap();
    assert_eq!(by_text.len(), 2);
}

async fn totals_and_oldest_first(t: TestStore) {
    let s = &t.store;
    let p = principal(s, "IDN", "POLRI", Role::Officer).await;
    for date in ["2025-03-01", "2024-01-05", "2025-11-30", "2023-07-14"] {
        s.create_incident(&p, incident("smuggling", date, "national", &[]))
            .await
            .unwrap();
    }
    let oldest = IncidentFilter {
        oldest_first: true,
        ..Default::default()
    };
    assert_eq!(s.count_incidents(&p, &oldest).await.unwrap(), 4);
    let first = s
        .list_incidents_audited(&p, &oldest, None, Some(2))
        .await
        .unwrap();
    let dates: Vec<String> = first
        .items
        .iter()
        .map(|i| i.incident.occurred_on.to_string())
        .collect();
    assert_eq!(dates, vec!["2023-07-14", "2024-01-05"]);
    let second = s
        .list_incidents_audited(&p, &oldest, first.next_cursor.as_deref(), Some(2))
        .await
        .unwrap();
    let dates: Vec<String> = second
        .items
        .iter()
        .map(|i| i.incident.occurred_on.to_string())
        .collect();
    assert_eq!(dates, vec!["2025-03-01", "2025-11-30"]);
    let tha = principal(s, "THA", "RTP", Role::Officer).await;
    assert_eq!(
        s.count_incidents(&tha, &IncidentFilter::default())
            .await
            .unwrap(),
        0
    );
}

async fn victims_are_masked_outside_the_owning_agency(t: TestStore) {
    let s = &t.store;
    let owner = principal(s, "IDN", "POLRI", Role::Officer).await;
    let colleague = principal(s, "IDN", "POLRI", Role::Viewer).await;
    let other_agency = principal(s, "IDN", "IMIGRASI", Role::Viewer).await;
    let tha = principal(s, "THA", "RTP", Role::Officer).await;
    let auditor = principal(s, "IDN", "POLRI", Role::Auditor).await;
    let mut i = incident("trafficking", "2025-06-01", "regional", &[]);
    i.persons.push(Person {
        family_name: "Wulandari".into(),
        given_names: "Siti".into(),
        date_of_birth: PartialDate::parse("2003-02-11").ok(),
        sex: Some("F".into()),
        nationality: Some("IDN".into()),
        role: "victim".into(),
        ..Default::default()
    });
    i.identifiers.push(Identifier {
        kind: "travel_document".into(),
        value: "C7654321".into(),
        issuer: Some("IDN".into()),
        person: Some(1),
    });
    let stored = s.create_incident(&owner, i).await.unwrap();
    // The owner's agency sees the victim as entered.
    for p in [&owner, &colleague] {
        let read = s.read_incident_audited(p, stored.id).await.unwrap();
        assert_eq!(read.incident.persons[1].family_name, "Wulandari");
        assert!(read.incident.persons[1].masked.is_none());
    }
    // Everyone else, on a read, a list and a search alike, sees initials, age band, nationality.
    let list = s
        .list_incidents_audited(&tha, &IncidentFilter::default(), None, None)
        .await
        .unwrap()
        .items;
    let by_doc = s
        .incidents_with_terms_unaudited(&tha, &[vec!["i:travel_document:C7654321".into()]], 5)
        .await
        .unwrap();
    for (who, seen) in [
        (
            "THA read",
            s.read_incident_audited(&tha, stored.id).await.unwrap(),
        ),
        (
            "other agency",
            s.read_incident_audited(&other_agency, stored.id)
                .await
                .unwrap(),
        ),
        ("THA list", list[0].clone()),
        ("THA search", by_doc[0].clone()),
    ] {
        let json = serde_json::to_string(&seen).unwrap();
        assert!(
            !json.contains("Wulandari") && !json.contains("C7654321"),
            "{who}: {json}"
        );
        let v = &seen.incident.persons[1];
        let m = v
            .masked
            .as_ref()
            .unwrap_or_else(|| panic!("{who}: not masked"));
        assert_eq!(m.initials, "S. W.");
        assert_eq!(m.age_band.as_deref(), Some("18–24"));
        assert_eq!(v.nationality.as_deref(), Some("IDN"));
        // The non-victim is shown as before.
        assert_eq!(seen.incident.persons[0].given_names, "Budi");
    }
    // Revealing needs a reason, and is audited with it.
    assert!(matches!(
        s.reveal_incident_audited(&tha, stored.id, "because").await,
        Err(lintas_store::Error::Invalid(_))
    ));
    let revealed = s
        .reveal_incident_audited(&tha, stored.id, "Referral of a victim to our shelter")
        .await
        .unwrap();
    assert_eq!(revealed.incident.persons[1].family_name, "Wulandari");
    let events = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("incident.reveal".into()),
                others_on_ours: true,
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        events[0].record_id.as_deref(),
        Some(stored.id.to_string().as_str())
    );
    assert_eq!(
        t.raw_text("SELECT reason AS v FROM incident_reveals").await,
        "Referral of a victim to our shelter"
    );
}
