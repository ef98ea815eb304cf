//! Border checks end to end: a real server on a loopback port over a temporary SQLite store.

use crate::support;

use std::sync::Arc;

use lintas_model::Role;
use lintas_mrz::{Format, MrzFields, Sex, generate};
use lintas_store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::{Date, Month};

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
        self.0.key(member, "Immigration", role).await
    }

    async fn post(&self, path: &str, key: Option<&str>, body: Value) -> reqwest::Response {
        let mut r = self
            .client
            .request(Method::POST, format!("{}{path}", self.base))
            .json(&body);
        if let Some(k) = key {
            r = r.bearer_auth(k);
        }
        r.send().await.unwrap()
    }

    async fn ok(&self, path: &str, key: &str, body: Value) -> Value {
        let resp = self.post(path, Some(key), body).await;
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.unwrap()
    }

    async fn upload(&self, path: &str, key: &str, body: &str) -> Value {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(key)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        resp.json().await.unwrap()
    }
}

fn date(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).unwrap()
}

/// A passport MRZ written by our generator from plain fields.
fn passport(issuer: &str, number: &str, surname: &str, given: &str, nationality: &str) -> String {
    generate(&MrzFields {
        format: Format::TD3,
        document_code: "P".into(),
        issuing_state: issuer.into(),
        surname: surname.into(),
        given_names: given.into(),
        document_number: number.into(),
        nationality: nationality.into(),
        birth_date: Some(date(1988, Month::April, 12)),
        sex: Sex::Male,
        expiry_date: Some(date(2031, Month::June, 30)),
        optional_data: String::new(),
        optional_data_2: String::new(),
        language: Default::default(),
    })
    .unwrap()
    .lines
    .join("\n")
}

fn codes(check: &Value) -> Vec<&str> {
    check["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect()
}

async fn problem(resp: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(resp.status(), status);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn a_valid_passport_passes_and_a_bad_check_digit_names_its_field() {
    let s = Server::start().await;
    let key = s.key("AUS", Role::Officer).await;
    let mrz = passport("IDN", "C4X81327", "SETIAWAN", "BUDI", "IDN");
    let check = s
        .ok("/api/v1/checks/document", &key, json!({ "mrz": mrz }))
        .await;
    assert_eq!(check["valid"], true, "{check}");
    assert_eq!(check["alert"], false);
    assert_eq!(check["document"]["format"], "TD3");
    assert_eq!(check["document"]["document_number"]["value"], "C4X81327");
    assert_eq!(check["document"]["birth_date"]["value"], "1988-04-12");
    assert!(codes(&check).is_empty(), "{check}");
    assert_eq!(check["registry_hits"], json!([]));
    assert_eq!(check["screening"]["name"], "BUDI SETIAWAN");
    assert_eq!(check["screening"]["nationality"], "IDN");

    // Change the document number's check digit (line 2, position 10).
    let mut lines: Vec<String> = mrz.lines().map(str::to_string).collect();
    let printed = lines[1].as_bytes()[9];
    let wrong = if printed == b'0' { '1' } else { '0' };
    lines[1].replace_range(9..10, &wrong.to_string());
    let check = s
        .ok(
            "/api/v1/checks/document",
            &key,
            json!({ "mrz": lines.join("\n") }),
        )
        .await;
    assert_eq!(check["valid"], false);
    assert_eq!(check["alert"], true);
    assert_eq!(check["document"]["errors"][0]["field"], "document_number");
    assert_eq!(check["document"]["errors"][0]["code"], "check_digit");
    assert_eq!(check["document"]["document_number"]["valid"], false);
    assert_eq!(check["document"]["birth_date"]["valid"], true);
    assert!(codes(&check).contains(&"check_digit_failure"), "{check}");
}

#[tokio::test]
async fn registry_hits_follow_sharing() {
    let s = Server::start().await;
    let idn = s.key("IDN", Role::Officer).await;
    let aus = s.key("AUS", Role::Analyst).await;
    for (number, status, level) in [
        ("C4X81327", "stolen", "regional"),
        ("B7654321", "lost", "national"),
    ] {
        let resp = s
            .post(
                "/api/v1/registry/documents",
                Some(&idn),
                json!({"issuing_state": "IDN", "document_number": number, "status": status,
                       "reported_on": "2026-09-14", "sharing": {"level": level}}),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let stolen = passport("IDN", "C4X81327", "SETIAWAN", "BUDI", "IDN");
    let check = s
        .ok("/api/v1/checks/document", &aus, json!({ "mrz": stolen }))
        .await;
    assert_eq!(check["alert"], true);
    assert_eq!(check["registry_hits"][0]["owner"], "IDN");
    assert_eq!(check["registry_hits"][0]["status"], "stolen");
    let hit = check["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "registry_hit")
        .unwrap_or_else(|| panic!("no registry_hit in {check}"));
    assert_eq!(hit["severity"], "high");
    assert_eq!(hit["message"], "Reported stolen by IDN on 2026-09-14.");

    // IDN's national report is invisible to AUS, visible to IDN.
    let lost = passport("IDN", "B7654321", "WIJAYA", "ANDI", "IDN");
    let check = s
        .ok("/api/v1/checks/document", &aus, json!({ "mrz": lost }))
        .await;
    assert_eq!(check["registry_hits"], json!([]));
    assert!(!codes(&check).contains(&"registry_hit"));
    let check = s
        .ok("/api/v1/checks/document", &idn, json!({ "mrz": lost }))
        .await;
    assert_eq!(check["registry_hits"][0]["status"], "lost");

    // Lookup by number in any spelling; CSV import reports rows and is idempotent.
    let found: Value = s
        .client
        .get(format!(
            "{}/api/v1/registry/documents/idn/c4x-813%2027",
            s.base
        ))
        .bearer_auth(&aus)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["items"][0]["document_number"], "C4X81327");
    let csv = "issuing_state,document_number,status,reported_on,sharing_level\nIDN,X1,stolen_blank,2026-01-05,regional\nIDN,X2,gone,2026-01-05,regional\n";
    let report = s
        .upload("/api/v1/registry/documents:import", &idn, csv)
        .await;
    assert_eq!(
        (report["created"].as_u64(), report["invalid"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (&report["errors"][0]["line"], &report["errors"][0]["field"]),
        (&json!(3), &json!("status"))
    );
    let again = s
        .upload("/api/v1/registry/documents:import", &idn, csv)
        .await;
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
}

#[tokio::test]
async fn person_check_finds_a_listed_name_written_differently_and_respects_tenancy() {
    let s = Server::start().await;
    let idn = s.key("IDN", Role::Officer).await;
    let aus = s.key("AUS", Role::Analyst).await;
    let list = "id,name,aliases,birth_dates,nationalities,gender,identifiers,kind,reason,listed_on\n\
                IDN-001,MUHAMMAD NABI KARIMI,,1988-04-12,AFG,male,,person,smuggling network organiser,2024-05-01\n\
                IDN-002,Zaw Min Htut,,1985,MMR,male,,person,boat recruiter,2024-06-11\n";
    let imported = s
        .upload(
            "/api/v1/watchlists:import?list=Facilitators&format=csv&sharing=regional",
            &idn,
            list,
        )
        .await;
    assert_eq!(
        (imported["added"].as_u64(), imported["version"].as_i64()),
        (Some(2), Some(1))
    );
    let secret = "id,name\nIDN-S1,Ketut Arta Wibawa\n";
    s.upload("/api/v1/watchlists:import?list=Internal", &idn, secret)
        .await;

    let result = s
        .ok(
            "/api/v1/checks/person",
            &aus,
            json!({"name": "Mohammed Nabi Karimi", "birth_date": "1988", "nationality": "AFG"}),
        )
        .await;
    let m = &result["matches"][0];
    assert_eq!(
        (&m["list"], &m["id"], &m["name"], &m["listing_state"]),
        (
            &json!("Facilitators"),
            &json!("IDN-001"),
            &json!("MUHAMMAD NABI KARIMI"),
            &json!("IDN")
        )
    );
    assert!(m["score"].as_f64().unwrap() >= 0.7, "{result}");
    assert!(!m["reasons"].as_array().unwrap().is_empty());
    assert_eq!(m["reason"], "smuggling network organiser");

    // The national list exists for IDN only.
    let q = json!({"name": "Ketut Arta Wibawa"});
    assert_eq!(
        s.ok("/api/v1/checks/person", &aus, q.clone()).await["matches"],
        json!([])
    );
    assert_eq!(
        s.ok("/api/v1/checks/person", &idn, q).await["matches"][0]["id"],
        "IDN-S1"
    );
    let lists: Value = s
        .client
        .get(format!("{}/api/v1/watchlists", s.base))
        .bearer_auth(&aus)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(lists.as_array().unwrap().len(), 1);

    // The holder of a document is screened too (name, birth date and nationality).
    let mrz = passport("AFG", "P0123456", "KARIMI", "MOHAMMAD NABI", "AFG");
    let check = s
        .ok("/api/v1/checks/document", &aus, json!({ "mrz": mrz }))
        .await;
    assert_eq!(check["screening"]["matches"][0]["id"], "IDN-001", "{check}");
    assert_eq!(check["alert"], true);
}

#[tokio::test]
async fn documents_from_fields_get_date_indicators() {
    let s = Server::start().await;
    let key = s.key("NZL", Role::Viewer).await;
    let fields = |birth: &str, expiry: &str| {
        json!({"fields": {"issuing_state": "nzl", "document_number": "LA123456", "surname": "Tane",
               "given_names": "Aroha", "nationality": "NZL", "sex": "F",
               "birth_date": birth, "expiry_date": expiry}})
    };
    let check = s
        .ok(
            "/api/v1/checks/document",
            &key,
            fields("2031-01-01", "2030-01-01"),
        )
        .await;
    assert_eq!(check["document"]["birth_date"]["value"], "2031-01-01");
    let found = codes(&check);
    assert!(found.contains(&"birth_in_future"), "{check}");
    assert!(found.contains(&"expiry_before_birth"), "{check}");
    assert_eq!(check["mrz"].as_array().unwrap().len(), 2);
    // A 1920 birth is not read back as 2020 (two-digit years), and is not implausible.
    let check = s
        .ok(
            "/api/v1/checks/document",
            &key,
            fields("1920-05-01", "2045-01-01"),
        )
        .await;
    assert_eq!(check["document"]["birth_date"]["value"], "1920-05-01");
    assert_eq!(codes(&check), ["expiry_too_far_ahead"]);
    let check = s
        .ok(
            "/api/v1/checks/document",
            &key,
            fields("1890-05-01", "2020-01-01"),
        )
        .await;
    let found = codes(&check);
    assert!(
        found.contains(&"age_implausible") && found.contains(&"expired"),
        "{check}"
    );
}

#[tokio::test]
async fn checks_need_a_key_and_a_role_that_may_and_name_bad_fields() {
    let s = Server::start().await;
    let rso = s.key("RSO", Role::RegionalAnalyst).await;
    let analyst = s.key("THA", Role::Analyst).await;
    let body = json!({"name": "Somchai Srisuk"});
    for path in ["/api/v1/checks/person", "/api/v1/checks/document"] {
        problem(
            s.post(path, None, body.clone()).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        problem(
            s.post(path, Some(&rso), body.clone()).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let p = problem(
        s.post(
            "/api/v1/registry/documents",
            Some(&analyst),
            json!({"issuing_state": "THA", "document_number": "AA1", "status": "lost", "reported_on": "2026-01-01"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("analyst"));

    let field_of = |v: Value| v["errors"][0]["field"].as_str().unwrap().to_string();
    for (path, body, field) in [
        ("/api/v1/checks/person", json!({"names": [" "]}), "name"),
        (
            "/api/v1/checks/person",
            json!({"name": "A B", "birth_date": "1990-13"}),
            "birth_date",
        ),
        (
            "/api/v1/checks/person",
            json!({"name": "A B", "threshold": "high"}),
            "threshold",
        ),
        (
            "/api/v1/checks/person",
            json!({"name": "A B", "threshold": 1.5}),
            "threshold",
        ),
        (
            "/api/v1/checks/person",
            json!({"name": "A B", "gender": "q"}),
            "gender",
        ),
        (
            "/api/v1/checks/person",
            json!({"name": "A B", "nick": "q"}),
            "nick",
        ),
        ("/api/v1/checks/document", json!({}), "mrz"),
        (
            "/api/v1/checks/document",
            json!({"mrz": "P<IDNSHORT"}),
            "mrz",
        ),
        (
            "/api/v1/checks/document",
            json!({"fields": {"issuing_state": "XQZ", "document_number": "1", "nationality": "IDN"}}),
            "fields.issuing_state",
        ),
        (
            "/api/v1/checks/document",
            json!({"fields": {"issuing_state": "IDN", "document_number": "1", "nationality": "IDN", "birth_date": "1990-02-30"}}),
            "fields.birth_date",
        ),
    ] {
        let p = problem(
            s.post(path, Some(&analyst), body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(field_of(p.clone()), field, "{path} {body}: {p}");
    }
}

#[tokio::test]
async fn openapi_documents_the_check_routes() {
    let s = Server::start().await;
    let doc: Value = s
        .client
        .get(format!("{}/api/v1/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/checks/document",
        "/api/v1/checks/person",
        "/api/v1/registry/documents",
        "/api/v1/registry/documents:import",
        "/api/v1/registry/documents/{issuing_state}/{document_number}",
        "/api/v1/watchlists",
        "/api/v1/watchlists:import",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
        assert!(
            lintas_server::route_table()
                .iter()
                .any(|(_, p, _)| p == path),
            "{path} missing from route_table()"
        );
    }
    assert!(doc["components"]["schemas"]["DocumentCheck"].is_object());
    assert!(doc["components"]["schemas"]["RegistryEntry"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_documents_in_docs_checks_md_give_a_registry_hit_and_a_watchlist_match() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        Store::connect(&format!(
            "sqlite://{}",
            dir.path().join("demo.db").display()
        ))
        .await
        .unwrap(),
    );
    let today = store.clock().now().date_naive();
    let seeded = lintas_demo::seed(&store, today).await.unwrap();
    assert!(
        (150..=250).contains(&seeded.registry_entries),
        "{} registry reports",
        seeded.registry_entries
    );
    assert!(seeded.watchlist_entries >= 6 * 120);
    let docs = include_str!("../../../../docs/checks.md");
    let key = &seeded
        .keys
        .iter()
        .find(|k| k.member == "AUS" && k.role == Role::Analyst)
        .unwrap()
        .token;
    assert!(
        docs.contains(key.as_str()),
        "docs/checks.md shows another key"
    );
    for mrz in [lintas_demo::DEMO_STOLEN_MRZ, lintas_demo::DEMO_LISTED_MRZ] {
        assert!(docs.contains(mrz), "docs/checks.md lacks {mrz}");
        assert!(
            docs.contains(&mrz.replace('\n', "\\n")),
            "the curl example lacks {mrz}"
        );
    }
    let s = Server(support::Server::serve(store, dir).await);

    let stolen = s
        .ok(
            "/api/v1/checks/document",
            key,
            json!({"mrz": lintas_demo::DEMO_STOLEN_MRZ}),
        )
        .await;
    assert_eq!(
        (&stolen["valid"], &stolen["alert"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(stolen["registry_hits"][0]["owner"], "IDN");
    assert_eq!(codes(&stolen), ["registry_hit"]);

    let listed = s
        .ok(
            "/api/v1/checks/document",
            key,
            json!({"mrz": lintas_demo::DEMO_LISTED_MRZ}),
        )
        .await;
    assert_eq!(listed["registry_hits"], json!([]));
    assert_eq!(
        listed["screening"]["matches"][0]["id"], "AUS-B1",
        "{listed}"
    );
    let person = s
        .ok(
            "/api/v1/checks/person",
            key,
            json!({"name": "Mohammed Nabi Karimi", "birth_date": "1979", "nationality": "AFG"}),
        )
        .await;
    assert_eq!(person["matches"][0]["list"], "AUS national watchlist");
}
