//! The search use case on a real store: a name in three spellings and scripts, a phone in
//! another format, a vessel, and a victim of another agency that is never found.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lintas_model::{Identifier, Incident, Person, Role};
use lintas_store::{Principal, Store};

async fn principal(store: &Store, member: &str, agency: &str, role: Role) -> Principal {
    let agency = store.ensure_agency(member, agency).await.unwrap();
    let key = store.create_api_key(&agency, role, "t").await.unwrap();
    store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap()
}

fn incident(persons: Vec<Person>, identifiers: Vec<Identifier>) -> Incident {
    let mut i: Incident = serde_json::from_value(serde_json::json!({
        "kind": "smuggling", "occurred_on": "2025-04-02", "place": {"country": "IDN"},
        "narrative": "Boat intercepted off Rote", "sharing": {"level": "regional"}
    }))
    .unwrap();
    i.persons = persons;
    i.identifiers = identifiers;
    i
}

fn person(family: &str, given: &str, role: &str) -> Person {
    Person {
        family_name: family.into(),
        given_names: given.into(),
        role: role.into(),
        ..Default::default()
    }
}

fn id(kind: &str, value: &str, person: Option<usize>) -> Identifier {
    Identifier {
        kind: kind.into(),
        value: value.into(),
        issuer: None,
        person,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_meet_across_spellings_and_scripts_victims_stay_hidden() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    let idn = principal(&store, "IDN", "POLRI", Role::Officer).await;
    let tha = principal(&store, "THA", "RTP", Role::Officer).await;
    for family in ["Karimi", "Kareemi", "كريمي"] {
        store
            .create_incident(
                &idn,
                incident(
                    vec![person(family, "Mohammad Nabi", "organiser")],
                    vec![id("phone", "+93 812 555 0101", Some(0))],
                ),
            )
            .await
            .unwrap();
    }
    store
        .create_incident(
            &idn,
            incident(
                vec![
                    person("Rahimi", "Abdul Wahid", "facilitator"),
                    person("Karimi", "Siti", "victim"),
                ],
                vec![
                    id("vessel_mmsi", "525 012 345", None),
                    id("travel_document", "C 765-4321", Some(1)),
                ],
            ),
        )
        .await
        .unwrap();

    for q in ["Kareemi", "karimi", "كريمي", "Mohammad Kareemi"] {
        let r = lintas_app::search::search(&store, &tha, q).await.unwrap();
        assert_eq!(r.persons.len(), 3, "{q}: {:?}", r.persons);
        assert!(r.persons.iter().all(|p| p.role == "organiser"), "{q}");
    }
    // The owner's agency finds its victim too; another member never does.
    let own = lintas_app::search::search(&store, &idn, "Karimi")
        .await
        .unwrap();
    assert_eq!(own.persons.len(), 4);

    let phone = lintas_app::search::search(&store, &tha, "0093 812 5550101")
        .await
        .unwrap();
    assert_eq!(phone.identifiers.len(), 3);
    assert!(phone.identifiers.iter().all(|h| h.person.is_some()));

    let vessel = lintas_app::search::search(&store, &tha, "525012345")
        .await
        .unwrap();
    assert_eq!(vessel.vessels.len(), 1);
    assert!(vessel.identifiers.is_empty());

    let doc = lintas_app::search::search(&store, &tha, "C7654321")
        .await
        .unwrap();
    assert_eq!(
        doc.total(),
        0,
        "a masked victim's document is not found: {doc:?}"
    );
    let doc = lintas_app::search::search(&store, &idn, "c7654321")
        .await
        .unwrap();
    assert_eq!(doc.identifiers.len(), 1);

    let words = lintas_app::search::search(&store, &tha, "off rote")
        .await
        .unwrap();
    assert_eq!(words.narratives.len(), 4);
    assert!(
        lintas_app::search::search(&store, &tha, "  ")
            .await
            .unwrap()
            .total()
            == 0
    );
}
