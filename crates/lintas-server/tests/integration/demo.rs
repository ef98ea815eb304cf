//! Demo seeding: deterministic, region-shaped, idempotent, and the README's key works.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use lintas_model::Role;
use lintas_store::{EventFilter, IncidentFilter, SarFilter, Store};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_seeds_once_with_recurring_brokers_across_states() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}",
        dir.path().join("demo.db").display()
    ))
    .await
    .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let seeded = lintas_demo::seed(&store, today).await.unwrap();
    assert!(seeded.created);
    assert!(
        (4_500..=6_000).contains(&seeded.incidents),
        "{} incidents",
        seeded.incidents
    );

    // Victim cases with referrals between IDN, THA and MYS agencies, at every step.
    assert_eq!(seeded.victims.cases, 300);
    assert_eq!(seeded.victims.referrals, 60);
    for member in ["IDN", "THA", "MYS"] {
        for role in [Role::VictimSupport, Role::VictimSupervisor] {
            assert!(
                seeded
                    .users
                    .iter()
                    .any(|u| u.member == member && u.role == role),
                "no {member} {role} login"
            );
        }
    }
    let shelter = store
        .ensure_agency("THA", "Baan Kredtrakarn Shelter")
        .await
        .unwrap();
    let worker = lintas_store::Principal::local("demo-test", &shelter, Role::VictimSupport);
    let inbox = store
        .list_referrals_audited(&worker, lintas_store::ReferralBox::Inbox, None, Some(500))
        .await
        .unwrap();
    let steps: HashSet<&str> = inbox.items.iter().map(|r| r.state.step.as_str()).collect();
    assert!(steps.len() >= 5, "{steps:?}");
    assert!(inbox.items.iter().all(|r| r.owner == "IDN"));
    assert!(
        inbox
            .items
            .iter()
            .any(|r| r.state.override_record.is_some())
    );
    let cases = store
        .list_victim_cases_audited(&worker, &Default::default(), None, Some(500))
        .await
        .unwrap();
    let scam = cases
        .items
        .iter()
        .filter(|c| {
            c.case
                .victim
                .type_of_exploitation
                .iter()
                .any(|t| t == "ForcedCriminality")
        })
        .count();
    assert!(scam >= 20, "{scam} forced-criminality cases");

    // The README's curl example uses the AUS analyst key.
    let readme = include_str!("../../../../README.md");
    let aus_analyst = seeded
        .keys
        .iter()
        .find(|k| k.member == "AUS" && k.role == Role::Analyst)
        .unwrap();
    assert!(
        readme.contains(&aus_analyst.token),
        "README.md shows a demo key that the demo does not create"
    );

    // Seeding again leaves the data alone and still returns working keys.
    let again = lintas_demo::seed(&store, today).await.unwrap();
    assert!(!again.created);
    assert_eq!(
        again.keys.iter().map(|k| &k.token).collect::<Vec<_>>(),
        seeded.keys.iter().map(|k| &k.token).collect::<Vec<_>>()
    );

    // Phones of recurring brokers appear in incidents owned by different states.
    let mut owners_by_phone: HashMap<String, HashSet<String>> = HashMap::new();
    let mut years = HashSet::new();
    for key in seeded.keys.iter().filter(|k| k.role == Role::Officer) {
        let p = store
            .authenticate_api_key(&key.token)
            .await
            .unwrap()
            .unwrap();
        let mut cursor = None;
        loop {
            let page = store
                .list_incidents_audited(
                    &p,
                    &IncidentFilter {
                        owner: Some(p.member.clone()),
                        ..Default::default()
                    },
                    cursor.as_deref(),
                    Some(500),
                )
                .await
                .unwrap();
            for i in &page.items {
                years.insert(i.incident.occurred_on.first_day().format("%Y").to_string());
                for id in i
                    .incident
                    .identifiers
                    .iter()
                    .filter(|id| id.kind == "phone")
                {
                    owners_by_phone
                        .entry(id.value.clone())
                        .or_default()
                        .insert(i.owner.clone());
                }
            }
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
    }
    let cross_border = owners_by_phone
        .values()
        .filter(|owners| owners.len() >= 3)
        .count();
    assert!(
        cross_border >= 10,
        "only {cross_border} broker phones recur across 3+ states"
    );
    assert!(years.len() >= 5, "incidents span {years:?}");

    // The maritime picture: the detectors found each scripted behaviour in the tracks.
    let key = |member: &str, role: Role| {
        seeded
            .keys
            .iter()
            .find(|k| k.member == member && k.role == role)
            .unwrap()
            .token
            .clone()
    };
    let idn = store
        .authenticate_api_key(&key("IDN", Role::Analyst))
        .await
        .unwrap()
        .unwrap();
    let events = store
        .list_events(&idn, &EventFilter::default(), None, Some(1000))
        .await
        .unwrap()
        .items;
    let found = |kind: &str, mmsi: u32| {
        events
            .iter()
            .filter(|e| e.kind == kind && (e.mmsi == mmsi || e.other_mmsi == Some(mmsi)))
            .count()
    };
    use lintas_demo::{DARK_BOAT, ENCOUNTER, LOITERER};
    assert_eq!(found("ais_gap", DARK_BOAT), 1, "{events:#?}");
    assert_eq!(found("corridor_entry", DARK_BOAT), 1, "{events:#?}");
    assert_eq!(found("encounter", ENCOUNTER.0), 1, "{events:#?}");
    assert_eq!(found("loitering", LOITERER), 1, "{events:#?}");
    let gap = events.iter().find(|e| e.kind == "ais_gap").unwrap();
    assert_eq!(gap.detail["suspected_disabling"], true);
    assert!(
        events.len() <= 6,
        "unexpected events in the background traffic: {events:#?}"
    );
    assert_eq!(seeded.maritime.events, events.len() as u64);
    // The Australian rescue is national: Indonesia sees only its own.
    let aus = store
        .authenticate_api_key(&key("AUS", Role::Analyst))
        .await
        .unwrap()
        .unwrap();
    let sar = |p| {
        let store = &store;
        async move {
            store
                .list_sar(p, &SarFilter::default(), None, Some(50))
                .await
                .unwrap()
                .items
                .len()
        }
    };
    assert_eq!(sar(&aus).await, 2);
    assert_eq!(sar(&idn).await, 1);

    // The network view: an analyst finds the broker rings across states, organisers first.
    let started = std::time::Instant::now();
    let a = store.networks(&aus).await.unwrap();
    let built = started.elapsed();
    let spanning: Vec<_> = a
        .networks
        .iter()
        .filter(|n| n.reporting_states.len() >= 3)
        .collect();
    for n in a.networks.iter().take(6) {
        let top: Vec<String> = n
            .entities
            .iter()
            .take(3)
            .map(|&e| {
                let e = &a.entities[e as usize];
                format!(
                    "{} ({:?}, {} incidents, bc {:.3})",
                    e.label,
                    e.kind,
                    e.incidents.len(),
                    e.betweenness
                )
            })
            .collect();
        eprintln!(
            "network {}: {} incidents, {} entities, reported by {:?}; top {top:?}",
            n.id,
            n.incidents.len(),
            n.entities.len(),
            n.reporting_states
        );
    }
    eprintln!(
        "AUS analysis: {} incidents, {} entities, {} networks in {built:?}; {}",
        a.incidents.len(),
        a.entities.len(),
        a.networks.len(),
        a.method
    );
    // The brokers' network is the largest, spans the region, and its organisers rank first.
    let largest = &a.networks[0];
    assert!(spanning.iter().any(|n| n.id == largest.id));
    assert!(
        largest.reporting_states.len() >= 4,
        "{:?}",
        largest.reporting_states
    );
    // Its page's graph is laid out on the server (measured, reported in docs/benchmarks.md).
    let laid_out = std::time::Instant::now();
    let top: Vec<u32> = largest.entities.iter().take(3).copied().collect();
    let positions = a.around(&top, 3, 400).layout();
    eprintln!(
        "largest network page graph: {} nodes laid out on the server in {:?}",
        positions.len(),
        laid_out.elapsed()
    );
    assert!(positions.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    let organisers = ["Rahimi", "Karimi", "Hosseini", "Sutrisno"];
    let leaders: Vec<&String> = largest
        .entities
        .iter()
        .take(6)
        .flat_map(|&e| &a.entities[e as usize].variants)
        .collect();
    let found = organisers
        .iter()
        .filter(|o| leaders.iter().any(|v| v.contains(*o)))
        .count();
    assert!(found >= 2, "top of the largest network: {leaders:?}");
}

/// The one search box on the demo: the broker's misspelt name, in Arabic script, his phone in
/// another format, a boat and narrative words; and the foreign trafficking victims an
/// Indonesian officer reads are masked. Timings are printed for docs/benchmarks.md.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_on_the_demo_and_masked_foreign_victims() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}",
        dir.path().join("demo.db").display()
    ))
    .await
    .unwrap();
    let seeded = lintas_demo::seed(&store, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .await
        .unwrap();
    let key = seeded
        .keys
        .iter()
        .find(|k| k.member == "IDN" && k.role == Role::Officer)
        .unwrap();
    let idn = store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap();
    let mut timings = Vec::new();
    let mut run = async |q: &str| {
        // The first call warms the page cache; the second is timed.
        lintas_app::search::search(&store, &idn, q).await.unwrap();
        let start = std::time::Instant::now();
        let r = lintas_app::search::search(&store, &idn, q).await.unwrap();
        timings.push((q.to_string(), start.elapsed(), r.total()));
        r
    };
    let kareemi = run("Kareemi").await;
    let karimis = kareemi
        .persons
        .iter()
        .filter(|p| p.name.to_lowercase().contains("karimi"))
        .count();
    println!(
        "Kareemi: {} persons, {karimis} named Karimi; first {:?}, last {:?}",
        kareemi.persons.len(),
        kareemi.persons.first(),
        kareemi.persons.last()
    );
    assert!(karimis >= 20, "{karimis}");
    // Best matches first: the broker's spellings lead.
    assert!(
        kareemi
            .persons
            .iter()
            .take(20)
            .all(|p| p.name.to_lowercase().contains("karimi")),
        "{:?}",
        kareemi.persons.iter().take(20).collect::<Vec<_>>()
    );
    let owners: HashSet<&str> = kareemi
        .persons
        .iter()
        .map(|p| p.incident.owner.as_str())
        .collect();
    assert!(owners.len() >= 3, "{owners:?}");
    let arabic = run("كريمي").await;
    let arabic_karimis = arabic
        .persons
        .iter()
        .filter(|p| p.name.to_lowercase().contains("karimi"))
        .count();
    assert!(arabic_karimis >= 20, "{arabic_karimis}");
    let phone = kareemi.persons.first().map(|p| p.incident.id).unwrap();
    let incident = store.read_incident_audited(&idn, phone).await.unwrap();
    let number = incident
        .incident
        .identifiers
        .iter()
        .find(|i| i.kind == "phone")
        .map(|i| i.value.replace(' ', "-"))
        .unwrap();
    assert!(!run(&number).await.identifiers.is_empty(), "{number}");
    assert!(!run("KM Harapan Jaya").await.vessels.is_empty());
    assert!(!run("intercepted").await.narratives.is_empty());
    for (q, t, n) in &timings {
        println!(
            "search {q:?}: {n} hits in {:.1} ms",
            t.as_secs_f64() * 1000.0
        );
    }

    // Foreign trafficking victims: none named to the Indonesian officer.
    let page = store
        .list_incidents_audited(
            &idn,
            &IncidentFilter {
                kind: Some("trafficking".into()),
                ..Default::default()
            },
            None,
            Some(200),
        )
        .await
        .unwrap();
    let (mut masked, mut named) = (0, 0);
    for i in page.items.iter().filter(|i| i.owner != "IDN") {
        for p in i.incident.persons.iter().filter(|p| p.role == "victim") {
            if p.masked.is_some() && p.family_name.is_empty() && p.given_names.is_empty() {
                masked += 1;
            } else {
                named += 1;
            }
        }
    }
    println!("foreign trafficking victims in the first 200: {masked} masked, {named} named");
    assert!(masked > 0);
    assert_eq!(named, 0);
}
