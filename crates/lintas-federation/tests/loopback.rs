//! Federation on loopback: one `nats-server -js` (started here, on a free port), the hub and
//! three member nodes (IDN on PostgreSQL when available). Each member creates records of
//! every sharing level; every node must then hold exactly what the sharing allows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use std::time::Duration;

use common::{Net, passport};
use lintas_model::{Incident, PartialDate, Place, Sharing};

const MEMBERS: [&str; 3] = ["IDN", "THA", "MYS"];

fn incident(country: &str, level: &str, states: &[&str]) -> Incident {
    Incident {
        kind: "smuggling".into(),
        occurred_on: PartialDate::parse("2026-09").unwrap(),
        place: Place {
            country: country.into(),
            ..Default::default()
        },
        route: Default::default(),
        modes: vec!["sea".into()],
        tags: vec![],
        counts: Default::default(),
        fee: None,
        persons: vec![],
        identifiers: vec![],
        narrative: format!("{level} boat interception reported by {country}"),
        external_ref: None,
        sharing: Sharing {
            level: level.into(),
            states: states.iter().map(|s| s.to_string()).collect(),
        },
    }
}

/// Each member reports passports at every level the registry allows (not `aggregate`: only
/// counts of documents are not a border check), and incidents regional, bilateral and
/// aggregate.
async fn write_every_level(net: &Net, round: &str) {
    for (n, member) in MEMBERS.iter().enumerate() {
        let node = &net.nodes[net.index(member)];
        let officer = node.officer.as_ref().unwrap();
        let next = MEMBERS[(n + 1) % 3];
        let others: Vec<&str> = MEMBERS.iter().copied().filter(|m| m != member).collect();
        let reports = [
            ("N", "national", vec![]),
            ("R", "regional", vec![]),
            ("B", "bilateral", vec![next]),
            ("C", "bilateral", others.clone()),
        ];
        for (tag, level, states) in reports {
            node.store
                .register_document(
                    officer,
                    passport(member, &format!("{tag}{round}{member}1"), level, &states),
                )
                .await
                .unwrap();
        }
        node.store
            .create_incident(officer, incident(member, "regional", &[]))
            .await
            .unwrap();
        node.store
            .create_incident(officer, incident(member, "bilateral", &[next]))
            .await
            .unwrap();
        node.store
            .create_incident(officer, incident(member, "aggregate", &[]))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exactly_what_sharing_allows_reaches_each_node() {
    let Some(net) = Net::start(&MEMBERS).await else {
        return;
    };
    write_every_level(&net, "1").await;
    let took = net.converge(Duration::from_secs(30)).await;
    eprintln!(
        "placement converged in {took:?} (IDN on {})",
        net.nodes[1].backend
    );

    let held = net.holdings().await;
    // 0 national records anywhere but at their owner; bilateral ones only at named states;
    // the hub holds regional and aggregate ones, never bilateral.
    for (member, records) in &held {
        for r in records.values().filter(|r| &r.owner != member) {
            assert_ne!(r.sharing, "national", "{member} holds a national record");
            if r.sharing == "bilateral" {
                assert!(r.shared_with.contains(member), "{member} holds {r:?}");
            }
            if r.sharing == "aggregate" {
                assert_eq!(member, "RSO");
            }
        }
    }
    let hub = &held["RSO"];
    assert_eq!(hub.values().filter(|r| r.sharing == "bilateral").count(), 0);
    assert_eq!(hub.values().filter(|r| r.sharing == "aggregate").count(), 3);
    assert_eq!(hub.values().filter(|r| r.sharing == "regional").count(), 6);
    // IDN holds of THA its regional passport and incident and the passport named to all
    // others (3); of MYS the same plus the passport and incident MYS names IDN in (5).
    let idn = &held["IDN"];
    let foreign = idn.values().filter(|r| r.owner != "IDN").count();
    assert_eq!(foreign, 3 + 5);

    // The done criterion: an IDN officer's document check finds the passport Thailand
    // reported stolen and shared regionally, with Thailand as its owner.
    let idn_node = &net.nodes[net.index("IDN")];
    let officer = idn_node.officer.as_ref().unwrap();
    let hits = idn_node
        .store
        .lookup_document(officer, "THA", "R1THA1")
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].owner.as_str(), hits[0].entry.status.as_str()),
        ("THA", "stolen")
    );
    assert_eq!(hits[0].agency, "THA Immigration");
    // The hub's users never see aggregate rows; they are counted in its copies.
    let status = net.nodes[0]
        .federation
        .as_ref()
        .unwrap()
        .status()
        .await
        .unwrap();
    assert_eq!(status.copies.by_level.get("aggregate"), Some(&3));
    assert_eq!(status.rejected, 0);

    // Revocation: THA lowers its regional passport to national, and deletes its regional
    // incident; MYS widens its bilateral passport to regional.
    let tha = &net.nodes[net.index("THA")];
    let tha_officer = tha.officer.as_ref().unwrap();
    tha.store
        .register_document(tha_officer, passport("THA", "R1THA1", "national", &[]))
        .await
        .unwrap();
    let mys = &net.nodes[net.index("MYS")];
    mys.store
        .register_document(
            mys.officer.as_ref().unwrap(),
            passport("MYS", "B1MYS1", "regional", &[]),
        )
        .await
        .unwrap();
    let took = net.converge(Duration::from_secs(30)).await;
    eprintln!("revocation converged in {took:?}");
    assert!(
        idn_node
            .store
            .lookup_document(officer, "THA", "R1THA1")
            .await
            .unwrap()
            .is_empty()
    );
    let idn_status = idn_node
        .federation
        .as_ref()
        .unwrap()
        .status()
        .await
        .unwrap();
    assert!(idn_status.copies.tombstones >= 1);
    assert!(idn_status.lag_ms_p95.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stopped_node_and_lost_messages_converge() {
    let Some(mut net) = Net::start(&MEMBERS).await else {
        return;
    };
    write_every_level(&net, "1").await;
    net.converge(Duration::from_secs(30)).await;

    // MYS goes away while the others write and change records it must receive.
    let mys = net.index("MYS");
    net.stop_node(mys).await;
    write_every_level(&net, "2").await;
    let tha = &net.nodes[net.index("THA")];
    tha.store
        .register_document(
            tha.officer.as_ref().unwrap(),
            passport("THA", "C1THA1", "bilateral", &["IDN"]),
        )
        .await
        .unwrap();
    net.start_node(mys, None).await;
    let took = net.converge(Duration::from_secs(30)).await;
    eprintln!("restarted node converged in {took:?}");
    let status = net.nodes[mys]
        .federation
        .as_ref()
        .unwrap()
        .status()
        .await
        .unwrap();
    assert_eq!(status.rejected, 0);

    // THA's relay drops every 10th message: the stream never sees them; reconciliation
    // (Merkle roots, then lists) repairs every one.
    let tha = net.index("THA");
    net.stop_node(tha).await;
    net.start_node(tha, Some(10)).await;
    let node = &net.nodes[tha];
    let officer = node.officer.as_ref().unwrap();
    for n in 0..40 {
        let (level, states): (&str, &[&str]) = if n % 2 == 0 {
            ("regional", &[])
        } else {
            ("bilateral", &["IDN", "MYS"])
        };
        node.store
            .register_document(officer, passport("THA", &format!("L{n}THA"), level, states))
            .await
            .unwrap();
    }
    net.wake();
    // Give the relay time to send (and lose) its messages, then check something was lost.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while node.store.outbox_backlog("THA").await.unwrap() > 0 {
        assert!(std::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let held = net.holdings().await;
    assert_ne!(held, net.expected(&held), "every 10th message was dropped");
    let mut repaired = 0;
    for n in &net.nodes {
        repaired += n
            .federation
            .as_ref()
            .unwrap()
            .reconcile(&["THA".to_string()])
            .await
            .unwrap();
    }
    assert!(repaired > 0);
    net.converge(Duration::from_secs(5)).await;
    // A second round finds equal roots and repairs nothing.
    for n in &net.nodes {
        let f = n.federation.as_ref().unwrap();
        assert_eq!(f.reconcile(&["THA".to_string()]).await.unwrap(), 0);
        assert!(f.status().await.unwrap().last_reconcile_at.is_some());
    }
}

/// The load scenario `bench/federation.sh` runs (ignored in the default test run): each
/// member writes `LINTAS_FED_RATE` regional registry reports per second (default 50) for
/// `LINTAS_FED_SECS` seconds (default 20); prints the hub's apply lag and the time a
/// revocation takes to reach the hub and every node.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "load scenario: bench/federation.sh"]
async fn load_lag_and_revocation() {
    let rate: u64 = std::env::var("LINTAS_FED_RATE").map_or(50, |v| v.parse().unwrap());
    let secs: u64 = std::env::var("LINTAS_FED_SECS").map_or(20, |v| v.parse().unwrap());
    let Some(net) = Net::start(&MEMBERS).await else {
        return;
    };
    let start = std::time::Instant::now();
    let mut writers = Vec::new();
    for member in MEMBERS {
        let node = &net.nodes[net.index(member)];
        let store = node.store.clone();
        let officer = node.officer.clone().unwrap();
        writers.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
            for n in 0..rate * secs {
                tick.tick().await;
                store
                    .register_document(
                        &officer,
                        passport(member, &format!("P{n}{member}"), "regional", &[]),
                    )
                    .await
                    .unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let wrote = start.elapsed();
    let took = net.converge(Duration::from_secs(120)).await;
    let hub = net.nodes[0]
        .federation
        .as_ref()
        .unwrap()
        .status()
        .await
        .unwrap();
    eprintln!(
        "FEDERATION load: {} members x {rate}/s x {secs}s written in {wrote:?}; converged {took:?} after; hub applied {}, lag p95 {:?} ms (last 1000), last {:?} ms",
        MEMBERS.len(),
        hub.applied,
        hub.lag_ms_p95,
        hub.lag_ms_last
    );
    // Revocation: THA lowers one report to national; time until no other node holds it.
    let tha = &net.nodes[net.index("THA")];
    let at = std::time::Instant::now();
    let (entry, _) = tha
        .store
        .register_document(
            tha.officer.as_ref().unwrap(),
            passport("THA", "P0THA", "national", &[]),
        )
        .await
        .unwrap();
    net.wake();
    let id = entry.id.to_string();
    let mut hub_at = None;
    loop {
        let held = net.holdings().await;
        let holders: Vec<&String> = held
            .iter()
            .filter(|(m, h)| {
                *m != "THA" && h.contains_key(&("registry_document".to_string(), id.clone()))
            })
            .map(|(m, _)| m)
            .collect();
        if hub_at.is_none() && !holders.iter().any(|m| *m == "RSO") {
            hub_at = Some(at.elapsed());
        }
        if holders.is_empty() {
            break;
        }
        assert!(at.elapsed() < Duration::from_secs(60));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!(
        "FEDERATION revocation: hub {:?}, every node {:?}",
        hub_at.unwrap(),
        at.elapsed()
    );
}
