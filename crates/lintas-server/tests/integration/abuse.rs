//! The standing abuse suite (issue 19): the parallel-login race, a throttled current-password
//! check, login CSRF through `Origin: null`, oversized and refused requests, and one viewer's
//! worst request against another client's border-check latency.

use crate::support::{self, Backend, Server};

use std::sync::Arc;
use std::time::{Duration, Instant};

use lintas_model::Role;
use lintas_store::FixedClock;
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};

const PASSWORD: &str = "abuse suite passphrase";

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

async fn login(c: &Client, base: &str, user: &str, password: &str) -> reqwest::Response {
    c.post(format!("{base}/login"))
        .form(&[("username", user), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap()
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
    ))
}

/// 1,000 guesses at once on one account: only the free attempts reach the password hash
/// (the clock stands still, so no delay runs out during the burst); the rest are answered 429
/// with `Retry-After`. When the delay has passed, the right password works (a soft lockout).
async fn parallel_guesses_check_only_the_free_attempts(backend: Backend) {
    let clock = clock();
    let Some(s) = Server::start_with_clock(backend, clock.clone()).await else {
        return;
    };
    support::user(
        &s.store,
        "MYS",
        "PDRM",
        "race.target",
        Role::Officer,
        PASSWORD,
    )
    .await;
    let before = s.store.password_checks();
    let c = client();
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let (c, base) = (c.clone(), s.base.clone());
            tokio::spawn(async move {
                let r = login(&c, &base, "race.target", &format!("guess {i}")).await;
                let retry = r
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().parse::<i64>().unwrap());
                (r.status(), retry)
            })
        })
        .collect();
    let mut refused = 0;
    let mut wrong = 0;
    let mut longest_wait = 0;
    for t in tasks {
        match t.await.unwrap() {
            (StatusCode::TOO_MANY_REQUESTS, Some(secs)) => {
                refused += 1;
                longest_wait = longest_wait.max(secs);
            }
            (StatusCode::UNAUTHORIZED, None) => wrong += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    let checked = s.store.password_checks() - before;
    eprintln!(
        "{backend:?}: 1000 parallel guesses: {checked} passwords checked, {wrong} answered 401, {refused} answered 429"
    );
    assert_eq!(checked, 5, "only the 5 free attempts may reach the hash");
    assert_eq!((wrong, refused), (5, 995));
    // Locked now, even for the right password, and without checking it…
    let locked = login(&c, &s.base, "race.target", PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(s.store.password_checks() - before, 5);
    // …but only for the delay it announced.
    clock.advance(chrono::Duration::seconds(longest_wait));
    let ok = login(&c, &s.base, "race.target", PASSWORD).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    // Counts live in the database: another server on the same database sees them.
    for i in 0..5 {
        login(&c, &s.base, "race.target", &format!("again {i}")).await;
    }
    let other = Server::serve(s.store.clone(), tempfile::tempdir().unwrap()).await;
    assert_eq!(
        login(&c, &other.base, "race.target", PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_login_race_sqlite() {
    parallel_guesses_check_only_the_free_attempts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_login_race_postgres() {
    parallel_guesses_check_only_the_free_attempts(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_current_password_check_is_throttled_too() {
    let clock = clock();
    let s = Server::start_with_clock(Backend::Sqlite, clock.clone())
        .await
        .unwrap();
    support::user(
        &s.store,
        "MYS",
        "PDRM",
        "pw.target",
        Role::Officer,
        PASSWORD,
    )
    .await;
    let session = s
        .store
        .login("pw.target", PASSWORD, None, None)
        .await
        .unwrap()
        .unwrap();
    let me = s
        .store
        .session(&session.token, Default::default())
        .await
        .unwrap()
        .unwrap();
    let id = me.principal.actor.trim_start_matches("user:").to_string();
    for i in 0..5 {
        let e = s
            .store
            .change_password(
                &me.principal,
                &id,
                Some(&format!("wrong {i}")),
                "a brand new phrase 2026",
            )
            .await
            .unwrap_err();
        assert!(matches!(e, lintas_store::Error::Invalid(_)), "{e}");
    }
    let before = s.store.password_checks();
    let e = s
        .store
        .change_password(
            &me.principal,
            &id,
            Some(PASSWORD),
            "a brand new phrase 2026",
        )
        .await
        .unwrap_err();
    assert!(matches!(e, lintas_store::Error::RateLimited(1)), "{e}");
    assert_eq!(s.store.password_checks(), before, "no hash while throttled");
    clock.advance(chrono::Duration::seconds(1));
    s.store
        .change_password(
            &me.principal,
            &id,
            Some(PASSWORD),
            "a brand new phrase 2026",
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_refuses_origin_null() {
    let s = Server::start().await;
    support::user(
        &s.store,
        "MYS",
        "PDRM",
        "csrf.target",
        Role::Officer,
        PASSWORD,
    )
    .await;
    let r = client()
        .post(format!("{}/login", s.base))
        .header("origin", "null")
        .form(&[("username", "csrf.target"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get("set-cookie").is_none());
}

async fn post(s: &Server, path: &str, key: &str, body: String) -> reqwest::Response {
    try_post(s, path, key, body).await.unwrap()
}

async fn try_post(
    s: &Server,
    path: &str,
    key: &str,
    body: String,
) -> Result<reqwest::Response, reqwest::Error> {
    s.client
        .post(format!("{}{path}", s.base))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
}

/// The status of a refused oversized request. The server answers before reading the body,
/// and closing with unread data can reset the connection under the client (seen once in CI
/// runs): a reset is not an answer, so it is retried; three resets in a row fail the test.
async fn refused_status(s: &Server, path: &str, key: &str, body: &str) -> StatusCode {
    let mut last = None;
    for _ in 0..3 {
        match try_post(s, path, key, body.to_string()).await {
            Ok(r) => {
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    assert_eq!(r.headers()["content-type"], "application/problem+json");
                }
                return r.status();
            }
            Err(e) => last = Some(e),
        }
    }
    panic!("three connection resets in a row: {last:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_requests_are_refused_with_a_problem_document() {
    let s = Server::start().await;
    let viewer = s.key("IDN", "POLRI", Role::Viewer).await;
    let officer = s.key("IDN", "POLRI", Role::Officer).await;
    // Too many names, and a name too long: 422 naming the field.
    let many: Vec<String> = (0..21).map(|i| format!("Name Number {i}")).collect();
    let r = post(
        &s,
        "/api/v1/checks/person",
        &viewer,
        json!({ "names": many }).to_string(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "names", "{p}");
    assert_eq!(p["errors"][0]["code"], "too_many", "{p}");
    let long = "A".repeat(201);
    let r = post(
        &s,
        "/api/v1/checks/person",
        &viewer,
        json!({ "name": long }).to_string(),
    )
    .await;
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "too_long", "{p}");
    // A check body past 64 KiB: 413 with a problem document, declared or not.
    let big = json!({ "name": "x", "nationality": "y".repeat(70_000) }).to_string();
    assert_eq!(
        refused_status(&s, "/api/v1/checks/person", &viewer, &big).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A refused role is answered before its body is read: an auditor may not run checks and
    // gets 403 for the body that a viewer gets 413 for. (Bodies of tens of KiB: a refusal
    // sent before a larger body is read can reset the connection under the client.)
    let auditor = s.key("IDN", "POLRI", Role::Auditor).await;
    assert_eq!(
        refused_status(&s, "/api/v1/checks/person", &auditor, &big).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        refused_status(&s, "/api/v1/checks/person", &viewer, &big).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A record body past 1 MiB from a caller who may create: 413.
    let record = json!({ "kind": "smuggling", "notes": "z".repeat(1024 * 1024) }).to_string();
    assert_eq!(
        refused_status(&s, "/api/v1/incidents", &officer, &record).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_answers_are_not_cached_and_if_match_star_means_any_version() {
    let s = Server::start().await;
    let officer = s.key("IDN", "POLRI", Role::Officer).await;
    let incident =
        json!({"kind": "smuggling", "occurred_on": "2026-05-02", "place": {"country": "IDN"}});
    let r = post(&s, "/api/v1/incidents", &officer, incident.to_string()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .client
        .put(format!("{}/api/v1/incidents/{id}", s.base))
        .bearer_auth(&officer)
        .header("if-match", "*")
        .json(&incident)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
}

/// A watchlist of `n` seeded, generated person names.
fn watchlist(n: usize, seed: u64) -> String {
    const GIVEN: [&str; 12] = [
        "Ahmad", "Budi", "Siti", "Nguyen", "Mohammad", "Aung", "Rahim", "Dewi", "Karim", "Maria",
        "Tran", "Zaw",
    ];
    const FAMILY: [&str; 12] = [
        "Karimi", "Santoso", "Hossain", "Htut", "Rahman", "Wibowo", "Pham", "Ali", "Haidari",
        "Lestari", "Min", "Sultani",
    ];
    let mut x = seed;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    let mut out = String::from("id,name\n");
    for i in 0..n {
        let name = format!(
            "{} {} {}",
            GIVEN[next() % 12],
            GIVEN[next() % 12],
            FAMILY[next() % 12]
        );
        out.push_str(&format!("W-{i},{name}\n"));
    }
    out
}

/// One viewer key sends its worst person check (the most names, each as long as allowed) in
/// a loop from two connections; another member's officer meanwhile runs document checks. The
/// officer's p99 stays under 50 ms: the viewer's work is bounded per request and runs one at a
/// time per principal, off the async workers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewers_worst_request_does_not_stall_other_clients() {
    let s = Server::start().await;
    let owner = s.key("IDN", "POLRI", Role::Officer).await;
    let r = s
        .client
        .post(format!(
            "{}/api/v1/watchlists:import?list=Generated&format=csv&sharing=regional",
            s.base
        ))
        .bearer_auth(&owner)
        .body(watchlist(2_000, 19))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let viewer = s.key("MYS", "PDRM", Role::Viewer).await;
    let officer = s.key("AUS", "ABF", Role::Officer).await;
    let worst: Vec<String> = (0..lintas_app::checks::MAX_NAMES)
        .map(|i| {
            let mut n = format!("Mohammad Ahmad Karimi {i} ");
            while n.chars().count() < lintas_app::checks::MAX_NAME_CHARS {
                n.push_str("Rahman ");
            }
            n.chars().take(lintas_app::checks::MAX_NAME_CHARS).collect()
        })
        .collect();
    // The same checks with nobody else on the server: what this machine gives right now.
    let mut quiet = document_checks(&s, &officer).await;
    quiet.sort();
    let quiet_p99 = quiet[quiet.len() * 99 / 100 - 1];
    let body = json!({ "names": worst, "threshold": 0.5, "limit": 100 }).to_string();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut abusers = Vec::new();
    for _ in 0..2 {
        let (c, base, key, body, stop) = (
            Client::new(),
            s.base.clone(),
            viewer.clone(),
            body.clone(),
            stop.clone(),
        );
        abusers.push(tokio::spawn(async move {
            let mut done = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let r = c
                    .post(format!("{base}/api/v1/checks/person"))
                    .bearer_auth(&key)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success() || r.status() == StatusCode::TOO_MANY_REQUESTS);
                done += 1;
            }
            done
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut times = document_checks(&s, &officer).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut worst_done = 0;
    for a in abusers {
        worst_done += a.await.unwrap();
    }
    times.sort();
    let p50 = times[times.len() / 2];
    let p99 = times[times.len() * 99 / 100 - 1];
    eprintln!(
        "document check under a viewer's worst person checks ({worst_done} of them): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
    assert!(worst_done > 0, "the viewer's requests must have run");
    // The goal is 50 ms; on a machine already slowed by other work (CI runs tests in
    // parallel) the viewer may not make it more than twice as slow as it is without him.
    assert!(
        p99 < Duration::from_millis(50) || p99 < quiet_p99 * 2,
        "p99 {p99:?} under the viewer's load, {quiet_p99:?} without it"
    );
}

/// 200 document checks by `key`, one after another; their times.
async fn document_checks(s: &Server, key: &str) -> Vec<Duration> {
    let doc = json!({ "mrz": "P<IDNSETIAWAN<<BUDI<<<<<<<<<<<<<<<<<<<<<<<<<\nC4X813271IDN8804122M3106300<<<<<<<<<<<<<<02" });
    let c = Client::new();
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let r = c
            .post(format!("{}/api/v1/checks/document", s.base))
            .bearer_auth(key)
            .json(&doc)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.bytes().await.unwrap();
        times.push(t.elapsed());
    }
    times
}

/// With the production limits: one API key that sends far more than its rate is answered 429
/// with `Retry-After` (a problem document), while another key and an anonymous client are
/// served as usual; the login form has its own, tighter limit per address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_key_is_rate_limited_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = lintas_store::Store::open(lintas_store::ConnectOptions::new(format!(
        "sqlite://{}",
        dir.path().join("rate.db").display()
    )))
    .await
    .unwrap();
    let limit = lintas_server::RateLimit {
        per_second: 20,
        public_per_second: 5,
    };
    let state = lintas_server::AppState::new(Arc::new(store)).with_rate_limit(limit);
    let s = Server::serve_state(state, dir).await;
    let flooder = s.key("IDN", "POLRI", Role::Viewer).await;
    let other = s.key("THA", "RTP", Role::Viewer).await;
    let mut limited = None;
    let mut served = 0;
    // Twice the burst, sent at once: the bucket (burst = 2 × rate) cannot hold them all.
    for _ in 0..100 {
        let r = s
            .req(reqwest::Method::GET, "/api/v1/members", Some(&flooder))
            .send()
            .await
            .unwrap();
        match r.status() {
            StatusCode::OK => served += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                limited = Some(r);
                break;
            }
            other => panic!("unexpected {other}"),
        }
    }
    let limited = limited.expect("a key over its rate is limited");
    assert!(served >= 40, "the burst is served first ({served})");
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    assert_eq!(
        limited.headers()["content-type"],
        "application/problem+json"
    );
    let problem: serde_json::Value = limited.json().await.unwrap();
    assert_eq!(problem["type"], "urn:lintas:problem:rate_limited");
    // Others are not held up by the flooder's bucket.
    let r = s
        .req(reqwest::Method::GET, "/api/v1/members", Some(&other))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The login form: a burst of 10 per address, then 429 before any password is checked.
    let before = s.store.password_checks();
    let c = client();
    let mut statuses = Vec::new();
    for i in 0..15 {
        statuses.push(
            login(&c, &s.base, "nobody.here", &format!("guess {i}"))
                .await
                .status(),
        );
    }
    let refused = statuses
        .iter()
        .filter(|st| **st == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(refused >= 4, "{statuses:?}");
    assert!(s.store.password_checks() - before <= 11);
}
