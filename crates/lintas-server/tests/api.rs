//! The HTTP API end to end: a real server on a loopback port over a temporary SQLite store.

use std::sync::Arc;

use lintas_model::Role;
use lintas_store::Store;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

struct Server {
    base: String,
    store: Arc<Store>,
    client: Client,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            Store::connect(&format!("sqlite://{}", dir.path().join("api.db").display()))
                .await
                .unwrap(),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = lintas_server::app(store.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server {
            base,
            store,
            client: Client::new(),
            _dir: dir,
        }
    }

    async fn key(&self, member: &str, agency: &str, role: Role) -> String {
        let agency = self.store.ensure_agency(member, agency).await.unwrap();
        self.store
            .create_api_key(&agency, role, "test")
            .await
            .unwrap()
            .token
    }

    fn req(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let r = self.client.request(method, format!("{}{path}", self.base));
        match key {
            Some(k) => r.bearer_auth(k),
            None => r,
        }
    }
}

fn incident(sharing: &str) -> Value {
    json!({
        "external_ref": format!("REF-{sharing}"),
        "kind": "smuggling",
        "occurred_on": "2025-03-14",
        "place": {"country": "IDN", "name": "Rote Island"},
        "route": {"origin": "AFG", "transit": ["MYS", "IDN"], "destination": "AUS"},
        "modes": ["air", "sea"],
        "tags": ["sea_crossing"],
        "counts": {"migrants": 41},
        "persons": [{"given_names": "Budi", "role": "crew", "nationality": "IDN"}],
        "identifiers": [{"kind": "phone", "value": "+62 812 3456 7890", "person": 0}],
        "narrative": "Boat intercepted",
        "sharing": {"level": sharing, "states": if sharing == "bilateral" { json!(["AUS"]) } else { json!([]) }}
    })
}

async fn problem(resp: reqwest::Response) -> Value {
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn every_protected_route_refuses_anonymous_and_bad_keys() {
    let s = Server::start().await;
    // The web UI's routes answer anonymous visitors with the login page: see matrix.rs.
    let routes: Vec<_> = lintas_server::route_table()
        .into_iter()
        .filter(|(_, p, _)| p.starts_with("/api/") || p == "/health")
        .collect();
    assert!(routes.len() >= 8, "{routes:?}");
    for (method, path, protected) in routes {
        let path = path.replace("{id}", "0192f0c1-0000-7000-8000-000000000000");
        let method: reqwest::Method = method.parse().unwrap();
        for key in [None, Some("lintas_0123456789abcdef_wrong"), Some("garbage")] {
            let resp = s.req(method.clone(), &path, key).send().await.unwrap();
            if protected {
                assert_eq!(
                    resp.status(),
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} with {key:?}"
                );
                assert_eq!(
                    resp.headers()["www-authenticate"],
                    "Bearer realm=\"lintas\""
                );
                assert_eq!(problem(resp).await["status"], 401);
            } else {
                assert_eq!(resp.status(), StatusCode::OK, "{method} {path}");
            }
        }
    }
}

#[tokio::test]
async fn incident_lifecycle_with_etags_and_field_errors() {
    let s = Server::start().await;
    let key = s.key("IDN", "POLRI", Role::Officer).await;

    let mut bad = incident("national");
    bad["kind"] = json!("smugling");
    bad["persons"][0]["nationality"] = json!("INDONESIA");
    let resp = s
        .req(reqwest::Method::POST, "/api/v1/incidents", Some(&key))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(resp).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "persons[0].nationality"]);

    let resp = s
        .req(reqwest::Method::POST, "/api/v1/incidents", Some(&key))
        .body("{\"kind\": 3}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(resp).await["errors"][0]["field"], "kind");

    let resp = s
        .req(reqwest::Method::POST, "/api/v1/incidents", Some(&key))
        .json(&incident("national"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers()["etag"], "\"1\"");
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let created: Value = resp.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/incidents/{}", created["id"].as_str().unwrap())
    );
    assert_eq!(created["owner"], "IDN");
    assert_eq!(created["route"]["transit"], json!(["MYS", "IDN"]));

    let resp = s
        .req(reqwest::Method::POST, "/api/v1/incidents", Some(&key))
        .json(&incident("national"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert_eq!(problem(resp).await["errors"][0]["field"], "external_ref");

    let mut changed = incident("national");
    changed["counts"]["migrants"] = json!(42);
    let resp = s
        .req(reqwest::Method::PUT, &location, Some(&key))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PRECONDITION_REQUIRED);
    let resp = s
        .req(reqwest::Method::PUT, &location, Some(&key))
        .header("If-Match", "\"1\"")
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["etag"], "\"2\"");
    let resp = s
        .req(reqwest::Method::PUT, &location, Some(&key))
        .header("If-Match", "\"1\"")
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(problem(resp).await["current_version"], 2);

    let got: Value = s
        .req(reqwest::Method::GET, &location, Some(&key))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["counts"]["migrants"], 42);
    assert_eq!(
        s.req(reqwest::Method::DELETE, &location, Some(&key))
            .header("If-Match", "W/\"2\"")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        s.req(reqwest::Method::GET, &location, Some(&key))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.req(
            reqwest::Method::GET,
            "/api/v1/incidents/not-a-uuid",
            Some(&key)
        )
        .send()
        .await
        .unwrap()
        .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_member_cannot_read_list_change_or_import_over_a_national_record() {
    let s = Server::start().await;
    let idn = s.key("IDN", "POLRI", Role::Officer).await;
    let aus = s.key("AUS", "ABF", Role::Officer).await;
    let created: Value = s
        .req(reqwest::Method::POST, "/api/v1/incidents", Some(&idn))
        .json(&incident("national"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/incidents/{}", created["id"].as_str().unwrap());
    let shared: Value = s
        .req(reqwest::Method::POST, "/api/v1/incidents", Some(&idn))
        .json(&incident("bilateral"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(
        s.req(reqwest::Method::GET, &path, Some(&aus))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    for (method, etag) in [
        (reqwest::Method::PUT, Some("\"1\"")),
        (reqwest::Method::PUT, None),
        (reqwest::Method::DELETE, None),
    ] {
        let mut r = s
            .req(method.clone(), &path, Some(&aus))
            .json(&incident("regional"));
        if let Some(e) = etag {
            r = r.header("If-Match", e);
        }
        assert_eq!(
            r.send().await.unwrap().status(),
            StatusCode::NOT_FOUND,
            "{method} {etag:?}"
        );
    }
    let list: Value = s
        .req(
            reqwest::Method::GET,
            "/api/v1/incidents?owner=IDN",
            Some(&aus),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [shared["id"].as_str().unwrap()]);
    // Visible but someone else's: 403.
    let shared_path = format!("/api/v1/incidents/{}", shared["id"].as_str().unwrap());
    assert_eq!(
        s.req(reqwest::Method::DELETE, &shared_path, Some(&aus))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );

    let csv = "external_ref,kind,occurred_on,place_country,migrants\nREF-national,smuggling,2025-03-14,IDN,1\n";
    let report: Value = s
        .req(
            reqwest::Method::POST,
            "/api/v1/incidents:import",
            Some(&aus),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["created"], 1);
    let after: Value = s
        .req(reqwest::Method::GET, &path, Some(&idn))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            after["version"].as_i64(),
            after["counts"]["migrants"].as_i64()
        ),
        (Some(1), Some(41))
    );
}

#[tokio::test]
async fn import_reports_rows_and_listing_filters_and_pages() {
    let s = Server::start().await;
    let key = s.key("THA", "RTP", Role::Officer).await;
    let viewer = s.key("THA", "RTP", Role::Viewer).await;
    let mut csv = String::from(
        "external_ref,kind,occurred_on,place_country,origin,destination,modes,tags,victims,narrative\n",
    );
    for n in 1..=30 {
        csv.push_str(&format!("T-{n},trafficking,2024-{:02}-01,THA,MMR,THA,land,forced_criminality,{n},Scam compound case {n}\n", n % 12 + 1));
    }
    csv.push_str("T-bad,trafficking,2024-02-30,THA,MMR,THA,land,,1,\n");
    let resp = s
        .req(
            reqwest::Method::POST,
            "/api/v1/incidents:import",
            Some(&viewer),
        )
        .header("content-type", "text/csv")
        .body(csv.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let report: Value = s
        .req(
            reqwest::Method::POST,
            "/api/v1/incidents:import",
            Some(&key),
        )
        .header("content-type", "text/csv")
        .body(csv.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (report["created"].as_u64(), report["invalid"].as_u64()),
        (Some(30), Some(1))
    );
    assert_eq!(report["errors"][0]["line"], 32);
    assert_eq!(report["errors"][0]["field"], "occurred_on");
    let again: Value = s
        .req(
            reqwest::Method::POST,
            "/api/v1/incidents:import",
            Some(&key),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(30))
    );

    let mut seen = 0;
    let mut url = "/api/v1/incidents?country=MMR&tag=forced_criminality&limit=7".to_string();
    loop {
        let page: Value = s
            .req(reqwest::Method::GET, &url, Some(&viewer))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => {
                url = format!(
                    "/api/v1/incidents?country=MMR&tag=forced_criminality&limit=7&cursor={c}"
                )
            }
            None => break,
        }
    }
    assert_eq!(seen, 30);
    let q: Value = s
        .req(
            reqwest::Method::GET,
            "/api/v1/incidents?q=case%2017",
            Some(&viewer),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
    let resp = s
        .req(
            reqwest::Method::GET,
            "/api/v1/incidents?from=2024-13-01",
            Some(&viewer),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn openapi_document_describes_the_routes_and_headers_are_safe() {
    let s = Server::start().await;
    let resp = s
        .req(reqwest::Method::GET, "/api/v1/openapi.json", None)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(
        resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(resp.headers().contains_key("x-request-id"));
    let doc: Value = resp.json().await.unwrap();
    for path in [
        "/api/v1/incidents",
        "/api/v1/incidents/{id}",
        "/api/v1/incidents:import",
        "/api/v1/code-lists",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(doc["components"]["schemas"]["Incident"].is_object());
}
