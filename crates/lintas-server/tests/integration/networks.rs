//! Facilitator networks end to end: incidents reported by three states through the API, the
//! same broker under three spellings with one phone, a boat renamed between voyages, and a
//! state's national records that other states' analysts must never see as entities.

use crate::support;

use lintas_model::Role;
use lintas_store::AuditFilter;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The shared test server, with this suite's helpers.
struct Server(support::Server);

impl std::ops::Deref for Server {
    type Target = support::Server;
    fn deref(&self) -> &support::Server {
        &self.0
    }
}

impl Server {
    async fn start() -> Server {
        Server(support::Server::start().await)
    }

    async fn key(&self, member: &str, role: Role) -> String {
        self.0.key(member, "Police", role).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        key: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut r = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(key);
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send().await.unwrap()
    }

    async fn get(&self, path: &str, key: &str) -> Value {
        let resp = self.send(Method::GET, path, key, None).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        resp.json().await.unwrap()
    }

    async fn report(&self, key: &str, incident: Value) -> Value {
        let resp = self
            .send(Method::POST, "/api/v1/incidents", key, Some(incident))
            .await;
        assert_eq!(
            resp.status(),
            StatusCode::CREATED,
            "{}",
            resp.text().await.unwrap()
        );
        resp.json().await.unwrap()
    }
}

const GIVEN: &[&str] = &[
    "Ali", "Reza", "Hamid", "Farid", "Nasir", "Jawad", "Karim", "Latif", "Omid", "Sami",
];
const FAMILY: &[&str] = &[
    "Ahmadi", "Hakimi", "Noori", "Sadat", "Waziri", "Yousufi", "Zaman", "Habibi",
];

/// A boat case with two migrants who appear nowhere else, and whatever else `extra` adds.
fn case(
    n: usize,
    sharing: Value,
    route: Value,
    persons: Vec<Value>,
    identifiers: Vec<Value>,
) -> Value {
    let mut all = vec![
        json!({"given_names": GIVEN[n % GIVEN.len()], "family_name": FAMILY[n % FAMILY.len()],
               "date_of_birth": format!("{}-{:02}-{:02}", 1980 + n % 20, 1 + n % 12, 1 + n % 28),
               "nationality": "AFG", "role": "migrant"}),
        json!({"given_names": GIVEN[(n + 3) % GIVEN.len()], "family_name": FAMILY[(n + 5) % FAMILY.len()],
               "date_of_birth": format!("{}-{:02}-{:02}", 1970 + n % 25, 1 + (n + 4) % 12, 1 + (n + 9) % 28),
               "nationality": "IRN", "role": "migrant"}),
    ];
    let offset = all.len();
    all.extend(persons);
    let identifiers: Vec<Value> = identifiers
        .into_iter()
        .map(|mut id| {
            if let Some(p) = id.get("person").and_then(Value::as_u64) {
                id["person"] = json!(p as usize + offset);
            }
            id
        })
        .collect();
    json!({
        "external_ref": format!("CASE-{n}"),
        "kind": "smuggling",
        "occurred_on": format!("2025-{:02}-{:02}", 1 + n % 12, 1 + n % 27),
        "place": {"country": "IDN"},
        "route": route,
        "modes": ["sea"],
        "persons": all,
        "identifiers": identifiers,
        "sharing": sharing,
    })
}

fn regional() -> Value {
    json!({"level": "regional"})
}

#[tokio::test]
async fn networks_join_states_cases_and_respect_sharing() {
    let s = Server::start().await;
    let idn = s.key("IDN", Role::Officer).await;
    let tha = s.key("THA", Role::Officer).await;
    let aus = s.key("AUS", Role::Officer).await;
    let idn_analyst = s.key("IDN", Role::Analyst).await;
    let tha_analyst = s.key("THA", Role::Analyst).await;
    let afg_malay = json!({"origin": "AFG", "transit": ["MYS"], "destination": "IDN"});
    let to_aus = json!({"origin": "AFG", "transit": ["IDN"], "destination": "AUS"});
    let broker = |given: &str| json!({"given_names": given, "family_name": "Rahimi", "nationality": "AFG", "role": "facilitator"});
    let phone = json!({"kind": "phone", "value": "+93 700 111 2222", "person": 0});

    // The broker in three states' cases, spelled three ways, always with his phone.
    s.report(
        &idn,
        case(
            1,
            regional(),
            afg_malay.clone(),
            vec![broker("Abdul Wahid")],
            vec![phone.clone()],
        ),
    )
    .await;
    s.report(
        &tha,
        case(
            2,
            regional(),
            afg_malay.clone(),
            vec![broker("Abdulwahid")],
            vec![phone.clone()],
        ),
    )
    .await;
    s.report(
        &aus,
        case(
            3,
            json!({"level": "bilateral", "states": ["IDN"]}),
            to_aus.clone(),
            vec![broker("Abdul Waheed")],
            vec![
                phone.clone(),
                json!({"kind": "vessel_mmsi", "value": "525001234"}),
                json!({"kind": "vessel_name", "value": "KM Harapan Jaya"}),
            ],
        ),
    )
    .await;
    // The same boat, renamed, on a later voyage reported by Indonesia.
    s.report(
        &idn,
        case(
            4,
            regional(),
            to_aus.clone(),
            vec![],
            vec![
                json!({"kind": "vessel_mmsi", "value": "525 001 234"}),
                json!({"kind": "vessel_name", "value": "KM Bintang Laut"}),
            ],
        ),
    )
    .await;
    // Thailand's own investigation, shared with nobody: a recruiter in two national cases.
    for n in [5, 6] {
        s.report(
            &tha,
            case(
                n,
                json!({"level": "national"}),
                json!({"origin": "MMR", "destination": "THA"}),
                vec![json!({"given_names": "Somchai", "family_name": "Secretsuk", "nationality": "THA", "role": "organiser"})],
                vec![json!({"kind": "phone", "value": "+66 81 999 0000", "person": 0})],
            ),
        )
        .await;
    }
    // Unrelated cases, so there is something to train the linkage model on.
    for n in 7..20 {
        let owner = [&idn, &tha, &aus][n % 3];
        s.report(
            owner,
            case(n, regional(), afg_malay.clone(), vec![], vec![]),
        )
        .await;
    }

    // Officers report; analysts analyse.
    let resp = s.send(Method::GET, "/api/v1/networks", &idn, None).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    let list = s.get("/api/v1/networks", &idn_analyst).await;
    assert_eq!(list["analysis"]["incidents"], 17, "{list:#}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        1,
        "one network among what IDN may see: {list:#}"
    );
    let net = &items[0];
    assert_eq!(net["incidents"], 4);
    assert_eq!(net["reporting_states"], json!(["AUS", "IDN", "THA"]));
    for state in ["AFG", "AUS", "IDN", "MYS", "THA"] {
        assert!(
            net["states"].as_array().unwrap().contains(&json!(state)),
            "{state}"
        );
    }
    // The broker's phone joins three cases and the boat a fourth: together they carry the network.
    let top: Vec<&str> = net["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert!(top.contains(&"phone") || top.contains(&"person"), "{net:#}");
    assert!(
        top.contains(&"vessel"),
        "the vessel links the fourth case: {net:#}"
    );

    // The three spellings are one person.
    let found = s.get("/api/v1/networks?entity=rahimi", &idn_analyst).await;
    assert_eq!(found["total"], 1);
    let detail = s
        .get(
            &format!("/api/v1/networks/{}", net["id"].as_str().unwrap()),
            &idn_analyst,
        )
        .await;
    let rahimi: Vec<&Value> = detail["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["label"].as_str().unwrap().contains("Rahimi"))
        .collect();
    assert_eq!(rahimi.len(), 1, "one person, not three: {rahimi:#?}");
    assert_eq!(rahimi[0]["incidents"], 3);
    let person = s
        .get(
            &format!("/api/v1/entities/{}", rahimi[0]["id"].as_str().unwrap()),
            &idn_analyst,
        )
        .await;
    let variants: Vec<&str> = person["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for v in [
        "Abdul Wahid Rahimi",
        "Abdulwahid Rahimi",
        "Abdul Waheed Rahimi",
    ] {
        assert!(variants.contains(&v), "{variants:?}");
    }
    assert_eq!(person["network"], net["id"]);
    assert!(
        person["associates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "phone" && a["label"] == "+93 700 111 2222")
    );

    // The vessel: one entity under its MMSI, both names kept.
    let vessel = detail["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "vessel")
        .unwrap();
    let vessel = s
        .get(
            &format!("/api/v1/entities/{}", vessel["id"].as_str().unwrap()),
            &idn_analyst,
        )
        .await;
    let names: Vec<&str> = vessel["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"KM Harapan Jaya") && names.contains(&"KM Bintang Laut"),
        "{names:?}"
    );
    assert_eq!(vessel["incidents"].as_array().unwrap().len(), 2);

    // Expanding from the phone reaches the person and the incidents.
    let phone_id = person["associates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "phone")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let graph = s
        .get(
            &format!("/api/v1/entities/{phone_id}/graph?depth=1"),
            &idn_analyst,
        )
        .await;
    let types: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types.iter().filter(|t| **t == "incident").count(),
        3,
        "{graph:#}"
    );
    assert!(types.contains(&"person"));
    assert!(!graph["edges"].as_array().unwrap().is_empty());
    let resp = s
        .send(
            Method::GET,
            &format!("/api/v1/entities/{phone_id}/graph?depth=9"),
            &idn_analyst,
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);

    // Thailand's analyst sees Thailand's own network; Indonesia's sees none of it, not even
    // as a count, and its ids answer 404.
    let tha_list = s
        .get("/api/v1/networks?entity=secretsuk", &tha_analyst)
        .await;
    assert_eq!(tha_list["total"], 1, "{tha_list:#}");
    assert_eq!(
        tha_list["analysis"]["incidents"], 18,
        "all but Australia's case shared with Indonesia only"
    );
    let secret_net = tha_list["items"][0]["id"].as_str().unwrap().to_string();
    let secret_entities: Vec<String> = s
        .get(&format!("/api/v1/networks/{secret_net}"), &tha_analyst)
        .await["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(secret_entities.len() >= 2);
    assert_eq!(
        s.get("/api/v1/networks?entity=secretsuk", &idn_analyst)
            .await["total"],
        0
    );
    assert_eq!(
        s.get("/api/v1/networks?entity=999", &idn_analyst).await["total"],
        0
    );
    let resp = s
        .send(
            Method::GET,
            &format!("/api/v1/networks/{secret_net}"),
            &idn_analyst,
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    for id in &secret_entities {
        for path in [
            format!("/api/v1/entities/{id}"),
            format!("/api/v1/entities/{id}/graph"),
        ] {
            let resp = s.send(Method::GET, &path, &idn_analyst, None).await;
            assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
        }
    }
    let idn_all = s.get("/api/v1/networks?limit=200", &idn_analyst).await;
    assert!(
        !idn_all.to_string().contains("Secretsuk") && !idn_all.to_string().contains("999 0000")
    );

    // A new case is matched incrementally against the linked base.
    s.report(
        &idn,
        case(
            30,
            regional(),
            to_aus.clone(),
            vec![broker("Abdoul Wahid")],
            vec![phone.clone()],
        ),
    )
    .await;
    let after = s.get("/api/v1/networks?entity=rahimi", &idn_analyst).await;
    assert!(
        after["analysis"]["method"]
            .as_str()
            .unwrap()
            .contains("incrementally"),
        "{after:#}"
    );
    assert_eq!(after["items"][0]["incidents"], 5);

    // Every look at the network is in the audit log.
    let admin = s.key("IDN", Role::Admin).await;
    let admin = s.store.authenticate_api_key(&admin).await.unwrap().unwrap();
    let read = |action: &str| AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    let entity_reads = s
        .store
        .audit_events(&admin, &read("entity.read"), 100)
        .await
        .unwrap();
    assert!(entity_reads.len() >= 3, "{}", entity_reads.len());
    let lists = s
        .store
        .audit_events(&admin, &read("network.list"), 100)
        .await
        .unwrap();
    assert!(lists.len() >= 5, "{}", lists.len());
}
