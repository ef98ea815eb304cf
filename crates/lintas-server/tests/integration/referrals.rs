//! Referrals over HTTP, on both backends: an Indonesian NGO's referral to a Thai shelter is
//! refused without consent (409 naming it), travels with it, carries only the chosen classes,
//! is moved on by the shelter only, is read by nobody else, and loses its content when the
//! consent is revoked.

use crate::on_both_backends;
use crate::support::Server;

use lintas_model::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! {
    referral_over_http_consent_steps_and_withdrawal => referral_over_http_consent_steps_and_withdrawal;
}

async fn send(
    s: &Server,
    method: Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = s.req(method, path, Some(key));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn referral_over_http_consent_steps_and_withdrawal(s: Server) {
    let worker = s.key("IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let admin = s.key("IDN", "Yayasan Pulih", Role::Admin).await;
    let shelter = s
        .key("THA", "Baan Kredtrakarn Shelter", Role::VictimSupport)
        .await;
    let mys = s.key("MYS", "Tenaganita", Role::VictimSupport).await;
    let (status, case) = send(
        &s,
        Method::POST,
        "/api/v1/victim-cases",
        &worker,
        Some(json!({
            "person": {"prs_FirstName": "Ayu", "prs_Citizenship": ["IDN"], "prs_MobilePhone": "+6281200001111"},
            "victim": {"vic_TypeOfExploitation": ["ForcedCriminality"]},
            "events": [{"hte_Type": "Exploitation", "hte_Country": "MMR", "hte_City": "Myawaddy"}]
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    let refer = json!({
        "to_member": "THA", "to_agency": "Baan Kredtrakarn Shelter", "service": "shelter",
        "classes": ["identity", "location"]
    });
    let path = format!("/api/v1/victim-cases/{id}/referrals");

    // Refused without consent, naming it; every error of a bad request at once.
    let (status, p) = send(&s, Method::POST, &path, &worker, Some(refer.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("Baan Kredtrakarn Shelter"),
        "{p}"
    );
    let (status, p) = send(
        &s,
        Method::POST,
        &path,
        &worker,
        Some(json!({"to_member": "XXX", "to_agency": "", "service": "", "reason": "Whim"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["to_member", "to_agency", "service", "reason"]);
    // Other roles are refused before anything.
    let (status, _) = send(&s, Method::POST, &path, &admin, Some(refer.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // With consent it travels; the shelter sees identity and location, nothing else.
    let (status, k) = send(
        &s,
        Method::POST,
        &format!("/api/v1/victim-cases/{id}/consents"),
        &worker,
        Some(json!({"purpose": "referral", "organisation": "Baan Kredtrakarn Shelter", "language": "id", "valid_from": "2026-01-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{k}");
    let (status, r) = send(&s, Method::POST, &path, &worker, Some(refer)).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let rid = r["id"].as_str().unwrap().to_string();
    assert_eq!(r["state"]["step"], "sent");
    let (status, inbox) = send(&s, Method::GET, "/api/v1/referrals", &shelter, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(inbox["items"].as_array().unwrap().len(), 1);
    let got = &inbox["items"][0];
    assert_eq!(
        got["content"]["person"],
        json!({"prs_FirstName": "Ayu", "prs_Citizenship": ["IDN"], "prs_MobilePhone": "+6281200001111"})
    );
    assert_eq!(
        got["content"]["events"],
        json!([{"hte_Type": "Exploitation", "hte_Country": "MMR", "hte_City": "Myawaddy"}])
    );
    assert!(got["content"].get("victim").is_none());
    let one = format!("/api/v1/referrals/{rid}");
    let (status, _) = send(&s, Method::GET, &one, &mys, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(&s, Method::GET, &one, &admin, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(
        &s,
        Method::GET,
        &format!("/api/v1/victim-cases/{id}"),
        &shelter,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Only the shelter moves it; a rejection needs a reason.
    let actions = format!("{one}/actions");
    let (status, _) = send(
        &s,
        Method::POST,
        &actions,
        &worker,
        Some(json!({"action": "acknowledge"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, r) = send(
        &s,
        Method::POST,
        &actions,
        &shelter,
        Some(json!({"action": "acknowledge"})),
    )
    .await;
    assert_eq!(
        (status, r["state"]["step"].as_str()),
        (StatusCode::OK, Some("acknowledged"))
    );
    let (status, p) = send(
        &s,
        Method::POST,
        &actions,
        &shelter,
        Some(json!({"action": "reject", "reason": " "})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "reason");
    let (status, r) = send(
        &s,
        Method::POST,
        &actions,
        &shelter,
        Some(json!({"action": "accept"})),
    )
    .await;
    assert_eq!(
        (status, r["state"]["step"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );

    // Revoking the consent withdraws the shelter's copy.
    let (status, _) = send(
        &s,
        Method::POST,
        &format!("/api/v1/consents/{}/revoke", k["id"].as_str().unwrap()),
        &worker,
        Some(json!({"reason": "she asked"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, r) = send(&s, Method::GET, &one, &shelter, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(r["content"], json!({}));
    assert_eq!(r["state"]["withdrawn"]["reason"], "she asked");
    let (status, sent) = send(&s, Method::GET, "/api/v1/referrals?box=sent", &worker, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sent["items"].as_array().unwrap().len(), 1);
}
