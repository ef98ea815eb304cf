//! Web sessions over HTTP: cookie attributes, CSRF on state changes, login throttling per
//! account and per address, logout, and the headers every page carries.

use crate::support;

use std::sync::Arc;

use lintas_model::Role;
use lintas_store::Store;
use reqwest::{Client, StatusCode, redirect};

const PASSWORD: &str = "session test passphrase";

async fn server() -> (String, Arc<Store>, tempfile::TempDir) {
    let r = support::Server::start().await;
    for name in ["rosli", "aminah"] {
        support::user(&r.store, "MYS", "PDRM", name, Role::Officer, PASSWORD).await;
    }
    (r.base, r.store, r.dir)
}

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

async fn login(c: &Client, base: &str, user: &str, password: &str) -> reqwest::Response {
    c.post(format!("{base}/login"))
        .form(&[
            ("username", user),
            ("password", password),
            ("next", "/incidents"),
        ])
        .send()
        .await
        .unwrap()
}

/// The session cookie's value from a login response.
fn cookie(resp: &reqwest::Response) -> String {
    let set = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    let value = set
        .strip_prefix(&format!("{}=", lintas_server::SESSION_COOKIE))
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    value.to_string()
}

/// The CSRF token embedded in a page.
async fn csrf(c: &Client, base: &str, session: &str, path: &str) -> String {
    let html = c
        .get(format!("{base}{path}"))
        .header(
            "cookie",
            format!("{}={session}", lintas_server::SESSION_COOKIE),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = html.find(r#"name="csrf" value=""#).expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_a_host_only_secure_cookie_and_logout_ends_the_session() {
    let (base, _store, _dir) = server().await;
    let c = client();
    let resp = login(&c, &base, "rosli", PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()["location"], "/incidents");
    let set = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set.starts_with("__Host-lintas_session="), "{set}");
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    assert!(!set.contains("Domain"), "{set}");
    let session = cookie(&resp);
    // A second login gets a different session.
    assert_ne!(cookie(&login(&c, &base, "rosli", PASSWORD).await), session);
    let page = c
        .get(format!("{base}/incidents"))
        .header("cookie", format!("__Host-lintas_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let h = page.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h.contains_key("referrer-policy"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<title>Incidents · Lintas</title>"));
    assert!(
        !html.contains("<script>") && !html.contains(" style="),
        "no inline code"
    );

    let token = csrf(&c, &base, &session, "/incidents").await;
    let out = c
        .post(format!("{base}/logout"))
        .header("cookie", format!("__Host-lintas_session={session}"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = c
        .get(format!("{base}/incidents"))
        .header("cookie", format!("__Host-lintas_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_need_the_sessions_csrf_token_and_our_origin() {
    let (base, store, _dir) = server().await;
    let c = client();
    let session = cookie(&login(&c, &base, "rosli", PASSWORD).await);
    let token = csrf(&c, &base, &session, "/incidents/new").await;
    let other = cookie(&login(&c, &base, "aminah", PASSWORD).await);
    let other_token = csrf(&c, &base, &other, "/incidents/new").await;
    let fields = |csrf: Option<&str>| {
        let mut f = vec![
            ("kind", "smuggling".to_string()),
            ("occurred_on", "2026-05-01".to_string()),
            ("place_country", "MYS".to_string()),
        ];
        if let Some(t) = csrf {
            f.push(("csrf", t.to_string()));
        }
        f
    };
    let post = |form: Vec<(&'static str, String)>, origin: Option<&str>| {
        let mut r = c
            .post(format!("{base}/incidents/new"))
            .header("cookie", format!("__Host-lintas_session={session}"))
            .form(&form);
        if let Some(o) = origin {
            r = r.header("origin", o);
        }
        r.send()
    };
    // No token, another session's token, a foreign origin: all refused, nothing stored.
    assert_eq!(
        post(fields(None), None).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(fields(Some(&other_token)), None)
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(fields(Some(&token)), Some("https://evil.example"))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let host = base.trim_start_matches("http://");
    let mys = store.ensure_agency("MYS", "PDRM").await.unwrap();
    let key = store.create_api_key(&mys, Role::Viewer, "t").await.unwrap();
    let reader = store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap();
    let count = || async {
        store
            .list_incidents_audited(&reader, &Default::default(), None, Some(10))
            .await
            .unwrap()
            .items
            .len()
    };
    assert_eq!(count().await, 0);
    // The token as a form field, or as htmx's header, with our own origin: accepted.
    let ok = post(fields(Some(&token)), Some(&format!("http://{host}")))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let via_header = c
        .post(format!("{base}/incidents/new"))
        .header("cookie", format!("__Host-lintas_session={session}"))
        .header("x-csrf-token", &token)
        .form(&fields(None))
        .send()
        .await
        .unwrap();
    assert_eq!(via_header.status(), StatusCode::SEE_OTHER);
    assert_eq!(count().await, 2);
    // The same route over the API with a bearer key needs no token.
    let api = c
        .post(format!("{base}/api/v1/incidents"))
        .bearer_auth(&key.token)
        .json(&serde_json::json!({"kind": "smuggling", "occurred_on": "2026-05-02", "place": {"country": "MYS"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        api.status(),
        StatusCode::FORBIDDEN,
        "a viewer key may not create"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_account_and_then_the_address() {
    let (base, _store, _dir) = server().await;
    let c = client();
    for _ in 0..5 {
        let r = login(&c, &base, "rosli", "wrong guess").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("not correct"));
    }
    // Locked: even the right password is not checked now.
    let locked = login(&c, &base, "rosli", PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry));
    // Another account from the same address still logs in…
    assert_eq!(
        login(&c, &base, "aminah", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    // …until the address itself has failed 20 times (unknown names count too).
    for n in 0..15 {
        login(&c, &base, &format!("guess{n}"), "x").await;
    }
    assert_eq!(
        login(&c, &base, "aminah", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}
