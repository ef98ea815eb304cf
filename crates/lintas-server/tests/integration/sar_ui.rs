//! Search-and-rescue incidents in the browser's HTML: the list (filtered by region), a page per
//! rescue, and another member's national rescue kept out of both.

use crate::checks_ui::Ui;
use crate::support::Server;

use lintas_model::Role;
use lintas_model::maritime::SarIncident;
use lintas_store::Principal;
use reqwest::StatusCode;
use serde_json::json;

fn rescue(country: &str, vessel: &str, level: &str) -> SarIncident {
    serde_json::from_value(json!({
        "occurred_at": "2026-03-02T04:10:00Z", "lat": -10.9, "lon": 123.1, "country": country,
        "people_on_board": 41, "rescued": 38, "dead": 1, "missing": 2,
        "vessels": [{"name": vessel, "mmsi": 525019877}],
        "responding_agency": "BASARNAS", "narrative": "Engine failure south of Rote.",
        "sharing": {"level": level}
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rescues_have_a_list_and_a_page() {
    let ui = Ui::start(Server::start().await, "sari", Role::Viewer).await;
    let officer = ui.principal(Role::Officer).await;
    let store = &ui.server.store;
    let mine = store
        .create_sar(&officer, rescue("IDN", "KM Harapan", "national"))
        .await
        .unwrap();
    store
        .create_sar(&officer, rescue("AUS", "Sea Spirit", "national"))
        .await
        .unwrap();
    let tha = store.ensure_agency("THA", "Royal Thai Navy").await.unwrap();
    let theirs = store
        .create_sar(
            &Principal::local("tha", &tha, Role::Officer),
            rescue("THA", "Secret Boat", "national"),
        )
        .await
        .unwrap();

    let (status, list) = ui.get("/sar").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("KM Harapan (MMSI 525019877)") && list.contains("Sea Spirit"));
    assert!(!list.contains("Secret Boat"));
    assert!(list.contains(&format!(
        r#"<a href="/sar/{}">2026-03-02 04:10Z</a>"#,
        mine.id
    )));
    let (_, filtered) = ui.get("/sar?country=idn").await;
    assert!(
        filtered.contains("KM Harapan") && !filtered.contains("Sea Spirit"),
        "{filtered}"
    );

    let (status, page) = ui.get(&format!("/sar/{}", mine.id)).await;
    assert_eq!(status, StatusCode::OK);
    for fact in [
        "<dd>41</dd>",
        "<dd>38</dd>",
        "<dd>BASARNAS</dd>",
        "Engine failure south of Rote.",
    ] {
        assert!(page.contains(fact), "{fact} in {page}");
    }
    assert!(page.contains(&format!("/maritime?sar={}", mine.id)));
    let (status, _) = ui.get(&format!("/sar/{}", theirs.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = ui.get("/sar/not-a-uuid").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
