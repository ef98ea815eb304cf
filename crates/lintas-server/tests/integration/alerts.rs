//! The alert inbox end to end on the demo: seeding runs detection as the RSO, whose inbox
//! (API and page) shows the injected surges — the route surge as one route alert — each
//! alert opens its incidents, and a review moves it.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use lintas_model::Role;
use lintas_store::{FixedClock, Store};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_rso_sees_the_surge_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut options = lintas_store::ConnectOptions::new(format!(
        "sqlite://{}",
        dir.path().join("demo.db").display()
    ));
    options.clock = Arc::new(FixedClock::new(
        today.and_hms_opt(9, 0, 0).unwrap().and_utc(),
    ));
    let store = Store::open(options).await.unwrap();
    let seeded = lintas_demo::seed(&store, today).await.unwrap();
    let s = Server::serve(Arc::new(store), dir).await;
    let key = &seeded
        .keys
        .iter()
        .find(|k| k.member == "RSO" && k.role == Role::RegionalAnalyst)
        .unwrap()
        .token;

    let list: Value = s
        .req(Method::GET, "/api/v1/alerts?limit=500", Some(key))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["items"].as_array().unwrap();
    let found: BTreeSet<(String, String, String)> = items
        .iter()
        .map(|a| {
            (
                a["scope"].as_str().unwrap().to_string(),
                a["series"].as_str().unwrap().to_string(),
                a["period"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let by_kind = "incidents|month|member,kind|".to_string();
    for surge in lintas_demo::SURGES {
        let month = surge.month(today).unwrap().format("%Y-%m").to_string();
        let series = format!("{}/{}", surge.owner, surge.kind);
        assert!(
            found.contains(&(by_kind.clone(), series.clone(), month.clone())),
            "no alert for the surge {series} in {month}: {found:?}"
        );
    }
    // The surges survive Benjamini–Hochberg over the run's series, and the inbox is not
    // flooded: of the 336 member × kind months evaluated, few others do (docs/trends.md
    // gives the figures: peak-season months of small series alarm too).
    let is_surge = |a: &Value| {
        lintas_demo::SURGES.iter().any(|x| {
            a["scope"] == by_kind.as_str()
                && a["series"] == format!("{}/{}", x.owner, x.kind).as_str()
                && a["period"] == x.month(today).unwrap().format("%Y-%m").to_string().as_str()
        })
    };
    let monthly: Vec<&Value> = items
        .iter()
        .filter(|a| a["scope"] == by_kind.as_str())
        .collect();
    assert!(
        monthly
            .iter()
            .filter(|a| is_surge(a))
            .all(|a| a["alarm_fdr"] == true)
    );
    let others_fdr = monthly
        .iter()
        .filter(|a| !is_surge(a) && a["alarm_fdr"] == true)
        .count();
    eprintln!(
        "demo, RSO view, member x kind per month: {} alarms besides the {} surges, {} of them after BH",
        monthly.len() - lintas_demo::SURGES.len(),
        lintas_demo::SURGES.len(),
        others_fdr
    );
    assert!(
        others_fdr <= 12,
        "{others_fdr} alarms besides the surges survive BH"
    );
    let idn = items
        .iter()
        .find(|a| {
            a["scope"] == by_kind.as_str()
                && a["series"] == "IDN/smuggling"
                && a["period"] == "2026-09"
        })
        .unwrap();
    assert_eq!(idn["state"], "new");
    assert_eq!(idn["alarm"], true);
    assert!(idn["observed"].as_u64().unwrap() >= 18);
    assert!(idn["upper"].as_f64().unwrap() < idn["observed"].as_f64().unwrap());
    // The method that ran and why (Farrington, or EARS C2 where its model cannot be fitted).
    assert!(["farrington", "ears-c2"].contains(&idn["method"].as_str().unwrap()));
    assert!(!idn["reason"].as_str().unwrap().is_empty());

    // The signal line list: the surge's incidents are behind the alert.
    let id = idn["id"].as_str().unwrap();
    let one: Value = s
        .req(Method::GET, &format!("/api/v1/alerts/{id}"), Some(key))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let incidents = one["signal"]["incidents"].as_array().unwrap();
    assert_eq!(
        incidents.len() as u64 + one["signal"]["not_shown"].as_u64().unwrap(),
        idn["observed"].as_u64().unwrap()
    );
    let surge_route = json!(["AFG", "MYS", "IDN", "AUS"]);
    assert!(
        incidents
            .iter()
            .filter(|i| i["route"] == surge_route)
            .count()
            >= 18,
        "{incidents:?}"
    );
    assert!(
        incidents
            .iter()
            .all(|i| i["owner"] == "IDN" && i["kind"] == "smuggling")
    );

    // The page: the route surge is one route alert.
    let password = &seeded
        .users
        .iter()
        .find(|u| u.member == "RSO" && u.role == Role::RegionalAnalyst)
        .unwrap();
    let session = s
        .store
        .login(&password.username, &password.password, None, None)
        .await
        .unwrap()
        .unwrap();
    let cookie = format!("{}={}", lintas_server::SESSION_COOKIE, session.token);
    let page = s
        .client
        .get(format!("{}/alerts", s.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let caption = "2026-09: AFG → MYS → IDN → AUS";
    let at = html
        .find(caption)
        .unwrap_or_else(|| panic!("no route alert: {html}"));
    let table = &html[at..];
    let table = &table[..table.find("</table>").unwrap()];
    for member in ["MYS/smuggling", "IDN/smuggling", "AUS/smuggling"] {
        assert!(
            table.contains(member),
            "{member} not in the route alert: {table}"
        );
    }
    // One alert's page: figures, chart, line list and the review form.
    let page = s
        .client
        .get(format!("{}/alerts/{id}", s.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("<svg class=\"chart trend-chart\""), "a chart");
    assert!(html.contains(r#"id="signal""#), "a line list");
    assert!(html.contains(r#"action="/alerts/"#), "a review form");

    // Review over the API: under review, then confirmed with a reason.
    let moved = s
        .req(
            Method::POST,
            &format!("/api/v1/alerts/{id}/transitions"),
            Some(key),
        )
        .json(&json!({"to": "under_review"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), StatusCode::OK);
    let refused = s
        .req(
            Method::POST,
            &format!("/api/v1/alerts/{id}/transitions"),
            Some(key),
        )
        .json(&json!({"to": "confirmed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert!(body.to_string().contains("reason"), "{body}");
    let confirmed: Value = s
        .req(
            Method::POST,
            &format!("/api/v1/alerts/{id}/transitions"),
            Some(key),
        )
        .header("if-match", "\"2\"")
        .json(&json!({"to": "confirmed", "reason": "Lombok departures confirmed"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(confirmed["state"], "confirmed");
    let open: Value = s
        .req(
            Method::GET,
            "/api/v1/alerts?state=new,under_review&limit=500",
            Some(key),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        open["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != id)
    );
    let bad = s
        .req(Method::GET, "/api/v1/alerts?state=open", Some(key))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // Re-running detection raises nothing new, and the confirmed surge stays out of the
    // baseline of later months.
    let agency = s
        .store
        .ensure_agency("RSO", "Regional Support Office")
        .await
        .unwrap();
    let rso = lintas_store::Principal::local("test", &agency, Role::RegionalAnalyst);
    let started = std::time::Instant::now();
    let again = lintas_app::alerts::run_standard(&s.store, &rso, today, 0.01)
        .await
        .unwrap();
    eprintln!(
        "standard detection run over the demo (RSO view): {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(again.raised, 0, "{again:?}");
    assert!(again.already >= lintas_demo::SURGES.len() as u64);
}
