//! Risky actions in the web UI: deleting an incident, disabling a user and revoking an API key
//! ask first; creating an API key redirects, so reloading the page neither creates a second
//! key nor shows the first again; a failed "Add user" keeps what was typed (not the password).

use crate::checks_ui::Ui;
use crate::support::Server;

use lintas_model::{Incident, Role};
use lintas_store::NewUser;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_incident_asks_first() {
    let ui = Ui::start(Server::start().await, "budi", Role::Officer).await;
    let officer = ui.principal(Role::Officer).await;
    let incident: Incident = serde_json::from_value(serde_json::json!({
        "kind": "smuggling", "occurred_on": "2026-02-01", "place": {"country": "IDN"},
        "narrative": "To be deleted", "sharing": {"level": "national"}
    }))
    .unwrap();
    let s = ui
        .server
        .store
        .create_incident(&officer, incident)
        .await
        .unwrap();
    let path = format!("/incidents/{}/delete", s.id);
    let version = s.version.to_string();

    let (status, page) = ui.post(&path, &[("version", version.as_str())]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Delete this incident?") && page.contains(r#"name="confirm" value="yes""#),
        "{page}"
    );
    assert!(page.contains(&format!(r#"name="version" value="{version}""#)));
    ui.server
        .store
        .read_incident_audited(&officer, s.id)
        .await
        .unwrap();

    let (status, _) = ui
        .post(&path, &[("version", version.as_str()), ("confirm", "yes")])
        .await;
    assert_eq!(status, StatusCode::OK, "redirected to the list");
    assert!(matches!(
        ui.server.store.read_incident_audited(&officer, s.id).await,
        Err(lintas_store::Error::NotFound)
    ));

    // Someone who may not delete it is refused before any question.
    let viewer = Ui::start(Server::start().await, "vera", Role::Viewer).await;
    let officer = viewer.principal(Role::Officer).await;
    let incident: Incident = serde_json::from_value(serde_json::json!({
        "kind": "smuggling", "occurred_on": "2026-02-01", "place": {"country": "IDN"},
        "narrative": "Kept", "sharing": {"level": "national"}
    }))
    .unwrap();
    let s = viewer
        .server
        .store
        .create_incident(&officer, incident)
        .await
        .unwrap();
    let (status, _) = viewer
        .post(&format!("/incidents/{}/delete", s.id), &[])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_confirm_disabling_and_revoking_and_keys_are_created_once() {
    let ui = Ui::start(Server::start().await, "ani", Role::Admin).await;
    let admin = ui.principal(Role::Admin).await;
    let store = &ui.server.store;

    // Creating a key: Post/Redirect/Get, the token shown once.
    let (status, page) = ui
        .post(
            "/admin/keys",
            &[
                ("agency", "Imigrasi"),
                ("role", "viewer"),
                ("label", "gate scanner"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("New key"), "{page}");
    let (_, again) = ui.get("/admin/keys").await;
    assert!(!again.contains("New key"));
    let keys = store.list_api_keys(&admin).await.unwrap();
    assert_eq!(keys.iter().filter(|k| k.label == "gate scanner").count(), 1);
    let key = keys.iter().find(|k| k.label == "gate scanner").unwrap();

    // Revoking asks first.
    let revoke = format!("/admin/keys/{}/revoke", key.id);
    let (status, page) = ui.post(&revoke, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("Revoke key {}?", key.id)) && page.contains("gate scanner"),
        "{page}"
    );
    let still = store.list_api_keys(&admin).await.unwrap();
    assert!(
        still
            .iter()
            .find(|k| k.id == key.id)
            .unwrap()
            .revoked_at
            .is_none()
    );
    ui.post(&revoke, &[("confirm", "yes")]).await;
    let after = store.list_api_keys(&admin).await.unwrap();
    assert!(
        after
            .iter()
            .find(|k| k.id == key.id)
            .unwrap()
            .revoked_at
            .is_some()
    );
    let (status, _) = ui.post("/admin/keys/nosuchkey/revoke", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Disabling a user asks first.
    let target = store
        .create_user(
            &admin,
            NewUser {
                username: "idn.target".into(),
                display_name: "Target Person".into(),
                role: Role::Viewer,
                agency: "Imigrasi".into(),
                password: "a long enough passphrase".into(),
            },
        )
        .await
        .unwrap();
    let disable = format!("/admin/users/{}/disable", target.id);
    let (status, page) = ui.post(&disable, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Disable idn.target?"), "{page}");
    let disabled = |users: Vec<lintas_store::User>| {
        users
            .into_iter()
            .find(|u| u.id == target.id)
            .unwrap()
            .disabled_at
            .is_some()
    };
    assert!(!disabled(store.list_users(&admin).await.unwrap()));
    ui.post(&disable, &[("confirm", "yes")]).await;
    assert!(disabled(store.list_users(&admin).await.unwrap()));

    // A failed "Add user" keeps the typed fields, never the password.
    let (status, page) = ui
        .post(
            "/admin/users",
            &[
                ("username", "idn.newcomer"),
                ("display_name", "Siti Newcomer"),
                ("agency", "Imigrasi"),
                ("role", "officer"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(r#"value="idn.newcomer""#) && page.contains(r#"value="Siti Newcomer""#),
        "{page}"
    );
    assert!(page.contains("<option selected>officer</option>"), "{page}");
    assert!(!page.contains("value=\"short\""));
}
