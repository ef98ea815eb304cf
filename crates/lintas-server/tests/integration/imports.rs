//! Incident uploads stream: the report lists the first problems and counts all of them, the
//! full list downloads for its importer only, input without line breaks is refused at its
//! line, and the web page takes files past axum's 2 MB default.

use crate::checks_ui::Ui;
use crate::on_both_backends;
use crate::support::Server;

use lintas_model::Role;
use reqwest::StatusCode;
use serde_json::Value;

on_both_backends! {
    a_large_upload_lists_the_first_problems_and_counts_them_all => a_large_upload_lists_the_first_problems_and_counts_them_all;
}

const HEADER: &str = "external_ref,kind,occurred_on,place_country,origin,destination,migrants\n";

async fn upload(s: &Server, key: &str, media: &str, body: Vec<u8>) -> Value {
    let resp = s
        .req(reqwest::Method::POST, "/api/v1/incidents:import", Some(key))
        .header("content-type", media)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.unwrap()
}

async fn a_large_upload_lists_the_first_problems_and_counts_them_all(s: Server) {
    let key = s.key("THA", "RTP", Role::Officer).await;
    let colleague = s.key("THA", "RTP", Role::Officer).await;
    let mut csv = String::from(HEADER);
    for n in 0..2600 {
        if n % 13 == 0 {
            csv.push_str(&format!("G-{n},smuggling,2024-05-01,THA,MMR,MYS,12\n"));
        } else if n % 2 == 0 {
            csv.push_str(&format!("B-{n},smuggling,2024-02-30,THA,MMR,MYS,12\n"));
        } else {
            csv.push_str(&format!("B-{n},smugling,2024-05-01,THA,MMR,MYS,many\n"));
        }
    }
    let report = upload(&s, &key, "text/csv", csv.into_bytes()).await;
    assert_eq!(report["created"], 200);
    assert_eq!(report["invalid"], 2400);
    let listed = report["errors"].as_array().unwrap();
    assert_eq!(listed.len(), lintas_app::import::SHOWN_ERRORS);
    assert_eq!(listed[0]["line"], 3);
    assert_eq!(report["errors_truncated"], true);
    let counts: Vec<(String, String, u64)> = report["error_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap().to_string(),
                c["code"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    // 1,200 impossible dates; 1,200 rows with a bad kind and a bad count each.
    let total: u64 = counts.iter().map(|c| c.2).sum();
    assert_eq!(total, 3600, "{counts:?}");
    assert!(counts.iter().any(|c| c.0 == "occurred_on" && c.2 == 1200));
    assert!(counts.iter().any(|c| c.0 == "migrants" && c.2 == 1200));

    let url = report["errors_url"].as_str().unwrap();
    let resp = s
        .req(reqwest::Method::GET, url, Some(&key))
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
    let text = resp.text().await.unwrap();
    assert_eq!(text.lines().count(), 3601);
    assert!(text.starts_with("line,field,code,message\n"));
    // Another user of the same agency does not get someone else's report.
    let resp = s
        .req(reqwest::Method::GET, url, Some(&colleague))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    // A small clean upload has no truncation fields and no error list to download.
    let clean = upload(
        &s,
        &key,
        "text/csv",
        format!("{HEADER}C-1,smuggling,2024-05-01,THA,MMR,MYS,3\n").into_bytes(),
    )
    .await;
    assert!(clean.get("errors_truncated").is_none() && clean.get("errors_url").is_none());
}

#[tokio::test]
async fn input_without_line_breaks_is_refused_at_its_line() {
    let s = Server::start().await;
    let key = s.key("IDN", "Polri", Role::Officer).await;
    let mut csv = format!("{HEADER}A-1,smuggling,2024-05-01,IDN,AFG,AUS,4\n").into_bytes();
    csv.extend(std::iter::repeat_n(b'x', 3 << 20));
    let report = upload(&s, &key, "text/csv", csv).await;
    assert_eq!(report["created"], 1);
    assert_eq!(report["invalid"], 1);
    let message = report["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("line 3 is longer than 1 MiB"), "{message}");

    let jsonl = vec![b'{'; 3 << 20];
    let report = upload(&s, &key, "application/x-ndjson", jsonl).await;
    assert_eq!(report["errors"][0]["line"], 1);
    assert_eq!(report["invalid"], 1);

    let array = String::from(
        "[\n{\"kind\":\"smuggling\",\"occurred_on\":\"2024-05-01\",\"place\":{\"country\":\"IDN\"}},\n{\"kind\": ]",
    );
    let report = upload(&s, &key, "application/json", array.into_bytes()).await;
    assert_eq!(report["created"], 1);
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["errors"][0]["code"], "malformed_json");
}

// Multi-threaded: the client and the server share the test's runtime, and a single thread
// busy storing batches starves the client's writes past the body-read timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_upload_takes_files_past_two_megabytes() {
    let ui = Ui::start(Server::start().await, "idn.importer", Role::Officer).await;
    let mut csv = String::from(HEADER);
    let mut n = 0;
    while csv.len() < 3 << 20 {
        csv.push_str(&format!(
            "W-{n},smuggling,2024-05-01,IDN,AFG,AUS,{}\n",
            n % 50
        ));
        n += 1;
    }
    let (status, page) = ui.upload("/import", &[], &csv).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(&format!("{n} created")), "{page}");
}
