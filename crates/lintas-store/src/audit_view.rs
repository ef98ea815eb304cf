//! The audit view: a member's auditors read their own member's events, and other members'
//! events about the records their member owns; actor ids are shown as names.

use std::collections::HashMap;

use lintas_audit::AuditEvent;
use sqlx::Row;

use crate::Store;
use crate::audit_keys::audit_error;
use crate::error::Result;
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};

/// A stored event, decoded, for the audit view.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    /// Position in the log.
    pub seq: u64,
    /// RFC 3339 UTC.
    pub time: String,
    /// User or key id.
    pub actor: String,
    /// Member code.
    pub member: Option<String>,
    /// Agency name.
    pub agency: Option<String>,
    /// Action token.
    pub action: String,
    /// Record kind.
    pub record_type: Option<String>,
    /// Record id.
    pub record_id: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
    /// `success`, `denied`, `failed` or `error`.
    pub outcome: String,
    /// Hex of the keyed payload hash.
    pub details_hash: Option<String>,
    /// Ids a list view showed.
    pub records: Vec<String>,
    /// Occurrences an aggregated event stands for.
    pub count: Option<u64>,
}

/// Filters of the audit view.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Exact action token.
    pub action: Option<String>,
    /// Exact actor id.
    pub actor: Option<String>,
    /// Exact record id.
    pub record_id: Option<String>,
    /// Only events before this sequence number (paging backwards from the newest).
    pub before: Option<u64>,
    /// Other members' events about records this member owns, instead of this member's own.
    pub others_on_ours: bool,
    /// Exact outcome (`success`, `denied`, `failed`, `error`).
    pub outcome: Option<String>,
    /// Only events on or after this day (UTC).
    pub from: Option<chrono::NaiveDate>,
    /// Only events on or before this day (UTC).
    pub to: Option<chrono::NaiveDate>,
}

/// The ids of records `member` owns that other members may read (person-bearing kinds).
fn push_owned_ids(sql: &mut Sql, member: &str) {
    sql.push("SELECT id FROM incidents WHERE owner = ")
        .bind_text(member)
        .push(" UNION SELECT id FROM victim_cases WHERE owner = ")
        .bind_text(member)
        .push(" UNION SELECT id FROM referrals WHERE owner = ")
        .bind_text(member);
}

impl Store {
    /// The principal's member's events, newest first (auditors and admins only), plus, when
    /// asked for, other members' events about records the principal's member owns: the owner of
    /// a shared record sees who elsewhere read it.
    pub async fn audit_events(
        &self,
        principal: &Principal,
        filter: &AuditFilter,
        limit: u32,
    ) -> Result<Vec<AuditEntry>> {
        principal.require(lintas_model::Action::Audit)?;
        let me = principal.member.as_str();
        let mut sql = Sql::new("SELECT seq, event FROM audit_events WHERE ");
        if filter.others_on_ours {
            sql.push("(member IS NULL OR member <> ")
                .bind_text(me)
                .push(") AND (record_id IN (");
            push_owned_ids(&mut sql, me);
            sql.push(") OR seq IN (SELECT r.seq FROM audit_records r WHERE r.record_id IN (");
            push_owned_ids(&mut sql, me);
            sql.push(")))");
        } else if let Some(r) = &filter.record_id {
            // Everyone's events on a record of ours; only our own on anyone else's.
            sql.push("(member = ")
                .bind_text(me)
                .push(" OR ")
                .bind_text(r.as_str())
                .push(" IN (");
            push_owned_ids(&mut sql, me);
            sql.push("))");
        } else {
            sql.push("member = ").bind_text(me);
        }
        if let Some(a) = &filter.action {
            sql.push(" AND action = ").bind_text(a.as_str());
        }
        if let Some(a) = &filter.actor {
            sql.push(" AND actor = ").bind_text(a.as_str());
        }
        if let Some(r) = &filter.record_id {
            sql.push(" AND (record_id = ")
                .bind_text(r.as_str())
                .push(" OR seq IN (SELECT seq FROM audit_records WHERE record_id = ")
                .bind_text(r.as_str())
                .push("))");
        }
        if let Some(o) = &filter.outcome {
            sql.push(" AND outcome = ").bind_text(o.as_str());
        }
        // Times are stored as RFC 3339 UTC text, so a day's bounds compare as strings.
        if let Some(from) = filter.from {
            sql.push(" AND time >= ").bind_text(from.to_string());
        }
        if let Some(next) = filter.to.and_then(|d| d.succ_opt()) {
            sql.push(" AND time < ").bind_text(next.to_string());
        }
        if let Some(b) = filter.before {
            sql.push(" AND seq < ").bind(Arg::Int(b as i64));
        }
        sql.push(" ORDER BY seq DESC LIMIT ")
            .bind(Arg::Int(limit.clamp(1, crate::PageLimit::EXPORT_MAX) as i64));
        let rows: Vec<Vec<u8>> = on_pool!(self, pool => {
            query!(sql).fetch_all(pool).await?.into_iter().map(|r| r.try_get("event")).collect::<std::result::Result<_, _>>()?
        });
        rows.iter()
            .map(|bytes| {
                let e = AuditEvent::decode(bytes).map_err(audit_error)?;
                Ok(AuditEntry {
                    seq: e.sequence,
                    time: e.time.to_rfc3339(),
                    actor: e.actor_id,
                    member: e.member_state,
                    agency: e.agency,
                    action: e.action,
                    record_type: e.record_type,
                    record_id: e.record_id,
                    request_id: e.request_id,
                    outcome: e.outcome.as_str().into(),
                    details_hash: e.details_hash.map(|h| h.to_hex()),
                    records: e.records,
                    count: e.count,
                })
            })
            .collect()
    }

    /// The actor id (`user:…`) of the principal's member's user `username`, for filtering the
    /// audit view by name; `None` when the member has no such user.
    pub async fn member_actor(
        &self,
        principal: &Principal,
        username: &str,
    ) -> Result<Option<String>> {
        principal.require(lintas_model::Action::Audit)?;
        let mut sql = Sql::new("SELECT id FROM users WHERE member = ");
        sql.bind_text(principal.member.as_str())
            .push(" AND username = ")
            .bind_text(username.trim().to_lowercase());
        on_pool!(self, pool => {
            Ok(query!(sql).fetch_optional(pool).await?.map(|r| format!("user:{}", r.get::<String, _>("id"))))
        })
    }

    /// Names for the actor ids of `entries`: the user name or API-key label of the principal's
    /// own member's actors. Other members' actors stay unnamed (their member and agency show).
    pub async fn actor_names(
        &self,
        principal: &Principal,
        entries: &[AuditEntry],
    ) -> Result<HashMap<String, String>> {
        principal.require(lintas_model::Action::Audit)?;
        let mut users: Vec<&str> = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        for e in entries {
            if let Some(id) = e.actor.strip_prefix("user:") {
                users.push(id);
            } else if let Some(id) = e.actor.strip_prefix("apikey:") {
                keys.push(id);
            }
        }
        users.sort_unstable();
        users.dedup();
        keys.sort_unstable();
        keys.dedup();
        let mut names = HashMap::new();
        for (table, column, prefix, ids) in [
            ("users", "username", "user:", &users),
            ("api_keys", "label", "apikey:", &keys),
        ] {
            for chunk in ids.chunks(400) {
                let mut sql = Sql::new(&format!(
                    "SELECT id, {column} AS name FROM {table} WHERE member = "
                ));
                sql.bind_text(principal.member.as_str())
                    .push(" AND id IN (");
                for (n, id) in chunk.iter().enumerate() {
                    if n > 0 {
                        sql.push(", ");
                    }
                    sql.bind_text(*id);
                }
                sql.push(")");
                let rows: Vec<(String, String)> = on_pool!(self, pool => {
                    query!(sql).fetch_all(pool).await?.into_iter()
                        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
                        .collect::<Result<_>>()?
                });
                for (id, name) in rows {
                    let name = if name.is_empty() {
                        format!("API key {}", &id[..8.min(id.len())])
                    } else {
                        name
                    };
                    names.insert(format!("{prefix}{id}"), name);
                }
            }
        }
        Ok(names)
    }
}
