//! Logins and browser sessions. The cookie carries 256 random bits; the database keeps only
//! their SHA-256, so a stolen copy of it cannot be replayed. Sessions end after an idle time,
//! after an absolute lifetime, at logout, and when the password changes or the account is
//! disabled. Every login attempt is audited.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use lintas_audit::Outcome;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::users::username;

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Ended after this long without a request.
    pub idle: Duration,
    /// Ended this long after login, whatever the activity.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

/// A new session: the cookie value (shown once) and its CSRF token.
#[derive(Debug)]
pub struct NewSession {
    /// Secret cookie value.
    pub token: String,
    /// Token every state-changing request of this session must carry.
    pub csrf: String,
}

/// A live session, resolved.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who is logged in.
    pub principal: Principal,
    /// The user's display name.
    pub display_name: String,
    /// The session's CSRF token.
    pub csrf: String,
}

impl Session {
    /// Whether `given` is this session's CSRF token (compared in constant time).
    pub fn csrf_matches(&self, given: &str) -> bool {
        crate::keys::constant_time_eq(given.as_bytes(), self.csrf.as_bytes())
    }
}

fn random_token() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    URL_SAFE_NO_PAD.encode(raw)
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Ends the session behind a cookie value.
fn end_session(token: &str, now: &str) -> Sql {
    let mut sql = Sql::new("UPDATE sessions SET ended_at = ");
    sql.bind_text(now)
        .push(" WHERE ended_at IS NULL AND id_hash = ")
        .bind(Arg::Blob(token_hash(token)));
    sql
}

fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Corrupt(format!("stored time `{s}`: {e}")))
}

impl Store {
    /// Checks a user name and password; on success starts a new session (always a new id, so a
    /// session fixed before login is worthless). `None` for any failure, without saying which
    /// part was wrong. The attempt is audited either way: against the account when it exists,
    /// otherwise counted against `address` ([`Store::record_login_refusal`]).
    pub async fn login(
        &self,
        name: &str,
        password: &str,
        request_id: Option<String>,
        address: Option<&str>,
    ) -> Result<Option<NewSession>> {
        let normalised = username(name).ok();
        let found = match &normalised {
            Some(n) => {
                let mut sql = Sql::new(
                    "SELECT u.id, u.member, u.password_hash, u.disabled_at, a.name AS agency FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = ",
                );
                sql.bind_text(n.as_str());
                on_pool!(self, pool => query!(sql).fetch_optional(pool).await?.map(|r| {
                    (r.get::<String, _>("id"), r.get::<String, _>("member"), r.get::<String, _>("password_hash"), r.get::<Option<String>, _>("disabled_at"), r.get::<String, _>("agency"))
                }))
            }
            None => None,
        };
        // The hash is checked even for unknown or disabled users, so timing tells nothing.
        let ok = self
            .hashing
            .verify(password, found.as_ref().map(|f| f.2.as_str()))
            .await;
        let Some((id, member, _, disabled, agency)) = found else {
            // Attributed to no member: counted per address and minute, not one event each.
            self.record_login_refusal(address).await?;
            return Ok(None);
        };
        let actor = Actor {
            id: format!("user:{id}"),
            member: Some(member),
            agency: Some(agency),
            request_id,
        };
        if !ok || disabled.is_some() {
            let outcome = if ok { Outcome::Denied } else { Outcome::Failed };
            self.audit(
                &actor,
                &[Audited::action(crate::audit::AuditAction::Login, outcome)],
            )
            .await?;
            return Ok(None);
        }
        let session = NewSession {
            token: random_token(),
            csrf: random_token(),
        };
        let now = timestamp(self.clock.now());
        let mut insert = Sql::new(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (",
        );
        insert
            .bind(Arg::Blob(token_hash(&session.token)))
            .push(", ")
            .bind_text(id.as_str())
            .push(", ")
            .bind_text(session.csrf.as_str())
            .push(", ")
            .bind_text(now.as_str())
            .push(", ")
            .bind_text(now.as_str())
            .push(")");
        self.write_audited(
            vec![insert],
            false,
            &actor,
            &[Audited::action(
                crate::audit::AuditAction::Login,
                Outcome::Success,
            )],
        )
        .await?;
        Ok(Some(session))
    }

    /// The live session behind a cookie value, if any; refreshes its idle timer.
    pub async fn session(&self, token: &str, policy: SessionPolicy) -> Result<Option<Session>> {
        if token.len() > 100 {
            return Ok(None);
        }
        let mut sql = Sql::new(
            "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.member, u.agency_id, u.role, u.display_name, a.name AS agency \
             FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id \
             WHERE s.ended_at IS NULL AND u.disabled_at IS NULL AND s.id_hash = ",
        );
        sql.bind(Arg::Blob(token_hash(token)));
        let row = on_pool!(self, pool => query!(sql).fetch_optional(pool).await?.map(|r| {
            [r.get::<String, _>("user_id"), r.get("csrf_token"), r.get("created_at"), r.get("last_seen_at"), r.get("member"), r.get("agency_id"), r.get("role"), r.get("display_name"), r.get("agency")]
        }));
        let Some(
            [
                user_id,
                csrf,
                created,
                seen,
                member,
                agency_id,
                role,
                display_name,
                agency,
            ],
        ) = row
        else {
            return Ok(None);
        };
        let now = self.clock.now();
        let (created, seen) = (parse_time(&created)?, parse_time(&seen)?);
        if now - seen >= policy.idle || now - created >= policy.absolute {
            self.end_session(token).await?;
            return Ok(None);
        }
        // Refreshing at most once a minute keeps reads from writing on every request.
        if now - seen >= Duration::minutes(1) {
            let mut touch = Sql::new("UPDATE sessions SET last_seen_at = ");
            touch
                .bind_text(timestamp(now))
                .push(" WHERE id_hash = ")
                .bind(Arg::Blob(token_hash(token)));
            on_pool!(self, pool => { query!(touch).execute(pool).await?; });
        }
        Ok(Some(Session {
            principal: Principal {
                actor: format!("user:{user_id}"),
                member,
                agency_id: Uuid::parse_str(&agency_id)
                    .map_err(|e| Error::Corrupt(e.to_string()))?,
                agency,
                role: role.parse().map_err(Error::Corrupt)?,
                request_id: None,
            },
            display_name,
            csrf,
        }))
    }

    async fn end_session(&self, token: &str) -> Result<()> {
        let sql = end_session(token, &timestamp(self.clock.now()));
        on_pool!(self, pool => { query!(sql).execute(pool).await?; });
        Ok(())
    }

    /// Ends the session (logout).
    pub async fn logout(&self, principal: &Principal, token: &str) -> Result<()> {
        let sql = end_session(token, &timestamp(self.clock.now()));
        self.write_audited(
            vec![sql],
            false,
            &Actor::from(principal),
            &[Audited::action(
                crate::audit::AuditAction::Logout,
                Outcome::Success,
            )],
        )
        .await?;
        Ok(())
    }
}
