//! Victim cases over HTTP: an Indonesian NGO opens a case, moves it through screening and an
//! approved assessment, is refused a referral to a Thai shelter without the person's consent
//! (409 naming it), records the consent, and refers. Other roles of the same member and other
//! members see nothing; the HTCDS import answers per row.

use crate::on_both_backends;
use crate::support::Server;

use lintas_model::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! {
    victim_case_workflow_consent_gate_and_refused_disclosure => victim_case_workflow_consent_gate_and_refused_disclosure;
    victim_import_over_http_reports_rows => victim_import_over_http_reports_rows;
}

async fn send(
    s: &Server,
    method: Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (StatusCode, Value, Option<String>) {
    let mut req = s.req(method, path, Some(key));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let etag = resp
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string());
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, body, etag)
}

async fn victim_case_workflow_consent_gate_and_refused_disclosure(s: Server) {
    let worker = s.key("IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let supervisor = s.key("IDN", "Yayasan Pulih", Role::VictimSupervisor).await;
    let officer = s.key("IDN", "Yayasan Pulih", Role::Officer).await;
    let tha_worker = s.key("THA", "Baan Kredtrakarn", Role::VictimSupport).await;

    let (status, case, etag) = send(
        &s,
        Method::POST,
        "/api/v1/victim-cases",
        &worker,
        Some(json!({
            "external_ref": "YP-2026-001",
            "person": {"prs_FirstName": "Ayu", "prs_Gender": "Feminine", "prs_Citizenship": ["ID"]},
            "victim": {
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TypeOfExploitation": ["ForcedCriminality"],
                "vic_ForcedCriminalityIndicators": ["Purpose_ForcedOnlineScams"]
            }
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    assert_eq!(etag.as_deref(), Some("\"1\""));
    assert_eq!(case["sharing"]["level"], "national");
    assert_eq!(case["workflow"]["step"], "new");
    assert_eq!(case["person"]["prs_Citizenship"], json!(["IDN"]));
    let id = case["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/victim-cases/{id}");

    // Regional is refused with a field error.
    let (status, p, _) = send(
        &s,
        Method::POST,
        "/api/v1/victim-cases",
        &worker,
        Some(json!({"sharing": {"level": "regional"}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "sharing.level");

    // Others see nothing: a same-member officer is refused, another member's victim worker
    // gets 404 and an empty list.
    assert_eq!(
        send(&s, Method::GET, &path, &officer, None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&s, Method::GET, "/api/v1/victim-cases", &officer, None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&s, Method::GET, &path, &tha_worker, None).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, list, _) = send(&s, Method::GET, "/api/v1/victim-cases", &tha_worker, None).await;
    assert_eq!(list["items"], json!([]));

    let transitions = format!("{path}/transitions");
    let go = |to: &str| json!({"action": "advance", "to": to});
    for to in ["screening", "assessment"] {
        let (status, body, _) = send(&s, Method::POST, &transitions, &worker, Some(go(to))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body, _) = send(
        &s,
        Method::POST,
        &transitions,
        &worker,
        Some(go("support_plan")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["code"], "approval_required");
    let (status, _, _) = send(
        &s,
        Method::POST,
        &transitions,
        &worker,
        Some(json!({"action": "approve"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &s,
        Method::POST,
        &transitions,
        &supervisor,
        Some(json!({"action": "approve"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body, etag) = send(
        &s,
        Method::POST,
        &transitions,
        &worker,
        Some(go("support_plan")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["workflow"]["step"], "support_plan");
    assert_eq!(etag.as_deref(), Some("\"5\""));

    // A disclosure to the police and a referral to the Thai shelter, without consent: refused,
    // naming the consent that is missing.
    let (status, p, _) = send(
        &s,
        Method::POST,
        &transitions,
        &worker,
        Some(json!({"action": "disclose", "purpose": "law_enforcement_disclosure", "recipient": "Bareskrim Polri"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    assert_eq!(p["type"], "urn:lintas:problem:consent-required");
    assert_eq!(p["errors"][0]["field"], "consent");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("law_enforcement_disclosure"),
        "{p}"
    );
    let refer = json!({"action": "refer", "organisation": "Baan Kredtrakarn Shelter"});
    let (status, p, _) = send(&s, Method::POST, &transitions, &worker, Some(refer.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("referral to `Baan Kredtrakarn Shelter`"),
        "{p}"
    );

    // The consent, in Bahasa Indonesia through an interpreter; then the referral passes.
    let consents = format!("{path}/consents");
    let (status, consent, _) = send(
        &s,
        Method::POST,
        &consents,
        &worker,
        Some(json!({
            "purpose": "referral", "organisation": "Baan Kredtrakarn Shelter",
            "language": "id", "interpreter": "Dewi", "valid_from": "2026-01-01"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{consent}");
    let (status, listed, _) = send(&s, Method::GET, &consents, &worker, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        send(&s, Method::GET, &consents, &officer, None).await.0,
        StatusCode::FORBIDDEN
    );

    // Revoked, it no longer counts; recorded again, the referral goes through.
    let revoke = format!(
        "/api/v1/consents/{}/revoke",
        consent["id"].as_str().unwrap()
    );
    let (status, revoked, _) = send(
        &s,
        Method::POST,
        &revoke,
        &worker,
        Some(json!({"reason": "asked to wait"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert!(revoked["revoked_at"].is_string());
    assert_eq!(
        send(&s, Method::POST, &transitions, &worker, Some(refer.clone()))
            .await
            .0,
        StatusCode::CONFLICT
    );
    let (status, _, _) = send(
        &s,
        Method::POST,
        &consents,
        &worker,
        Some(json!({
            "purpose": "referral", "organisation": "Baan Kredtrakarn Shelter",
            "language": "id", "valid_from": "2026-01-01"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body, _) = send(&s, Method::POST, &transitions, &worker, Some(refer)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["workflow"]["step"], "closed_referred");
    assert_eq!(body["case"]["cas_Status"], "ClosedReferred");
    assert_eq!(
        body["case"]["cas_ReferredOrganisation"],
        "Baan Kredtrakarn Shelter"
    );

    // PUT needs If-Match; a stale one is 412; the workflow is not the editor's to change.
    let mut edited = body.clone();
    for k in [
        "id",
        "version",
        "owner",
        "agency",
        "created_at",
        "updated_at",
        "workflow",
    ] {
        edited.as_object_mut().unwrap().remove(k);
    }
    edited["person"]["prs_SecondName"] = json!("Lestari");
    let put = |etag: &str| {
        s.req(Method::PUT, &path, Some(&worker))
            .header("if-match", etag.to_string())
            .json(&edited)
    };
    assert_eq!(
        s.req(Method::PUT, &path, Some(&worker))
            .json(&edited)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        put("\"1\"").send().await.unwrap().status(),
        StatusCode::PRECONDITION_FAILED
    );
    let version = body["version"].as_i64().unwrap();
    let resp = put(&format!("\"{version}\"")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let updated: Value = resp.json().await.unwrap();
    assert_eq!(updated["person"]["prs_SecondName"], "Lestari");
    assert_eq!(updated["workflow"]["step"], "closed_referred");

    // Delete, then it is gone for everyone.
    let resp = s
        .req(Method::DELETE, &path, Some(&worker))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        send(&s, Method::GET, &path, &worker, None).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn victim_import_over_http_reports_rows(s: Server) {
    let worker = s.key("IDN", "Yayasan Pulih", Role::VictimSupport).await;
    let csv = "external_ref,prs_FirstName,prs_Citizenship,sharing_level\n\
               H-1,Ayu,IDN,\nH-2,Sari,Indonesia,\nH-3,Dewi,IDN,regional\n";
    let resp = s
        .req(Method::POST, "/api/v1/victim-cases:import", Some(&worker))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let report: Value = resp.json().await.unwrap();
    assert_eq!(report["created"], 1, "{report}");
    assert_eq!(report["invalid"], 2, "{report}");
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["errors"][0]["field"], "prs_Citizenship");
    assert_eq!(report["errors"][1]["field"], "sharing_level");
    // A regional default is refused before any row is read.
    let resp = s
        .req(
            Method::POST,
            "/api/v1/victim-cases:import?sharing=regional",
            Some(&worker),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The official HTCDS spreadsheet, as IOM publishes it, imports: no case, no error.
    let official = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/htcds/HTCDS Excel Spreadsheet v2.0.xlsx"
    ))
    .unwrap();
    let resp = s
        .req(Method::POST, "/api/v1/victim-cases:import", Some(&worker))
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(official)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let report: Value = resp.json().await.unwrap();
    assert_eq!(
        (report["created"].as_u64(), report["invalid"].as_u64()),
        (Some(0), Some(0)),
        "{report}"
    );
}
