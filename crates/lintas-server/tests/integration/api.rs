//! The HTTP API end to end: a real server on a loopback port, over SQLite and PostgreSQL alike.

use crate::on_both_backends;
use crate::support::Server;

use lintas_model::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends! {
    every_protected_route_refuses_anonymous_and_bad_keys => every_protected_route_refuses_anonymous_and_bad_keys;
    incident_lifecycle_with_etags_and_field_errors => incident_lifecycle_with_etags_and_field_errors;
    another_member_cannot_read_list_change_or_import_over_a_national_record => another_member_cannot_read_list_change_or_import_over_a_national_record;
    import_reports_rows_and_listing_filters_and_pages => import_reports_rows_and_listing_filters_and_pages;
    openapi_document_describes_the_routes_and_headers_are_safe => openapi_document_describes_the_routes_and_headers_are_safe;
    vessel_track_and_events_export_follow_sharing => vessel_track_and_events_export_follow_sharing;
    sar_incidents_crud_tenancy_and_summary => sar_incidents_crud_tenancy_and_summary;
    corridors_are_drawn_shared_and_checked => corridors_are_drawn_shared_and_checked;
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

async fn every_protected_route_refuses_anonymous_and_bad_keys(s: Server) {
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

async fn incident_lifecycle_with_etags_and_field_errors(s: Server) {
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

async fn another_member_cannot_read_list_change_or_import_over_a_national_record(s: Server) {
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

async fn import_reports_rows_and_listing_filters_and_pages(s: Server) {
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

async fn openapi_document_describes_the_routes_and_headers_are_safe(s: Server) {
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
        "/api/v1/vessels/{mmsi}/track",
        "/api/v1/ais-events:export",
        "/api/v1/sar-incidents/{id}",
        "/api/v1/sar-incidents:summary",
        "/api/v1/corridors",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(doc["components"]["schemas"]["Incident"].is_object());
}

// ---- The maritime picture ----

async fn principal_of(s: &Server, key: &str) -> lintas_store::Principal {
    s.store.authenticate_api_key(key).await.unwrap().unwrap()
}

fn position(t: i64, i: i32) -> lintas_model::maritime::Position {
    lintas_model::maritime::Position {
        mmsi: 525_019_877,
        t,
        lat: f64::from(-5_400_000 - i * 500) / 600_000.0,
        lon: f64::from(66_600_000 + i * 800) / 600_000.0,
        sog: Some(7.1),
        cog: Some(121.5),
        heading: None,
    }
}

async fn get(s: &Server, path: &str, key: Option<&str>) -> reqwest::Response {
    s.req(reqwest::Method::GET, path, key).send().await.unwrap()
}

async fn vessel_track_and_events_export_follow_sharing(s: Server) {
    let idn = s.key("IDN", "BAKAMLA", Role::Officer).await;
    let aus = s.key("AUS", "ABF", Role::Analyst).await;
    let nzl = s.key("NZL", "INZ", Role::Analyst).await;
    let idn_p = principal_of(&s, &idn).await;
    let regional = lintas_model::Sharing {
        level: "regional".into(),
        states: vec![],
    };
    let source = s.store.ais_source(&idn_p, &regional).await.unwrap();
    let t0 = 1_761_955_200; // 2025-11-01T00:00:00Z
    let track: Vec<_> = (0..30)
        .map(|i| position(t0 + i64::from(i) * 600, i))
        .collect();
    s.store.store_positions(&source, &track).await.unwrap();

    let resp = get(
        &s,
        "/api/v1/vessels/525019877/track?from=2025-11-01T01:00:00Z&to=2025-11-01T02:00:00Z",
        Some(&aus),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    let got: Vec<lintas_model::maritime::Position> =
        serde_json::from_value(body["positions"].clone()).unwrap();
    // JSON numbers parse to within a unit in the last place: compare at the stored precision.
    let units = |p: &lintas_model::maritime::Position| {
        (
            p.t,
            (p.lat * 600_000.0).round() as i64,
            (p.lon * 600_000.0).round() as i64,
            p.sog,
            p.cog,
        )
    };
    assert_eq!(
        got.iter().map(units).collect::<Vec<_>>(),
        track[6..=12].iter().map(units).collect::<Vec<_>>()
    );
    let latest: Value = get(&s, "/api/v1/vessels?bbox=105,-12,115,-8", Some(&aus))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(latest["items"][0]["mmsi"], 525_019_877);
    assert_eq!(latest["items"][0]["last"]["t"], t0 + 29 * 600);
    let empty: Value = get(&s, "/api/v1/vessels?bbox=90,0,100,10", Some(&aus))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(empty["items"], json!([]));
    assert_eq!(
        get(&s, "/api/v1/vessels?bbox=1,2,3", Some(&aus))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&s, "/api/v1/vessels/1234/track", Some(&aus))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&s, "/api/v1/vessels/525019878", Some(&aus))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Events: one regional loitering, one national gap.
    let loiter = lintas_ais::detect::Event {
        mmsi: 525_019_877,
        other_mmsi: None,
        start: t0,
        end: t0 + 5 * 3600,
        duration_s: 5 * 3600,
        lat: -10.05,
        lon: 105.1,
        distance_from_shore_nm: 40.2,
        detail: lintas_ais::detect::EventDetail::Loitering {
            mean_speed_knots: 0.7,
            params: lintas_ais::detect::DetectorConfig::default().loitering,
        },
    };
    let mut gap = loiter.clone();
    gap.start += 86_400;
    gap.detail = lintas_ais::detect::EventDetail::AisGap {
        suspected_disabling: true,
        end_lat: -11.8,
        end_lon: 121.2,
        end_distance_from_shore_nm: 95.0,
        params: lintas_ais::detect::DetectorConfig::default().gap,
    };
    s.store
        .store_events(&idn_p, &regional, std::slice::from_ref(&loiter))
        .await
        .unwrap();
    s.store
        .store_events(&idn_p, &lintas_model::Sharing::default(), &[gap])
        .await
        .unwrap();

    let list: Value = get(&s, "/api/v1/ais-events", Some(&idn))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let list: Value = get(
        &s,
        "/api/v1/ais-events?kind=loitering&mmsi=525019877",
        Some(&aus),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["start"], "2025-11-01T00:00:00Z");

    let resp = get(&s, "/api/v1/ais-events:export?format=geojson", Some(&aus)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/geo+json");
    let fc: Value = resp.json().await.unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "AUS sees only the regional event");
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        json!([105.1, -10.05])
    );
    assert_eq!(features[0]["properties"]["kind"], "loitering");
    assert_eq!(
        features[0]["properties"]["detail"]["mean_speed_knots"],
        0.7f32 as f64
    );

    let resp = get(&s, "/api/v1/ais-events:export?format=csv", Some(&idn)).await;
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = resp.text().await.unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "owner",
            "kind",
            "mmsi",
            "other_mmsi",
            "start",
            "end",
            "duration_s",
            "lat",
            "lon",
            "distance_from_shore_nm",
            "detail"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (&rows[0][2], &rows[0][3], &rows[0][5]),
        ("ais_gap", "525019877", "2025-11-02T00:00:00Z")
    );
    let detail: Value = serde_json::from_str(&rows[0][11]).unwrap();
    assert_eq!(detail["suspected_disabling"], true);
    assert_eq!(
        get(&s, "/api/v1/ais-events:export?format=kml", Some(&idn))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    // NZL sees the regional track but no national event.
    let list: Value = get(&s, "/api/v1/ais-events?kind=ais_gap", Some(&nzl))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], json!([]));
    assert_eq!(
        get(&s, "/api/v1/ais-events", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

fn sar_body(sharing: &str) -> Value {
    json!({
        "occurred_at": "2026-03-02T04:10:00Z",
        "lat": -12.2, "lon": 122.9, "country": "AUS",
        "people_on_board": 32, "rescued": 30, "dead": 0, "missing": 2,
        "vessels": [{"mmsi": 525019877, "name": "unnamed wooden boat"}],
        "responding_agency": "AMSA JRCC Australia",
        "sharing": {"level": sharing}
    })
}

async fn sar_incidents_crud_tenancy_and_summary(s: Server) {
    let aus = s.key("AUS", "AMSA", Role::Officer).await;
    let aus_viewer = s.key("AUS", "AMSA", Role::Viewer).await;
    let idn = s.key("IDN", "BASARNAS", Role::Officer).await;

    let resp = s
        .req(
            reqwest::Method::POST,
            "/api/v1/sar-incidents",
            Some(&aus_viewer),
        )
        .json(&sar_body("national"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let mut bad = sar_body("national");
    bad["dead"] = json!(9);
    bad["vessels"][0]["mmsi"] = json!(12);
    let resp = s
        .req(reqwest::Method::POST, "/api/v1/sar-incidents", Some(&aus))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = problem(resp).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["people_on_board", "vessels[0].mmsi"]);
    let resp = s
        .req(reqwest::Method::POST, "/api/v1/sar-incidents", Some(&aus))
        .json(&json!({"occurred_at": "yesterday"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(resp).await["errors"][0]["field"], "occurred_at");

    let resp = s
        .req(reqwest::Method::POST, "/api/v1/sar-incidents", Some(&aus))
        .json(&sar_body("national"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers()["etag"], "\"1\"");
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let created: Value = resp.json().await.unwrap();
    assert_eq!(
        (created["owner"].as_str(), created["rescued"].as_u64()),
        (Some("AUS"), Some(30))
    );

    // National: Indonesia gets 404 for everything, and sees no counts.
    assert_eq!(
        get(&s, &location, Some(&idn)).await.status(),
        StatusCode::NOT_FOUND
    );
    let resp = s
        .req(reqwest::Method::DELETE, &location, Some(&idn))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let summary: Value = get(&s, "/api/v1/sar-incidents:summary", Some(&idn))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["items"], json!([]));
    assert_eq!(
        get(&s, &location, None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let resp = s
        .req(reqwest::Method::PUT, &location, Some(&aus))
        .json(&sar_body("regional"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PRECONDITION_REQUIRED);
    let resp = s
        .req(reqwest::Method::PUT, &location, Some(&aus))
        .header("If-Match", "\"1\"")
        .json(&sar_body("regional"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["etag"], "\"2\"");
    assert_eq!(
        get(&s, &location, Some(&idn)).await.status(),
        StatusCode::OK
    );
    let resp = s
        .req(reqwest::Method::PUT, &location, Some(&idn))
        .header("If-Match", "\"2\"")
        .json(&sar_body("regional"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    let summary: Value = get(&s, "/api/v1/sar-incidents:summary?country=AUS", Some(&idn))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary["items"],
        json!([{"month": "2026-03", "country": "AUS", "incidents": 1, "rescued": 30, "dead": 0, "missing": 2}])
    );
    let list: Value = get(&s, "/api/v1/sar-incidents?mmsi=525019877", Some(&idn))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let resp = s
        .req(reqwest::Method::DELETE, &location, Some(&aus))
        .header("If-Match", "\"2\"")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get(&s, &location, Some(&aus)).await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn corridors_are_drawn_shared_and_checked(s: Server) {
    let aus = s.key("AUS", "ABF", Role::Officer).await;
    let idn = s.key("IDN", "BAKAMLA", Role::Officer).await;
    let body = json!({
        "name": "Ashmore–Cartier approaches",
        "geometry": {"type": "Polygon", "coordinates": [[[121.5, -13.5], [124.5, -13.5], [124.5, -11.0], [121.5, -11.0], [121.5, -13.5]]]}
    });
    let resp = s
        .req(reqwest::Method::POST, "/api/v1/corridors", Some(&aus))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let created: Value = resp.json().await.unwrap();
    assert_eq!(created["sharing"]["level"], "national");
    let path = format!("/api/v1/corridors/{}", created["id"].as_str().unwrap());
    assert_eq!(
        get(&s, &path, Some(&idn)).await.status(),
        StatusCode::NOT_FOUND
    );
    let list: Value = get(&s, "/api/v1/corridors", Some(&aus))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let mut line = body.clone();
    line["geometry"] = json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]});
    let resp = s
        .req(reqwest::Method::POST, "/api/v1/corridors", Some(&aus))
        .json(&line)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(resp).await["errors"][0]["field"], "geometry");
    let resp = s
        .req(reqwest::Method::DELETE, &path, Some(&aus))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
}
