//! Authorisation as a matrix: every route the application serves (API and web UI), called by
//! an anonymous client, by each role of one member state, and by an admin of another state,
//! with a request that would succeed if allowed. The expected status of every cell is written
//! down below; a route the application serves without a row here fails the test, and so does
//! a row for a route that no longer exists.

use std::collections::BTreeSet;
use std::sync::Arc;

use lintas_model::{Incident, Role};
use lintas_store::{Actor, NewUser, Principal, Store};
use reqwest::{Client, Method, StatusCode, redirect};

const PASSWORD: &str = "matrix test passphrase";

/// Who calls: `Anon`, a role of IDN (the owner of every record used), THA's admin, or THA's
/// victim-support worker (a victim role of another member).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anon,
    Idn(Role),
    ThaAdmin,
    ThaVictim,
}

const WHO: [Who; 11] = [
    Who::Anon,
    Who::Idn(Role::Viewer),
    Who::Idn(Role::Officer),
    Who::Idn(Role::Analyst),
    Who::Idn(Role::Admin),
    Who::Idn(Role::RegionalAnalyst),
    Who::Idn(Role::Auditor),
    Who::ThaAdmin,
    Who::Idn(Role::VictimSupport),
    Who::Idn(Role::VictimSupervisor),
    Who::ThaVictim,
];

/// Expected statuses in `WHO` order:
/// anon, viewer, officer, analyst, admin, regional_analyst, auditor, THA admin,
/// victim_support, victim_supervisor, THA victim_support.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, [u16; 11])] = &[
    // API (bearer keys).
    ("GET", "/health", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/openapi.json", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/code-lists", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/members", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/incidents", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/incidents", [401, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/incidents/{id}", [401, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("PUT", "/api/v1/incidents/{id}", [401, 403, 200, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("DELETE", "/api/v1/incidents/{id}", [401, 403, 204, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("POST", "/api/v1/incidents:import", [401, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/imports/{id}/errors", [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("POST", "/api/v1/incidents/{id}/reveal", [401, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("GET", "/api/v1/search", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/audit/checkpoint", [401, 403, 403, 403, 200, 403, 200, 200, 403, 403, 403]),
    ("GET", "/api/v1/federation/status", [401, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/api/v1/checks/document", [401, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/api/v1/checks/person", [401, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/api/v1/registry/documents", [401, 403, 201, 403, 201, 403, 403, 201, 403, 403, 403]),
    ("GET", "/api/v1/registry/documents/{issuing_state}/{document_number}", [401, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/api/v1/registry/documents:import", [401, 403, 200, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("GET", "/api/v1/watchlists", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/watchlists:import", [401, 403, 200, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("GET", "/api/v1/vessels", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/vessels/{mmsi}", [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/vessels/{mmsi}/track", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/ais-events", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/ais-events:export", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/corridors", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/corridors", [401, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/corridors/{id}", [401, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("PUT", "/api/v1/corridors/{id}", [401, 403, 200, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("DELETE", "/api/v1/corridors/{id}", [401, 403, 204, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("GET", "/api/v1/sar-incidents", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/sar-incidents:summary", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/sar-incidents", [401, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/sar-incidents/{id}", [401, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("PUT", "/api/v1/sar-incidents/{id}", [401, 403, 200, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("DELETE", "/api/v1/sar-incidents/{id}", [401, 403, 204, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("GET", "/api/v1/networks", [401, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/networks/{id}", [401, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/entities/{id}", [401, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/entities/{id}/graph", [401, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/trends/series", [401, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403]),
    // Alerts: the trend roles; another member's alert is invisible.
    ("GET", "/api/v1/alerts", [401, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403]),
    ("GET", "/api/v1/alerts/{id}", [401, 403, 403, 200, 200, 200, 403, 404, 403, 403, 403]),
    ("POST", "/api/v1/alerts/{id}/transitions", [401, 403, 403, 200, 200, 200, 403, 404, 403, 403, 403]),
    // Work plan: everyone reads what is shared; regional analysts and admins record.
    ("GET", "/api/v1/activities", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/activities", [401, 403, 403, 403, 201, 201, 403, 201, 403, 403, 403]),
    ("GET", "/api/v1/activities/{id}", [401, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("PUT", "/api/v1/activities/{id}", [401, 403, 403, 403, 200, 200, 403, 404, 403, 403, 404]),
    ("DELETE", "/api/v1/activities/{id}", [401, 403, 403, 403, 204, 204, 403, 404, 403, 403, 404]),
    // Victim cases: the victim roles of the owner only; any other role of the same member is
    // refused on every route (whatever the record), another member's victim role sees nothing.
    ("GET", "/api/v1/victim-cases", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200]),
    ("POST", "/api/v1/victim-cases", [401, 403, 403, 403, 403, 403, 403, 403, 201, 201, 201]),
    ("GET", "/api/v1/victim-cases/{id}", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("PUT", "/api/v1/victim-cases/{id}", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("DELETE", "/api/v1/victim-cases/{id}", [401, 403, 403, 403, 403, 403, 403, 403, 204, 204, 404]),
    ("POST", "/api/v1/victim-cases/{id}/transitions", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/api/v1/victim-cases/{id}/consents", [401, 403, 403, 403, 403, 403, 403, 403, 201, 201, 404]),
    ("GET", "/api/v1/victim-cases/{id}/consents", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/api/v1/consents/{id}/revoke", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/api/v1/victim-cases:import", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200]),
    // Referrals: victim roles only; the matrix's referral goes between two services of IDN's
    // agency, so THA's victim role (another member) sees none of it.
    ("POST", "/api/v1/victim-cases/{id}/identification", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/api/v1/victim-cases/{id}/referrals", [401, 403, 403, 403, 403, 403, 403, 403, 201, 201, 404]),
    ("GET", "/api/v1/victim-cases/{id}/referrals", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("GET", "/api/v1/referrals", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200]),
    ("GET", "/api/v1/referrals/{id}", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/api/v1/referrals/{id}/actions", [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    // Web UI (session cookies; anonymous visitors are sent to the login page).
    ("GET", "/login", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/login", [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
    ("GET", "/assets/{file}", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/logout", [303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303]),
    ("GET", "/account/password", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/account/password", [303, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("GET", "/", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/incidents", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/incidents/new", [303, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("POST", "/incidents/new", [303, 403, 303, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/incidents/{id}", [303, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("GET", "/incidents/{id}/edit", [303, 403, 200, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("POST", "/incidents/{id}/edit", [303, 403, 303, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("POST", "/incidents/{id}/delete", [303, 403, 303, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("POST", "/incidents/{id}/reveal", [303, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("GET", "/search", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/checks", [303, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/checks/document", [303, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/checks/person", [303, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("GET", "/registry", [303, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/registry", [303, 403, 303, 403, 303, 403, 403, 303, 403, 403, 403]),
    ("POST", "/registry/import", [303, 403, 200, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("GET", "/watchlists", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/watchlists/import", [303, 403, 200, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("GET", "/watchlists/{id}", [303, 200, 200, 200, 200, 403, 403, 404, 403, 403, 403]),
    ("GET", "/import", [303, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("POST", "/import", [303, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/import/{id}/errors.csv", [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("GET", "/admin/users", [303, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/admin/users", [303, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/admin/users/{id}/disable", [303, 403, 403, 403, 303, 403, 403, 404, 403, 403, 403]),
    ("POST", "/admin/users/{id}/enable", [303, 403, 403, 403, 303, 403, 403, 404, 403, 403, 403]),
    ("GET", "/admin/keys", [303, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("GET", "/admin/federation", [303, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403]),
    ("POST", "/admin/keys", [303, 403, 403, 403, 303, 403, 403, 303, 403, 403, 403]),
    ("POST", "/admin/keys/{id}/revoke", [303, 403, 403, 403, 303, 403, 403, 404, 403, 403, 403]),
    ("GET", "/audit", [303, 403, 403, 403, 200, 403, 200, 200, 403, 403, 403]),
    ("GET", "/audit/export.csv", [303, 403, 403, 403, 200, 403, 200, 200, 403, 403, 403]),
    ("GET", "/maritime", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/maritime/coastline.geojson", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/sar", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/sar/{id}", [303, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404]),
    ("GET", "/networks", [303, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/networks/{id}", [303, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/networks/{id}/export.csv", [303, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/incidents/{id}/network", [303, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/victims", [303, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200]),
    ("GET", "/victims/new", [303, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200]),
    ("POST", "/victims/new", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 303]),
    ("GET", "/victims/{id}", [303, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("GET", "/victims/{id}/edit", [303, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/victims/{id}/edit", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("POST", "/victims/{id}/transitions", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("POST", "/victims/{id}/consents", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("POST", "/victims/{id}/consents/{consent}/revoke", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("POST", "/victims/{id}/identification", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("POST", "/victims/{id}/referrals", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("GET", "/referrals", [303, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200]),
    ("GET", "/referrals/{id}", [303, 403, 403, 403, 403, 403, 403, 403, 200, 200, 404]),
    ("POST", "/referrals/{id}/actions", [303, 403, 403, 403, 403, 403, 403, 403, 303, 303, 404]),
    ("GET", "/entities/{id}", [303, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403]),
    // Without a reason the correction is refused as invalid (422), after the role check.
    ("POST", "/entities/{id}/merge", [303, 403, 403, 422, 403, 422, 403, 403, 403, 403, 403]),
    ("POST", "/entities/{id}/split", [303, 403, 403, 422, 403, 422, 403, 403, 403, 403, 403]),
    ("GET", "/trends", [303, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403]),
    ("GET", "/alerts", [303, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403]),
    ("GET", "/alerts/{id}", [303, 403, 403, 200, 200, 200, 403, 404, 403, 403, 403]),
    ("POST", "/alerts/{id}/transition", [303, 403, 403, 303, 303, 303, 403, 404, 403, 403, 403]),
    ("GET", "/workplan", [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/workplan", [303, 403, 403, 403, 303, 303, 403, 303, 403, 403, 403]),
    ("POST", "/workplan/{id}/delete", [303, 403, 403, 403, 303, 303, 403, 404, 403, 403, 404]),
    ("GET", "/reports", [303, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403]),
    ("GET", "/reports/download", [303, 403, 403, 200, 200, 200, 403, 200, 403, 403, 403]),
];

struct World {
    base: String,
    store: Arc<Store>,
    client: Client,
    idn_officer: Principal,
    idn_officer_token: String,
    idn_admin: Principal,
    idn_analyst: Principal,
    idn_victim: Principal,
    counter: std::sync::atomic::AtomicU32,
    network: tokio::sync::OnceCell<(String, String)>,
    watchlist: tokio::sync::OnceCell<String>,
    _dir: tempfile::TempDir,
}

fn incident() -> Incident {
    serde_json::from_value(serde_json::json!({
        "kind": "smuggling",
        "occurred_on": "2026-02-01",
        "place": {"country": "IDN"},
        "narrative": "Matrix",
        "sharing": {"level": "national"}
    }))
    .unwrap()
}

fn corridor() -> serde_json::Value {
    serde_json::json!({
        "name": "Rote approaches",
        "geometry": {"type": "Polygon", "coordinates": [[[122.5, -11.2], [123.6, -11.2], [123.6, -10.4], [122.5, -10.4], [122.5, -11.2]]]}
    })
}

fn sar() -> serde_json::Value {
    serde_json::json!({
        "occurred_at": "2026-03-02T04:10:00Z",
        "lat": -10.9, "lon": 123.1, "country": "IDN",
        "people_on_board": 20, "rescued": 20, "dead": 0, "missing": 0,
        "vessels": [{"name": "KM Harapan"}],
        "responding_agency": "BASARNAS",
        "sharing": {"level": "national"}
    })
}

fn victim_case() -> serde_json::Value {
    serde_json::json!({
        "person": {"prs_FirstName": "Ayu", "prs_Citizenship": ["IDN"]},
        "victim": {"vic_TypeOfExploitation": ["ForcedCriminality"]}
    })
}

fn activity() -> serde_json::Value {
    serde_json::json!({
        "title": "Matrix workshop", "kind": "workshop",
        "starts_on": "2026-03-10", "ends_on": "2026-03-11",
        "members": ["IDN"], "sharing": {"level": "national"}
    })
}

fn referral() -> serde_json::Value {
    serde_json::json!({
        "to_member": "IDN", "to_agency": "Matrix agency", "service": "shelter",
        "classes": ["identity"]
    })
}

fn consent() -> serde_json::Value {
    serde_json::json!({
        "purpose": "referral", "organisation": "Baan Kredtrakarn Shelter",
        "language": "id", "valid_from": "2026-01-01"
    })
}

impl World {
    async fn start() -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            Store::connect(&format!("sqlite://{}", dir.path().join("m.db").display()))
                .await
                .unwrap(),
        );
        let mut users = Vec::new();
        for who in WHO {
            let (member, role) = match who {
                Who::Anon => continue,
                Who::Idn(r) => ("IDN", r),
                Who::ThaAdmin => ("THA", Role::Admin),
                Who::ThaVictim => ("THA", Role::VictimSupport),
            };
            let agency = store.ensure_agency(member, "Matrix agency").await.unwrap();
            let actor = Actor {
                id: "test".into(),
                member: None,
                agency: None,
                request_id: None,
            };
            let name = format!("{}.{}", member.to_lowercase(), role.as_str());
            store
                .create_user_local(
                    &actor,
                    &agency,
                    NewUser {
                        username: name.clone(),
                        display_name: name.clone(),
                        role,
                        agency: agency.name.clone(),
                        password: PASSWORD.into(),
                    },
                )
                .await
                .unwrap();
            users.push(name);
        }
        let principal = |role| {
            let store = store.clone();
            async move {
                let agency = store.ensure_agency("IDN", "Matrix agency").await.unwrap();
                let key = store.create_api_key(&agency, role, "m").await.unwrap();
                store
                    .authenticate_api_key(&key.token)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let idn_officer = principal(Role::Officer).await;
        let idn_officer_token = {
            let agency = store.ensure_agency("IDN", "Matrix agency").await.unwrap();
            store
                .create_api_key(&agency, Role::Officer, "m")
                .await
                .unwrap()
                .token
        };
        let idn_admin = principal(Role::Admin).await;
        let idn_analyst = principal(Role::Analyst).await;
        let idn_victim = principal(Role::VictimSupport).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = lintas_server::app(store.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        World {
            base,
            store,
            client: Client::builder()
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            idn_officer,
            idn_officer_token,
            idn_admin,
            idn_analyst,
            idn_victim,
            counter: Default::default(),
            network: Default::default(),
            watchlist: Default::default(),
            _dir: dir,
        }
    }

    /// A network of two IDN national incidents sharing a phone, and one of its entities (made
    /// once; reading it changes nothing).
    async fn network(&self) -> (String, String) {
        self.network
            .get_or_init(|| self.make_network())
            .await
            .clone()
    }

    async fn make_network(&self) -> (String, String) {
        let mut with_phone = incident();
        with_phone.identifiers = vec![
            serde_json::from_value(
                serde_json::json!({"kind": "phone", "value": "+62 812 0000 1111"}),
            )
            .unwrap(),
        ];
        for _ in 0..2 {
            self.store
                .create_incident(&self.idn_officer, with_phone.clone())
                .await
                .unwrap();
        }
        let agency = self
            .store
            .ensure_agency("IDN", "Matrix agency")
            .await
            .unwrap();
        let analyst = Principal::local("matrix", &agency, Role::Analyst);
        let a = self.store.networks(&analyst).await.unwrap();
        let n = a.networks.first().expect("a network");
        let e = n
            .entities
            .first()
            .and_then(|&e| a.entities.get(e as usize))
            .expect("an entity");
        (n.id.clone(), e.id.clone())
    }

    /// An IDN national watchlist (made once; reading it changes nothing).
    async fn watchlist(&self) -> String {
        self.watchlist
            .get_or_init(|| async {
                let entries = lintas_store::parse_watchlist(
                    b"id,name\nW0,Abdul Wahid Rahimi\n",
                    "csv".parse().unwrap(),
                )
                .unwrap();
                self.store
                    .import_watchlist(
                        &self.idn_officer,
                        "Matrix list",
                        "csv",
                        serde_json::from_value(serde_json::json!({"level": "national"})).unwrap(),
                        entries,
                    )
                    .await
                    .unwrap();
                let lists = self.store.list_watchlists(&self.idn_officer).await.unwrap();
                lists
                    .into_iter()
                    .find(|l| l.name == "Matrix list")
                    .unwrap()
                    .id
            })
            .await
            .clone()
    }

    fn next(&self) -> u32 {
        self.counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// A fresh IDN national incident (so destructive calls never affect another cell).
    async fn fresh_incident(&self) -> (String, i64) {
        let s = self
            .store
            .create_incident(&self.idn_officer, incident())
            .await
            .unwrap();
        (s.id.to_string(), s.version)
    }

    /// A fresh IDN national record created over the API: (id, version).
    async fn fresh_via_api(&self, path: &str, body: serde_json::Value) -> (String, i64) {
        let created: serde_json::Value = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.idn_officer_token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            created["id"].as_str().unwrap().to_string(),
            created["version"].as_i64().unwrap(),
        )
    }

    /// A fresh IDN national victim case with a consent: (case id, version, consent id).
    async fn fresh_victim_case(&self) -> (String, i64, String) {
        let case: lintas_model::victims::VictimCase =
            serde_json::from_value(victim_case()).unwrap();
        let c = self
            .store
            .create_victim_case(&self.idn_victim, case)
            .await
            .unwrap();
        let k = self
            .store
            .record_consent(
                &self.idn_victim,
                c.id,
                serde_json::from_value(consent()).unwrap(),
            )
            .await
            .unwrap();
        // Consent to a referral within the agency too (the referral routes' cells).
        self.store
            .record_consent(
                &self.idn_victim,
                c.id,
                serde_json::from_value(serde_json::json!({
                    "purpose": "referral", "organisation": "Matrix agency",
                    "language": "id", "valid_from": "2026-01-01"
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        (c.id.to_string(), c.version, k.id.to_string())
    }

    /// A fresh alert raised on IDN's view (its own series, so each call gets a new one).
    async fn fresh_alert(&self) -> String {
        let n = self.next();
        let finding: lintas_model::alerts::AlertFinding =
            serde_json::from_value(serde_json::json!({
                "scope": "incidents|month|member|", "series": format!("IDN{n}"), "strata": ["IDN"],
                "period": "2026-02", "period_start": "2026-02-01", "period_end": "2026-02-28",
                "observed": 12, "expected": 3.0, "upper": 7.0, "method": "farrington",
                "baseline_from": null, "baseline_to": null, "score": 2.0, "p_value": 0.001,
                "alarm": true, "alarm_fdr": true, "reason": "matrix"
            }))
            .unwrap();
        let raised = self
            .store
            .raise_alerts(&self.idn_analyst, &[finding])
            .await
            .unwrap();
        assert_eq!(raised.raised, 1);
        let page = self
            .store
            .list_alerts(
                &self.idn_analyst,
                &lintas_store::AlertFilter {
                    series: Some(format!("IDN{n}")),
                    ..Default::default()
                },
                None,
                None,
            )
            .await
            .unwrap();
        page.items[0].id.to_string()
    }

    /// A fresh referral of a fresh case, sent to the same IDN agency (so it acts on it too).
    async fn fresh_referral(&self) -> String {
        let (case, _, _) = self.fresh_victim_case().await;
        let r = self
            .store
            .send_referral(
                &self.idn_victim,
                case.parse().unwrap(),
                serde_json::from_value(referral()).unwrap(),
            )
            .await
            .unwrap();
        r.id.to_string()
    }

    async fn fresh_user(&self) -> String {
        let n = self.next();
        self.store
            .create_user(
                &self.idn_admin,
                NewUser {
                    username: format!("idn.target{n}"),
                    display_name: "Target".into(),
                    role: Role::Viewer,
                    agency: "Matrix agency".into(),
                    password: PASSWORD.into(),
                },
            )
            .await
            .unwrap()
            .id
    }

    async fn fresh_key(&self) -> String {
        self.store
            .issue_api_key(&self.idn_admin, "Matrix agency", Role::Viewer, "target")
            .await
            .unwrap()
            .id
    }

    /// Credentials for `who`: (bearer token, session cookie value, csrf token).
    async fn credentials(&self, who: Who) -> Option<(String, String, String)> {
        let (member, role) = match who {
            Who::Anon => return None,
            Who::Idn(r) => ("IDN", r),
            Who::ThaAdmin => ("THA", Role::Admin),
            Who::ThaVictim => ("THA", Role::VictimSupport),
        };
        let agency = self
            .store
            .ensure_agency(member, "Matrix agency")
            .await
            .unwrap();
        let key = self.store.create_api_key(&agency, role, "m").await.unwrap();
        let name = format!("{}.{}", member.to_lowercase(), role.as_str());
        let session = self
            .store
            .login(&name, PASSWORD, None, None)
            .await
            .unwrap()
            .unwrap();
        Some((key.token, session.token, session.csrf))
    }

    async fn call(&self, method: &str, path: &str, who: Who) -> (StatusCode, String) {
        let creds = self.credentials(who).await;
        let api = path.starts_with("/api/") || path == "/health";
        let n = self.next();
        // Fill the path and build a body that would succeed if the caller is allowed.
        let mut url = path.to_string();
        let mut json_body = None;
        let mut form: Vec<(String, String)> = Vec::new();
        let mut if_match = None;
        let mut raw_body = None;
        if path.contains("/incidents/{id}") {
            let (id, version) = self.fresh_incident().await;
            url = url.replace("{id}", &id);
            if_match = Some(format!("\"{version}\""));
            form.push(("version".into(), version.to_string()));
        }
        url = url
            .replace(
                "/admin/users/{id}",
                &format!("/admin/users/{}", self.fresh_user().await),
            )
            .replace(
                "/import/{id}",
                "/import/0192f0c1-0000-7000-8000-000000000000",
            )
            .replace("{file}", "lintas.css")
            .replace("{issuing_state}/{document_number}", "IDN/C4X81327")
            .replace(
                ":import",
                &if path.starts_with("/api/v1/watchlists") {
                    format!(":import?list=matrix{n}&format=csv")
                } else {
                    ":import".to_string()
                },
            );
        if url.contains("/admin/keys/{id}") {
            url = url.replace("{id}", &self.fresh_key().await);
        }
        for (prefix, body) in [
            ("/api/v1/corridors", corridor()),
            ("/api/v1/sar-incidents", sar()),
        ] {
            if path.starts_with(prefix) && path.contains("{id}") {
                let (id, version) = self.fresh_via_api(prefix, body).await;
                url = url.replace("{id}", &id);
                if_match = Some(format!("\"{version}\""));
            }
        }
        if path.starts_with("/api/v1/victim-cases/{id}")
            || path.starts_with("/api/v1/consents/{id}")
            || path.starts_with("/victims/{id}")
        {
            let (case, version, consent) = self.fresh_victim_case().await;
            url = url
                .replace("/victim-cases/{id}", &format!("/victim-cases/{case}"))
                .replace("/victims/{id}", &format!("/victims/{case}"))
                .replace("/consents/{id}", &format!("/consents/{consent}"))
                .replace("/consents/{consent}", &format!("/consents/{consent}"));
            form.push(("version".into(), version.to_string()));
            if path == "/api/v1/victim-cases/{id}" {
                if_match = Some(format!("\"{version}\""));
            }
        }
        if path.starts_with("/api/v1/activities/{id}") || path.starts_with("/workplan/{id}") {
            let a = self
                .store
                .create_activity(&self.idn_admin, serde_json::from_value(activity()).unwrap())
                .await
                .unwrap();
            url = url.replace("{id}", &a.id.to_string());
            if_match = Some(format!("\"{}\"", a.version));
            form.push(("version".into(), a.version.to_string()));
        }
        if path.starts_with("/api/v1/alerts/{id}") || path.starts_with("/alerts/{id}") {
            url = url.replace("{id}", &self.fresh_alert().await);
        }
        if path.starts_with("/api/v1/referrals/{id}") || path.starts_with("/referrals/{id}") {
            url = url.replace("{id}", &self.fresh_referral().await);
        }
        if path == "/sar/{id}" {
            let (id, _) = self.fresh_via_api("/api/v1/sar-incidents", sar()).await;
            url = url.replace("{id}", &id);
        }
        url = url.replace("{mmsi}", "525019877").replace(
            "/reports/download",
            "/reports/download?kind=monthly&period=2025-10&format=pdf",
        );
        if path == "/api/v1/search" || path == "/search" {
            url.push_str("?q=Budi");
        }
        if url.contains("/watchlists/{id}") {
            url = url.replace("{id}", &self.watchlist().await);
        }
        if url.contains("/networks/{id}") || url.contains("/entities/{id}") {
            let (network, entity) = self.network().await;
            url = url
                .replace("/networks/{id}", &format!("/networks/{network}"))
                .replace("/entities/{id}", &format!("/entities/{entity}"));
        }
        let incident_fields = [
            ("kind", "smuggling"),
            ("occurred_on", "2026-03-01"),
            ("place_country", "IDN"),
            ("narrative", "From the matrix"),
            ("sharing_level", "national"),
        ];
        match (method, path) {
            ("POST", "/api/v1/incidents") | ("PUT", "/api/v1/incidents/{id}") => {
                json_body = Some(serde_json::to_value(incident()).unwrap());
            }
            ("POST", "/api/v1/corridors") | ("PUT", "/api/v1/corridors/{id}") => {
                json_body = Some(corridor());
            }
            ("POST", "/api/v1/sar-incidents") | ("PUT", "/api/v1/sar-incidents/{id}") => {
                json_body = Some(sar());
            }
            ("POST", "/api/v1/victim-cases") | ("PUT", "/api/v1/victim-cases/{id}") => {
                json_body = Some(victim_case());
            }
            ("POST", "/api/v1/victim-cases/{id}/transitions") => {
                json_body = Some(serde_json::json!({"action": "advance", "to": "screening"}));
            }
            ("POST", "/api/v1/victim-cases/{id}/consents") => json_body = Some(consent()),
            ("POST", "/api/v1/alerts/{id}/transitions") => {
                json_body = Some(serde_json::json!({"to": "under_review"}));
            }
            ("POST", "/api/v1/activities") | ("PUT", "/api/v1/activities/{id}") => {
                json_body = Some(activity());
            }
            ("POST", "/workplan") => {
                for (k, v) in [
                    ("title", "Matrix forum"),
                    ("kind", "forum"),
                    ("starts_on", "2026-04-01"),
                    ("ends_on", "2026-04-01"),
                    ("members", "IDN, MYS"),
                    (
                        "participants",
                        "IDN; POLRI; 3; 4\nMYS; Royal Malaysia Police; 2; 2; 1",
                    ),
                    ("targets", "officers trained; 20; 12"),
                ] {
                    form.push((k.into(), v.into()));
                }
            }
            ("POST", "/alerts/{id}/transition") => {
                form.push(("to".into(), "under_review".into()));
            }
            ("POST", "/api/v1/victim-cases/{id}/referrals") => json_body = Some(referral()),
            ("POST", "/api/v1/victim-cases/{id}/identification") => {
                json_body = Some(serde_json::json!({
                    "profile": "adult_labour",
                    "indicators": ["DR_DeceivedNatureOfJob", "CR_ViolenceOnVictims"]
                }));
            }
            ("POST", "/api/v1/referrals/{id}/actions") => {
                json_body = Some(serde_json::json!({"action": "acknowledge"}));
            }
            ("POST", "/api/v1/consents/{id}/revoke") => {
                json_body = Some(serde_json::json!({"reason": "matrix"}));
            }
            ("POST", "/api/v1/victim-cases:import") => {
                raw_body = Some(format!(
                    "external_ref,prs_FirstName,prs_Citizenship\nV-{n},Ayu,IDN\n"
                ));
            }
            ("POST", "/api/v1/checks/document") => {
                json_body = Some(
                    serde_json::json!({"mrz": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"}),
                );
            }
            ("POST", "/api/v1/checks/person") => {
                json_body = Some(serde_json::json!({"name": "Budi Santoso"}));
            }
            ("POST", "/api/v1/incidents/{id}/reveal") => {
                json_body = Some(serde_json::json!({"reason": "Matrix: a stated reason"}));
            }
            ("POST", "/incidents/{id}/reveal") => {
                form.push(("reason".into(), "Matrix: a stated reason".into()));
            }
            ("POST", "/api/v1/registry/documents") => {
                json_body = Some(serde_json::json!({
                    "issuing_state": "IDN", "document_number": format!("M{n}"), "status": "stolen",
                    "reported_on": "2026-01-01", "sharing": {"level": "national"}
                }));
            }
            ("POST", "/api/v1/registry/documents:import") => {
                raw_body = Some(format!(
                    "issuing_state,document_number,status,reported_on\nIDN,R{n},lost,2026-01-03\n"
                ));
            }
            ("POST", "/api/v1/watchlists:import") => {
                raw_body = Some(format!("id,name\nW{n},Abdul Wahid Rahimi\n"));
            }
            ("POST", "/api/v1/incidents:import") => {
                raw_body = Some(format!(
                    "external_ref,kind,occurred_on\nM-{n},smuggling,2026-01-02\n"
                ));
            }
            ("POST", "/victims/{id}/transitions") => {
                form.push(("action".into(), "advance".into()));
                form.push(("to".into(), "screening".into()));
            }
            ("POST", "/victims/{id}/consents") => {
                for (k, v) in [
                    ("purpose", "care"),
                    ("language", "id"),
                    ("valid_from", "2026-01-01"),
                ] {
                    form.push((k.into(), v.into()));
                }
            }
            ("POST", "/victims/{id}/consents/{consent}/revoke") => {
                form.retain(|(k, _)| k != "version");
                form.push(("reason".into(), "matrix".into()));
            }
            ("POST", "/victims/new") | ("POST", "/victims/{id}/edit") => {
                form.push(("external_ref".into(), format!("UI-{n}")));
                form.push(("prs_FirstName".into(), "Ayu".into()));
                form.push(("prs_Citizenship".into(), "IDN".into()));
            }
            ("POST", "/victims/{id}/identification") => {
                form.push(("profile".into(), "adult_labour".into()));
                form.push(("indicators".into(), "DR_DeceivedNatureOfJob".into()));
            }
            ("POST", "/victims/{id}/referrals") => {
                for (k, v) in [
                    ("to_member", "IDN"),
                    ("to_agency", "Matrix agency"),
                    ("service", "shelter"),
                    ("classes", "identity"),
                ] {
                    form.push((k.into(), v.into()));
                }
            }
            ("POST", "/referrals/{id}/actions") => {
                form.push(("action".into(), "acknowledge".into()));
            }
            ("POST", "/login") => {
                // A different name each time, so the login throttle does not kick in.
                form.push(("username".into(), format!("nobody{n}")));
                form.push(("password".into(), "not the password".into()));
            }
            ("POST", "/account/password") => {
                form.push(("current".into(), "not the password".into()));
                form.push(("new".into(), "a brand new passphrase".into()));
            }
            ("POST", "/incidents/new") | ("POST", "/incidents/{id}/edit") => {
                form.extend(
                    incident_fields
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string())),
                );
            }
            // Risky actions are done only once confirmed (the confirmation page adds this).
            ("POST", "/incidents/{id}/delete")
            | ("POST", "/admin/users/{id}/disable")
            | ("POST", "/admin/keys/{id}/revoke") => {
                form.push(("confirm".into(), "yes".into()));
            }
            ("POST", "/admin/users") => {
                // User names carry the creating admin's member code.
                let member = if matches!(who, Who::ThaAdmin) {
                    "tha"
                } else {
                    "idn"
                };
                for (k, v) in [
                    ("username", format!("{member}.new{n}")),
                    ("display_name", "New".into()),
                    ("agency", "Matrix agency".into()),
                    ("role", "viewer".into()),
                    ("password", PASSWORD.into()),
                ] {
                    form.push((k.into(), v));
                }
            }
            ("POST", "/checks/document") => {
                form.push(("source".into(), "mrz".into()));
                form.push((
                    "mrz".into(),
                    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n".into(),
                ));
            }
            ("POST", "/registry") => {
                for (k, v) in [
                    ("issuing_state", "IDN".to_string()),
                    ("document_number", format!("U{n}")),
                    ("status", "lost".into()),
                    ("reported_on", "2026-01-05".into()),
                    ("sharing_level", "national".into()),
                ] {
                    form.push((k.into(), v));
                }
            }
            ("POST", "/checks/person") => {
                form.push(("name".into(), "Budi Santoso".into()));
            }
            ("POST", "/admin/keys") => {
                form.push(("agency".into(), "Matrix agency".into()));
                form.push(("role".into(), "viewer".into()));
            }
            _ => {}
        }
        let mut req = self.client.request(
            method.parse::<Method>().unwrap(),
            format!("{}{url}", self.base),
        );
        if let Some((token, cookie, csrf)) = &creds {
            if api {
                req = req.bearer_auth(token);
            } else {
                req = req.header(
                    "cookie",
                    format!("{}={cookie}", lintas_server::SESSION_COOKIE),
                );
                if method != "GET" {
                    form.push(("csrf".into(), csrf.clone()));
                }
            }
        }
        if let Some(v) = if_match {
            req = req.header("if-match", v);
        }
        let upload = match path {
            "/import" => Some((
                vec![],
                format!("external_ref,kind,occurred_on\nU-{n},smuggling,2026-01-02\n"),
            )),
            "/registry/import" => Some((
                vec![],
                format!(
                    "issuing_state,document_number,status,reported_on\nIDN,UI{n},lost,2026-01-03\n"
                ),
            )),
            "/watchlists/import" => Some((
                vec![("list", format!("ui{n}")), ("format", "csv".to_string())],
                format!("id,name\nV{n},Abdul Wahid Rahimi\n"),
            )),
            _ => None,
        };
        if let (Some((fields, file)), "POST") = (upload, method) {
            let csrf = form
                .iter()
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let mut multipart = reqwest::multipart::Form::new().text("csrf", csrf);
            for (k, v) in fields {
                multipart = multipart.text(k, v);
            }
            let multipart = multipart.part(
                "file",
                reqwest::multipart::Part::bytes(file.into_bytes()).file_name("upload.csv"),
            );
            req = req.multipart(multipart);
        } else if let Some(b) = json_body {
            req = req.json(&b);
        } else if let Some(b) = raw_body {
            req = req.header("content-type", "text/csv").body(b);
        } else if method != "GET" && method != "DELETE" && !api {
            req = req.form(&form);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        (
            status,
            format!("{url}: {}", body.chars().take(200).collect::<String>()),
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_caller_as_the_matrix_says() {
    let served: BTreeSet<(String, String)> = lintas_server::route_table()
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    let listed: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = served.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "matrix rows for routes that do not exist: {stale:?}"
    );

    let world = World::start().await;
    let mut wrong = Vec::new();
    for (method, path, expected) in MATRIX {
        for (who, want) in WHO.iter().zip(expected) {
            let (got, body) = world.call(method, path, *who).await;
            if got.as_u16() != *want {
                wrong.push(format!(
                    "{method} {path} as {who:?}: expected {want}, got {got} ({body})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
