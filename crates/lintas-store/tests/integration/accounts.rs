//! Users, logins and sessions, on SQLite and PostgreSQL alike.

use crate::common;
use crate::on_both_backends;

use chrono::Duration;
use common::TestStore;
use lintas_model::Role;
use lintas_store::{Actor, AuditFilter, Error, NewUser, Principal, SessionPolicy, Store};

on_both_backends! {
    login_starts_a_fresh_session_and_logout_ends_it => login_starts_a_fresh_session_and_logout_ends_it;
    sessions_expire_when_idle_and_absolutely => sessions_expire_when_idle_and_absolutely;
    password_change_and_disabling_end_every_session => password_change_and_disabling_end_every_session;
    admins_manage_only_their_own_member => admins_manage_only_their_own_member;
    logins_are_audited_without_the_secret => logins_are_audited_without_the_secret;
}

const PASSWORD: &str = "perahu kayu di Kupang";

async fn user(store: &Store, member: &str, name: &str, role: Role) -> String {
    let agency = store
        .ensure_agency(member, "Accounts agency")
        .await
        .unwrap();
    let actor = Actor {
        id: "cli:test".into(),
        member: Some(member.into()),
        agency: None,
        request_id: None,
    };
    store
        .create_user_local(
            &actor,
            &agency,
            NewUser {
                username: name.into(),
                display_name: format!("User {name}"),
                role,
                agency: agency.name.clone(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap()
        .id
}

async fn logged_in(store: &Store, name: &str) -> (String, Principal) {
    let s = store
        .login(name, PASSWORD, None, None)
        .await
        .unwrap()
        .unwrap();
    let session = store
        .session(&s.token, SessionPolicy::default())
        .await
        .unwrap()
        .unwrap();
    (s.token, session.principal)
}

async fn login_starts_a_fresh_session_and_logout_ends_it(t: TestStore) {
    let s = &t.store;
    let id = user(s, "IDN", "Budi.Santoso", Role::Officer).await;
    assert!(
        s.login("budi.santoso", "wrong password", None, None)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.login("nobody", PASSWORD, None, None)
            .await
            .unwrap()
            .is_none()
    );
    let first = s
        .login("BUDI.SANTOSO", PASSWORD, None, None)
        .await
        .unwrap()
        .unwrap();
    let second = s
        .login("budi.santoso", PASSWORD, None, None)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(first.token, second.token);
    assert_ne!(first.csrf, second.csrf);
    let session = s
        .session(&first.token, SessionPolicy::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.principal.actor, format!("user:{id}"));
    assert_eq!(session.principal.member, "IDN");
    assert_eq!(session.principal.role, Role::Officer);
    assert_eq!(session.csrf, first.csrf);
    s.logout(&session.principal, &first.token).await.unwrap();
    assert!(
        s.session(&first.token, SessionPolicy::default())
            .await
            .unwrap()
            .is_none()
    );
    // The other session is untouched, and a forged token is nobody.
    assert!(
        s.session(&second.token, SessionPolicy::default())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        s.session("forged", SessionPolicy::default())
            .await
            .unwrap()
            .is_none()
    );
}

async fn sessions_expire_when_idle_and_absolutely(t: TestStore) {
    let s = &t.store;
    user(s, "THA", "somchai", Role::Analyst).await;
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(2),
    };
    let idle = s
        .login("somchai", PASSWORD, None, None)
        .await
        .unwrap()
        .unwrap();
    let busy = s
        .login("somchai", PASSWORD, None, None)
        .await
        .unwrap()
        .unwrap();
    // Activity every 20 minutes keeps `busy` alive past the idle limit…
    for _ in 0..5 {
        t.clock.advance(Duration::minutes(20));
        assert!(s.session(&busy.token, policy).await.unwrap().is_some());
    }
    // …while `idle`, unused for 100 minutes, is over.
    assert!(s.session(&idle.token, policy).await.unwrap().is_none());
    // And nothing outlives the absolute limit, however busy.
    t.clock.advance(Duration::minutes(20));
    assert!(s.session(&busy.token, policy).await.unwrap().is_none());
}

async fn password_change_and_disabling_end_every_session(t: TestStore) {
    let s = &t.store;
    let id = user(s, "MYS", "rosli", Role::Officer).await;
    user(s, "MYS", "mys.admin", Role::Admin).await;
    let (token_a, me) = logged_in(s, "rosli").await;
    let (token_b, _) = logged_in(s, "rosli").await;
    let e = s
        .change_password(
            &me,
            &id,
            Some("not my password"),
            "another long phrase 2026",
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(ref f) if f[0].field == "current_password"));
    let e = s
        .change_password(&me, &id, Some(PASSWORD), "password1")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(ref f) if f[0].code == "too_common"));
    s.change_password(&me, &id, Some(PASSWORD), "another long phrase 2026")
        .await
        .unwrap();
    for token in [&token_a, &token_b] {
        assert!(
            s.session(token, SessionPolicy::default())
                .await
                .unwrap()
                .is_none()
        );
    }
    assert!(
        s.login("rosli", PASSWORD, None, None)
            .await
            .unwrap()
            .is_none()
    );
    let fresh = s
        .login("rosli", "another long phrase 2026", None, None)
        .await
        .unwrap()
        .unwrap();
    let (_, admin) = logged_in(s, "mys.admin").await;
    s.set_user_disabled(&admin, &id, true).await.unwrap();
    assert!(
        s.session(&fresh.token, SessionPolicy::default())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.login("rosli", "another long phrase 2026", None, None)
            .await
            .unwrap()
            .is_none()
    );
    s.set_user_disabled(&admin, &id, false).await.unwrap();
    assert!(
        s.login("rosli", "another long phrase 2026", None, None)
            .await
            .unwrap()
            .is_some()
    );
}

async fn admins_manage_only_their_own_member(t: TestStore) {
    let s = &t.store;
    let aus_user = user(s, "AUS", "aus.officer", Role::Officer).await;
    user(s, "AUS", "aus.admin", Role::Admin).await;
    user(s, "NZL", "nzl.admin", Role::Admin).await;
    let (_, aus_admin) = logged_in(s, "aus.admin").await;
    let (_, nzl_admin) = logged_in(s, "nzl.admin").await;
    let (_, officer) = logged_in(s, "aus.officer").await;
    // NZL's admin can neither see nor change AUS's users or keys.
    assert!(
        s.list_users(&nzl_admin)
            .await
            .unwrap()
            .iter()
            .all(|u| u.member == "NZL")
    );
    assert!(matches!(
        s.get_user(&nzl_admin, &aus_user).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.set_user_disabled(&nzl_admin, &aus_user, true).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.change_password(&nzl_admin, &aus_user, None, "a takeover phrase 2026")
            .await,
        Err(Error::NotFound)
    ));
    let key = s
        .issue_api_key(&aus_admin, "Border Force", Role::Officer, "gate 3")
        .await
        .unwrap();
    assert!(matches!(
        s.revoke_api_key(&nzl_admin, &key.id).await,
        Err(Error::NotFound)
    ));
    assert!(s.list_api_keys(&nzl_admin).await.unwrap().is_empty());
    assert_eq!(s.list_api_keys(&aus_admin).await.unwrap().len(), 1);
    s.revoke_api_key(&aus_admin, &key.id).await.unwrap();
    assert!(s.authenticate_api_key(&key.token).await.unwrap().is_none());
    // Users created by an admin belong to the admin's member, whatever the form says.
    let made = s
        .create_user(
            &aus_admin,
            NewUser {
                username: "aus.analyst".into(),
                display_name: "Analyst".into(),
                role: Role::Analyst,
                agency: "Australian Federal Police".into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(made.member, "AUS");
    // Non-admins manage nothing.
    assert!(matches!(
        s.list_users(&officer).await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.issue_api_key(&officer, "x", Role::Admin, "").await,
        Err(Error::Forbidden(_))
    ));
    // Taken user names are refused by field.
    let dup = s
        .create_user(
            &aus_admin,
            NewUser {
                username: "AUS.Analyst".into(),
                display_name: "Again".into(),
                role: Role::Viewer,
                agency: "x".into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(dup, Error::Invalid(ref f) if f[0].code == "taken"));
    // Another member's admin cannot even ask for that name (it would tell that AUS has it),
    // nor grant the RSO's role.
    let probe = s
        .create_user(
            &nzl_admin,
            NewUser {
                username: "aus.analyst".into(),
                display_name: "Probe".into(),
                role: Role::RegionalAnalyst,
                agency: "x".into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap_err();
    let codes: Vec<(String, String)> = match probe {
        Error::Invalid(f) => f.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("{other}"),
    };
    assert_eq!(
        codes,
        [
            ("username".to_string(), "prefix".to_string()),
            ("role".to_string(), "not_granted".to_string())
        ]
    );
}

async fn logins_are_audited_without_the_secret(t: TestStore) {
    let s = &t.store;
    user(s, "LKA", "nuwan", Role::Auditor).await;
    s.login("nuwan", "a wrong guess", Some("req-1".into()), None)
        .await
        .unwrap();
    s.login("nuwan", PASSWORD, Some("req-2".into()), None)
        .await
        .unwrap();
    let (_, auditor) = logged_in(s, "nuwan").await;
    let events = s
        .audit_events(
            &auditor,
            &AuditFilter {
                action: Some("login".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    let outcomes: Vec<(&str, Option<&str>)> = events
        .iter()
        .rev()
        .map(|e| (e.outcome.as_str(), e.request_id.as_deref()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("failed", Some("req-1")),
            ("success", Some("req-2")),
            ("success", None)
        ]
    );
    // No event carries the password, in any form the log shows.
    let rows = s.audit_rows(0, 1000).await.unwrap();
    assert!(rows.iter().all(|row| {
        !row.event
            .windows(PASSWORD.len())
            .any(|w| w == PASSWORD.as_bytes())
    }));
}
