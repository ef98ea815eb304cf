//! The network pages as an analyst reads them: a network named by its broker and route, the
//! broker ranking among persons in facilitation roles, a graph laid out on the server with no
//! node on top of another, filters by role, state and period, the CSV export, and the links
//! from an incident's page to its entities and networks.

use crate::checks_ui::Ui;
use crate::support::Server;

use lintas_model::{Incident, Role};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn incident(
    n: usize,
    year: u32,
    destination: &str,
    persons: Vec<Value>,
    ids: Vec<Value>,
) -> Incident {
    serde_json::from_value(json!({
        "kind": "smuggling",
        "occurred_on": format!("{year}-{:02}-{:02}", 1 + n % 12, 1 + n % 27),
        "place": {"country": "IDN"},
        "route": {"origin": "AFG", "transit": ["MYS"], "destination": destination},
        "persons": persons,
        "identifiers": ids,
        "narrative": format!("Case {n}"),
        "sharing": {"level": "national"}
    }))
    .unwrap()
}

fn migrant(n: usize) -> Value {
    const GIVEN: &[&str] = &["Ali", "Reza", "Hamid", "Farid", "Nasir", "Jawad", "Karim"];
    const FAMILY: &[&str] = &["Ahmadi", "Hakimi", "Noori", "Sadat", "Waziri"];
    json!({"given_names": GIVEN[n % GIVEN.len()], "family_name": FAMILY[n % FAMILY.len()],
           "date_of_birth": format!("{}-{:02}-{:02}", 1980 + n % 20, 1 + n % 12, 1 + n % 28),
           "nationality": "AFG", "role": "migrant"})
}

/// The HTML between `start` and the next `end` after it.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in page"));
    let rest = &html[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn rows(html: &str, table_id: &str) -> usize {
    section(html, &format!("id=\"{table_id}\""), "</table>")
        .matches("<tr>")
        .count()
        - 1
}

/// Four cases to Indonesia in 2023 and two to Australia in 2025, one broker with his phone in
/// all six, two migrants in each, a boat's crewman in one; returns the incidents' ids.
async fn broker_world(ui: &Ui) -> Vec<String> {
    let officer = ui.principal(Role::Officer).await;
    let broker = json!({"given_names": "Abdul Wahid", "family_name": "Rahimi", "nationality": "AFG", "role": "facilitator"});
    let phone = json!({"kind": "phone", "value": "+93 700 111 2222", "person": 0});
    let mut ids = Vec::new();
    for n in 0..6 {
        let (year, destination) = if n < 4 { (2023, "IDN") } else { (2025, "AUS") };
        let mut persons = vec![broker.clone(), migrant(n), migrant(n + 7)];
        if n == 5 {
            persons.push(json!({"given_names": "Budi", "family_name": "Santoso", "nationality": "IDN", "role": "crew"}));
        }
        let s = ui
            .server
            .store
            .create_incident(
                &officer,
                incident(n, year, destination, persons, vec![phone.clone()]),
            )
            .await
            .unwrap();
        ids.push(s.id.to_string());
    }
    // Cases that join nothing (and keep the person mentions below the linkage model's
    // minimum, so only the broker's phone and family name join his mentions).
    for n in 10..14 {
        ui.server
            .store
            .create_incident(&officer, incident(n, 2024, "IDN", vec![], vec![]))
            .await
            .unwrap();
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_reads_a_network_by_broker_role_state_and_period() {
    let ui = Ui::start(Server::start().await, "rina", Role::Analyst).await;
    let incidents = broker_world(&ui).await;
    let analyst = ui.principal(Role::Analyst).await;
    let network = ui.server.store.networks(&analyst).await.unwrap().networks[0]
        .id
        .clone();

    // Named by the broker and the main route, not by a hash.
    let (status, list) = ui.get("/networks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&format!(
            r#"<a href="/networks/{network}">Abdul Wahid Rahimi · AFG → IDN</a>"#
        )),
        "{list}"
    );

    let (status, page) = ui.get(&format!("/networks/{network}")).await;
    assert_eq!(status, StatusCode::OK);
    // Brokers among persons in facilitation roles: the broker first, the crewman, no migrant.
    let brokers = section(&page, r#"id="facilitators""#, "</table>");
    assert_eq!(rows(&page, "facilitators"), 2, "{brokers}");
    let broker_at = brokers.find("Abdul Wahid Rahimi").unwrap();
    assert!(broker_at < brokers.find("Budi Santoso").unwrap());
    assert!(!brokers.contains("migrant"), "{brokers}");
    assert_eq!(rows(&page, "network-incidents"), 6);
    // The timeline has a column per year from 2023 to 2025.
    let timeline = section(&page, r#"id="timeline-heading""#, "</section>");
    assert!(
        timeline.contains("2023 smuggling: 4") && timeline.contains("2025 smuggling: 2"),
        "{timeline}"
    );

    // The graph arrives laid out: every node placed, none on top of another.
    let graph: Value = serde_json::from_str(
        section(
            &page,
            r#"<script type="application/json" id="graph-data">"#,
            "</script>",
        )
        .split_once('>')
        .unwrap()
        .1,
    )
    .unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    assert!(nodes.len() >= 8, "{graph:#}");
    let at: Vec<(f64, f64)> = nodes
        .iter()
        .map(|n| (n["x"].as_f64().unwrap(), n["y"].as_f64().unwrap()))
        .collect();
    for (i, a) in at.iter().enumerate() {
        for b in &at[i + 1..] {
            let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            assert!(d >= 20.0, "two nodes {d:.1} apart: {a:?} {b:?}");
        }
    }

    // Filters: by state (the route), by period, by role.
    let (_, aus) = ui.get(&format!("/networks/{network}?state=aus")).await;
    assert_eq!(rows(&aus, "network-incidents"), 2, "{aus}");
    assert!(aus.contains("Showing 2 of 6 incidents"));
    let (_, period) = ui
        .get(&format!(
            "/networks/{network}?from=2023-01-01&to=2023-12-31"
        ))
        .await;
    assert_eq!(rows(&period, "network-incidents"), 4);
    assert!(!section(&period, r#"id="ranked""#, "</table>").contains("Budi Santoso"));
    let (_, crew) = ui.get(&format!("/networks/{network}?role=crew")).await;
    assert_eq!(rows(&crew, "facilitators"), 1);
    let ranked = section(&crew, r#"id="ranked""#, "</table>");
    assert!(
        ranked.contains("Budi Santoso") && !ranked.contains("Abdul Wahid Rahimi"),
        "{ranked}"
    );
    for bad in ["from=last-week", "role=boss"] {
        let (status, body) = ui.get(&format!("/networks/{network}?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(body.contains(bad.split('=').next().unwrap()), "{body}");
    }

    // CSV export: entities ranked (broker rank among facilitators), then incidents.
    let resp = ui
        .server
        .client
        .get(format!(
            "{}/networks/{network}/export.csv?state=AUS",
            ui.server.base
        ))
        .header(
            "cookie",
            format!("{}={}", lintas_server::SESSION_COOKIE, ui.session.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = resp.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "record,id,kind,label,roles,incidents,betweenness,centrality_rank,broker_rank,occurred,reported_by,route"
    );
    let broker_row = csv
        .lines()
        .find(|l| l.contains("Abdul Wahid Rahimi"))
        .unwrap();
    assert!(
        broker_row.starts_with("entity,e") && broker_row.contains(",facilitator,6,"),
        "{broker_row}"
    );
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("incident,")).count(),
        2,
        "{csv}"
    );
    assert!(csv.contains("AFG>MYS>AUS"));

    // From an incident's page to its entities and their network.
    let (_, shown) = ui.get(&format!("/incidents/{}", incidents[5])).await;
    assert!(
        shown.contains(&format!("/incidents/{}/network", incidents[5])),
        "{shown}"
    );
    let (status, linked) = ui
        .get(&format!("/incidents/{}/network", incidents[5]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&linked, "incident-entities"), 5, "{linked}");
    assert!(linked.contains("+93 700 111 2222") && linked.contains("Budi Santoso"));
    assert!(linked.contains(&format!(
        r#"<a href="/networks/{network}">Abdul Wahid Rahimi · AFG → IDN</a>"#
    )));
    assert!(ui.audited("entity.read").await >= 1);
    let (status, _) = ui
        .get("/incidents/0192f0c1-0000-7000-8000-000000000000/network")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_has_no_network_links() {
    let ui = Ui::start(Server::start().await, "budi", Role::Officer).await;
    let officer = ui.principal(Role::Officer).await;
    let s = ui
        .server
        .store
        .create_incident(&officer, incident(1, 2025, "AUS", vec![migrant(1)], vec![]))
        .await
        .unwrap();
    let (_, page) = ui.get(&format!("/incidents/{}", s.id)).await;
    assert!(!page.contains("/network\""), "{page}");
    let (status, _) = ui.get(&format!("/incidents/{}/network", s.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_merges_and_splits_entities_and_the_corrections_outlive_rebuilds() {
    let ui = Ui::start(Server::start().await, "rina", Role::Analyst).await;
    let incidents = broker_world(&ui).await;
    let analyst = ui.principal(Role::Analyst).await;
    let store = ui.server.store.clone();
    let id_of = |a: &lintas_store::Analysis, label: &str| {
        a.entities
            .iter()
            .find(|e| e.label == label)
            .unwrap_or_else(|| panic!("{label}"))
            .id
            .clone()
    };
    let a = store.networks(&analyst).await.unwrap();
    let (reza, hamid, broker) = (
        id_of(&a, "Reza Hakimi"),
        id_of(&a, "Hamid Noori"),
        id_of(&a, "Abdul Wahid Rahimi"),
    );

    // A correction needs a reason, and a merge two entities of one kind.
    let (status, page) = ui
        .post(
            &format!("/entities/{reza}/merge"),
            &[("with", hamid.as_str()), ("reason", " ")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("reason: say why"), "{page}");
    assert!(
        page.contains(&format!(r#"value="{hamid}""#)),
        "typed value kept"
    );
    let phone = id_of(&a, "+93 700 111 2222");
    let (status, page) = ui
        .post(
            &format!("/entities/{reza}/merge"),
            &[("with", phone.as_str()), ("reason", "same")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("a person cannot be merged with a phone"),
        "{page}"
    );

    // Merge: the two migrants are one man (his brother's testimony, say).
    let (status, page) = ui
        .post(
            &format!("/entities/{reza}/merge"),
            &[
                ("with", hamid.as_str()),
                ("reason", "Same man: alias confirmed by interview"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Same man: alias confirmed by interview"),
        "{page}"
    );
    assert_eq!(rows(&page, "entity-incidents"), 2);

    // Split: the broker named in the sixth case is another man.
    let (status, page) = ui
        .post(
            &format!("/entities/{broker}/split"),
            &[
                ("incident", incidents[5].as_str()),
                ("reason", "Different birth date on his ID card"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&page, "entity-incidents"), 1, "{page}");
    let (status, _) = ui
        .post(
            &format!("/entities/{broker}/split"),
            &[("incident", "not-an-incident"), ("reason", "x")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ui.audited("entity.merge").await, 1);
    assert_eq!(ui.audited("entity.split").await, 1);

    // A deleted incident forces a full rebuild (new linkage): the corrections still hold.
    let officer = ui.principal(Role::Officer).await;
    let extra = store
        .create_incident(&officer, incident(30, 2024, "IDN", vec![], vec![]))
        .await
        .unwrap();
    store.networks(&analyst).await.unwrap();
    store
        .delete_incident(&officer, extra.id, Some(extra.version))
        .await
        .unwrap();
    let a = store.networks(&analyst).await.unwrap();
    let count = |label: &str| {
        a.entities
            .iter()
            .filter(|e| e.label == label || e.variants.iter().any(|v| v == label))
            .map(|e| e.incidents.len())
            .collect::<Vec<_>>()
    };
    assert_eq!(count("Hamid Noori"), vec![2], "merged");
    let mut broker_counts = count("Abdul Wahid Rahimi");
    broker_counts.sort_unstable();
    assert_eq!(broker_counts, vec![1, 5], "split");
    assert_eq!(a.curations.len(), 2);
}
