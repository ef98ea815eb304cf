//! `GET /api/v1/trends/series` and the `/trends` page end to end, on both backends: counts
//! of what the caller may see, other members' aggregate cells suppressed, roles refused, bad
//! parameters named, and a surge shown as an alarm with its chart.

use lintas_model::import::Row;
use lintas_model::{Incident, Role};
use lintas_store::Principal;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{self, Server};

on_both_backends! {
    trends_series_api => trends_series_api;
}

fn incident(n: usize, kind: &str, date: &str, sharing: &str) -> Incident {
    serde_json::from_value(json!({
        "external_ref": format!("T-{n}"), "kind": kind, "occurred_on": date,
        "place": {"country": "IDN"}, "route": {"origin": "AFG", "destination": "AUS"},
        "sharing": {"level": sharing}
    }))
    .unwrap()
}

async fn import(s: &Server, member: &str, incidents: Vec<Incident>) {
    let agency = s.store.ensure_agency(member, "Police").await.unwrap();
    let officer = Principal::local("test", &agency, Role::Officer);
    let rows = incidents
        .into_iter()
        .enumerate()
        .map(|(i, record)| Row {
            line: i as u64 + 1,
            record: Ok(record),
        })
        .collect();
    let report = s
        .store
        .importer(&officer)
        .unwrap()
        .import_batch(rows)
        .await
        .unwrap();
    assert_eq!(report.outcome.invalid, 0, "{:?}", report.errors);
}

async fn trends_series_api(s: Server) {
    // IDN: 3 to 5 smuggling cases a month through 2024 and 2025, 25 in December 2025.
    let mut idn = Vec::new();
    let mut expected = Vec::new();
    let mut n = 0;
    for m in 0..24usize {
        let month = format!("{}-{:02}", 2024 + m / 12, m % 12 + 1);
        let count = if m == 23 { 25 } else { 3 + m % 3 };
        for d in 0..count {
            n += 1;
            idn.push(incident(
                n,
                "smuggling",
                &format!("{month}-{:02}", d + 1),
                "national",
            ));
        }
        expected.push((month, count as u64));
    }
    n += 1;
    idn.push(incident(n, "smuggling", "2025", "national"));
    import(&s, "IDN", idn).await;
    // THA: 2 aggregate cases in March 2025 (suppressed for IDN), 6 in April, and a national
    // one IDN must never count.
    let mut tha = Vec::new();
    for d in 0..2 {
        tha.push(incident(
            100 + d,
            "trafficking",
            &format!("2025-03-{:02}", d + 1),
            "aggregate",
        ));
    }
    for d in 0..6 {
        tha.push(incident(
            200 + d,
            "trafficking",
            &format!("2025-04-{:02}", d + 1),
            "aggregate",
        ));
    }
    tha.push(incident(300, "trafficking", "2025-05-01", "national"));
    import(&s, "THA", tha).await;

    let analyst = s.key("IDN", "Police", Role::Analyst).await;
    let get = |path: String, key: Option<String>| {
        let r = s.req(Method::GET, &path, key.as_deref());
        async move { r.send().await.unwrap() }
    };
    let resp = get(
        "/api/v1/trends/series?by=member,kind&interval=month".into(),
        Some(analyst.clone()),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["interval"], "month");
    assert_eq!(body["by"], json!(["member", "kind"]));
    assert_eq!(
        body["imprecise_excluded"], 1,
        "the case known only to its year"
    );
    assert_eq!(body["suppress_below"], 5);
    let periods: Vec<&str> = body["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(periods.len(), 24);
    let series = body["series"].as_array().unwrap();
    let names: Vec<&str> = series.iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["IDN/smuggling", "THA/trafficking"]);
    for ((cell, period), (month, count)) in series[0]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&periods)
        .zip(&expected)
    {
        assert_eq!(period, month);
        assert_eq!(cell["count"], *count);
    }
    let tha_cells = series[1]["cells"].as_array().unwrap();
    let at = |p: &str| &tha_cells[periods.iter().position(|x| *x == p).unwrap()];
    assert_eq!(at("2025-03"), &json!({"count": null, "suppressed": true}));
    assert_eq!(at("2025-04"), &json!({"count": 6, "suppressed": false}));
    assert_eq!(at("2025-05"), &json!({"count": 0, "suppressed": false}));
    assert_eq!(body["suppressed_cells"], 1);

    // A range in other label forms, a kind filter, ISO weeks.
    let body: Value = get(
        "/api/v1/trends/series?interval=week&from=2025-W52&to=2025-12-31&kind=smuggling".into(),
        Some(analyst.clone()),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["periods"], json!(["2025-W52", "2026-W01"]));
    assert_eq!(body["series"][0]["name"], "all");
    // 22–28 December and 29–31 December of the 25 December cases (days 1..=25).
    assert_eq!(body["series"][0]["cells"][0]["count"], 4);
    assert_eq!(body["series"][0]["cells"][1]["count"], 0);

    // Roles and bad parameters.
    let viewer = s.key("IDN", "Police", Role::Viewer).await;
    assert_eq!(
        get("/api/v1/trends/series".into(), Some(viewer))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get("/api/v1/trends/series".into(), None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    for (query, field) in [
        ("interval=fortnight", "interval"),
        ("by=colour", "by"),
        ("from=2025-13", "from"),
        ("measure=sar_dead&by=kind", "SAR"),
    ] {
        let resp = get(
            format!("/api/v1/trends/series?{query}"),
            Some(analyst.clone()),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{query}");
        let problem: Value = resp.json().await.unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains(field),
            "{query}: {problem}"
        );
    }

    // The page: the December surge is a current alarm, with one chart per series.
    support::user(
        &s.store,
        "IDN",
        "Police",
        "idn.analyst",
        Role::Analyst,
        "a long passphrase here",
    )
    .await;
    let session = s
        .store
        .login("idn.analyst", "a long passphrase here", None, None)
        .await
        .unwrap()
        .unwrap();
    let page = s
        .client
        .get(format!("{}/trends?by=member&interval=month", s.base))
        .header(
            "cookie",
            format!("{}={}", lintas_server::SESSION_COOKIE, session.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"id="alarms""#), "an alarm table");
    let alarms = &html[html.find(r#"id="alarms""#).unwrap()..];
    let alarms = &alarms[..alarms.find("</table>").unwrap()];
    assert!(
        alarms.contains("<td>IDN</td><td>2025-12</td><td class=\"num\">25</td>"),
        "{alarms}"
    );
    assert!(alarms.contains("ears-c2"), "two years of history: EARS");
    assert_eq!(html.matches("<svg class=\"chart trend-chart\"").count(), 2);
    assert!(html.contains("Alarm 2025-12: 25 observed"));
    assert!(html.contains(r#"href="/trends" aria-current="page""#));
}
