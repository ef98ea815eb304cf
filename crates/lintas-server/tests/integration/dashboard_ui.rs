//! The dashboard over a chosen period, on both backends: headline counts of incidents and
//! people, incidents known only to the year kept out of the monthly bins (and counted in a
//! note), bars that link to the incidents behind them, and a bad period named.

use crate::checks_ui::Ui;
use crate::on_both_backends;
use crate::support::Server;

use lintas_model::{Incident, Role};
use reqwest::StatusCode;
use serde_json::json;

fn incident(occurred: &str, counts: serde_json::Value) -> Incident {
    serde_json::from_value(json!({
        "kind": "smuggling", "occurred_on": occurred, "place": {"country": "IDN"},
        "counts": counts, "narrative": "Dashboard", "sharing": {"level": "national"}
    }))
    .unwrap()
}

async fn dashboard_counts_people_and_keeps_year_only_dates_out_of_months(server: Server) {
    let ui = Ui::start(server, "dewi", Role::Viewer).await;
    let officer = ui.principal(Role::Officer).await;
    for (date, counts) in [
        ("2025-01-05", json!({"migrants": 10})),
        ("2025-01-20", json!({"migrants": 12, "dead_or_missing": 1})),
        ("2025-01", json!({"migrants": 8})),
        ("2025", json!({"victims": 2, "dead_or_missing": 1})),
        ("2025", json!({"victims": 2})),
        ("2024-06-01", json!({"migrants": 100})),
    ] {
        ui.server
            .store
            .create_incident(&officer, incident(date, counts))
            .await
            .unwrap();
    }
    let (status, page) = ui.get("/?from=2025-01&to=2025-12").await;
    assert_eq!(status, StatusCode::OK);
    let headline = &page[page.find(r#"id="headline""#).unwrap()..];
    let headline = &headline[..headline.find("</ul>").unwrap()];
    for figure in [
        r#"<span class="figure">5</span> incidents"#,
        r#"<span class="figure">30</span> migrants"#,
        r#"<span class="figure">4</span> victims"#,
        r#"<span class="figure">2</span> dead or missing"#,
    ] {
        assert!(headline.contains(figure), "{figure} in {headline}");
    }
    // January holds the three incidents known to the month, not the two known to the year.
    assert!(page.contains("2025-01 smuggling: 3"), "{page}");
    assert!(
        page.contains("2 incidents whose date is known only to the year"),
        "{page}"
    );
    assert!(page.contains(r#"href="/incidents?from=2025-01-01&amp;to=2025-12-31">2025: 2</a>"#));
    // Each bar leads to the incidents behind it.
    assert!(page.contains(
        r#"<a href="/incidents?kind=smuggling&amp;from=2025-01-01&amp;to=2025-01-31" aria-label="2025-01 smuggling: 3 incidents">"#
    ));
    assert!(
        page.contains(r#"href="/incidents?kind=smuggling&amp;from=2025-01-01&amp;to=2025-12-31""#)
    );
    assert!(page.contains(r#"value="2025-01""#) && page.contains(r#"value="2025-12""#));

    let (status, page) = ui.get("/?from=2025-13").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("`from` must be a month (YYYY-MM), not `2025-13`"),
        "{page}"
    );
}

on_both_backends! {
    dashboard_people_and_precision => dashboard_counts_people_and_keeps_year_only_dates_out_of_months;
}
