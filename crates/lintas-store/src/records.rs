//! The versioned-record core: every record kind that members own, share and change (incidents,
//! SAR incidents, corridors, and the record kinds that follow them) is stored, read, changed,
//! deleted and paged here, once.
//!
//! A record kind's table has the standard columns `id`, `owner`, `agency_id`, `sharing`,
//! `shared_with`, `version`, `created_at`, `updated_at` and `deleted_at`, plus its own. The core
//! guarantees, for every kind alike:
//! - the audit event is appended in the same transaction as the change;
//! - a change is refused in one order: not visible (404), role may not write or another
//!   agency's record (403), stale version (412); validation is the kind's, after these;
//! - updates and deletes are guarded by the version inside the transaction, so two concurrent
//!   writers cannot both succeed;
//! - deletes are soft (the row stays for the audit trail, invisible to every query);
//! - listings page by one keyset cursor type with one limit rule.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lintas_model::{Action, Sharing};
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited, WriteFailure};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::incidents::is_unique_violation;
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{push_visible_as, shared_with};

/// Reads columns from a row of either backend, so a record kind maps rows once.
pub(crate) trait RowGet {
    fn text(&self, column: &str) -> Result<String>;
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
    fn int(&self, column: &str) -> Result<i64>;
    fn opt_real(&self, column: &str) -> Result<Option<f64>>;
}

macro_rules! row_get {
    ($row:ty) => {
        impl RowGet for $row {
            fn text(&self, column: &str) -> Result<String> {
                Ok(sqlx::Row::try_get(self, column)?)
            }
            fn opt_text(&self, column: &str) -> Result<Option<String>> {
                Ok(sqlx::Row::try_get(self, column)?)
            }
            fn int(&self, column: &str) -> Result<i64> {
                Ok(sqlx::Row::try_get(self, column)?)
            }
            fn opt_real(&self, column: &str) -> Result<Option<f64>> {
                Ok(sqlx::Row::try_get(self, column)?)
            }
        }
    };
}
row_get!(sqlx::sqlite::SqliteRow);
row_get!(sqlx::postgres::PgRow);

/// A record's UUID column, with corruption reported as such.
pub(crate) fn uuid(row: &dyn RowGet, column: &str) -> Result<Uuid> {
    Uuid::parse_str(&row.text(column)?).map_err(|e| Error::Corrupt(e.to_string()))
}

/// A record's JSON document column.
pub(crate) fn doc<T: serde::de::DeserializeOwned>(row: &dyn RowGet, column: &str) -> Result<T> {
    serde_json::from_str(&row.text(column)?).map_err(|e| Error::Corrupt(e.to_string()))
}

/// A record kind: where it lives, how its rows read, and what its audit events are called.
pub(crate) trait Versioned: Sized {
    /// Table name.
    const TABLE: &'static str;
    /// The table's alias in queries (the select list uses it; `a` is the agencies join).
    const ALIAS: &'static str;
    /// The select list, e.g. `s.id, CAST(s.version AS BIGINT) AS version, …`.
    const COLUMNS: &'static str;
    /// The record's name in messages ("SAR incident").
    const NOUN: &'static str;
    /// Audit record type and actions.
    const AUDIT: RecordAudit;
    /// The role action that reads the kind. Kinds kept from most roles (victim cases) name
    /// their own; every query of the core checks it, so no other role reaches a row.
    const READ: Action = Action::Read;
    /// The role action that creates records of the kind.
    const CREATE: Action = Action::Create;
    /// The role action that changes and deletes records of the kind.
    const WRITE: Action = Action::Write;
    /// Whether the kind's shared records travel to other nodes (federation). Victim kinds
    /// say no: victim data never leaves its node.
    const FEDERATED: bool = true;

    fn from_row(row: &dyn RowGet) -> Result<Self>;
    fn version(&self) -> i64;
}

/// A record kind's audit vocabulary.
pub(crate) struct RecordAudit {
    pub record_type: &'static str,
    pub create: AuditAction,
    pub update: AuditAction,
    pub delete: AuditAction,
}

/// The columns a create or update writes: the sharing (standard columns) and the kind's own.
pub(crate) struct Values<'a> {
    pub sharing: &'a Sharing,
    pub columns: Vec<(&'static str, Arg)>,
}

/// Page sizes: one rule for every listing.
pub struct PageLimit;

impl PageLimit {
    /// When the caller names none.
    pub const DEFAULT: u32 = 50;
    /// The most one page holds.
    pub const MAX: u32 = 500;
    /// The most one page of an export (AIS events as GeoJSON or CSV) holds.
    pub const EXPORT_MAX: u32 = 5_000;

    /// `limit` brought into 1..=MAX (a missing limit is [`PageLimit::DEFAULT`]).
    pub fn clamp(limit: Option<u32>) -> u32 {
        limit.unwrap_or(Self::DEFAULT).clamp(1, Self::MAX)
    }

    /// `limit` brought into 1..=EXPORT_MAX, for exports.
    pub fn clamp_export(limit: Option<u32>) -> u32 {
        limit.unwrap_or(Self::DEFAULT).clamp(1, Self::EXPORT_MAX)
    }
}

/// One page of a listing.
#[derive(Debug)]
pub struct Page<T> {
    /// The records, in the listing's order.
    pub items: Vec<T>,
    /// Pass back to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A keyset cursor: the sort key and id of the last row of a page. Opaque to callers.
pub(crate) struct Keyset {
    pub key: String,
    pub id: String,
}

impl Keyset {
    pub fn encode(key: &str, id: impl std::fmt::Display) -> String {
        URL_SAFE_NO_PAD.encode(format!("{key}|{id}"))
    }

    /// Decodes a cursor whose key must pass `valid_key`.
    pub fn decode(cursor: &str, valid_key: impl Fn(&str) -> bool) -> Result<Self> {
        let bad = || {
            Error::BadRequest(
                "invalid cursor: pass back the next_cursor of the previous page unchanged".into(),
            )
        };
        let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
        let text = String::from_utf8(raw).map_err(|_| bad())?;
        let (key, id) = text.split_once('|').ok_or_else(bad)?;
        if !valid_key(key) {
            return Err(bad());
        }
        Uuid::parse_str(id).map_err(|_| bad())?;
        Ok(Keyset {
            key: key.into(),
            id: id.into(),
        })
    }

    /// Appends `AND (<row after this cursor>)` for a listing ordered by `column DESC, id DESC`
    /// where `column` holds text (dates, RFC 3339 times).
    pub fn push_after_desc(&self, sql: &mut Sql, alias: &str, column: &str) {
        self.push_after(sql, alias, column, Arg::Text(self.key.clone()));
    }

    /// [`Keyset::push_after_desc`] for an integer `column` (the key was validated as one).
    pub fn push_after_desc_int(&self, sql: &mut Sql, alias: &str, column: &str) {
        let key = self.key.parse().unwrap_or(i64::MIN);
        self.push_after(sql, alias, column, Arg::Int(key));
    }

    /// Appends `AND (<row after this cursor>)` for a listing ordered by `column ASC, id ASC`
    /// where `column` holds text.
    pub fn push_after_asc(&self, sql: &mut Sql, alias: &str, column: &str) {
        self.push_after_cmp(sql, alias, column, Arg::Text(self.key.clone()), ">");
    }

    fn push_after(&self, sql: &mut Sql, alias: &str, column: &str, key: Arg) {
        self.push_after_cmp(sql, alias, column, key, "<");
    }

    fn push_after_cmp(&self, sql: &mut Sql, alias: &str, column: &str, key: Arg, cmp: &str) {
        sql.push(&format!(" AND ({alias}.{column} {cmp} "))
            .bind(key.clone())
            .push(&format!(" OR ({alias}.{column} = "))
            .bind(key)
            .push(&format!(" AND {alias}.id {cmp} "))
            .bind_text(self.id.as_str())
            .push("))");
    }
}

/// Splits `limit + 1` fetched rows into a page: the extra row only says there is a next page.
pub(crate) fn page_of<T, I: std::fmt::Display>(
    mut rows: Vec<(T, String)>,
    limit: u32,
    id: impl Fn(&T) -> I,
) -> Page<T> {
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|(r, key)| Keyset::encode(key, id(r)))
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(|(r, _)| r).collect(),
        next_cursor,
    }
}

/// The UPDATE replacing a record's content (version + 1), guarded by `expected` when given.
pub(crate) fn update_statement<R: Versioned>(
    id: &str,
    values: Values<'_>,
    now: &str,
    expected: Option<i64>,
) -> Sql {
    let mut update = Sql::new(&format!("UPDATE {} SET sharing = ", R::TABLE));
    update
        .bind_text(values.sharing.level.as_str())
        .push(", shared_with = ")
        .bind_text(shared_with(&values.sharing.states));
    for (c, arg) in values.columns {
        update.push(&format!(", {c} = ")).bind(arg);
    }
    update
        .push(", version = version + 1, updated_at = ")
        .bind_text(now)
        .push(" WHERE deleted_at IS NULL AND id = ")
        .bind_text(id);
    if let Some(v) = expected {
        update.push(" AND version = ").bind_int(v);
    }
    update
}

/// The INSERT of a new record `id` owned by the principal's member and agency, at version 1.
pub(crate) fn insert_statement<R: Versioned>(
    principal: &Principal,
    id: Uuid,
    values: Values<'_>,
    now: &str,
) -> Sql {
    let mut names =
        String::from("id, owner, agency_id, sharing, shared_with, version, created_at, updated_at");
    for (c, _) in &values.columns {
        names.push_str(", ");
        names.push_str(c);
    }
    let mut insert = Sql::new(&format!("INSERT INTO {} ({names}) VALUES (", R::TABLE));
    insert
        .bind_text(id.to_string())
        .push(", ")
        .bind_text(principal.member.as_str())
        .push(", ")
        .bind_text(principal.agency_id.to_string())
        .push(", ")
        .bind_text(values.sharing.level.as_str())
        .push(", ")
        .bind_text(shared_with(&values.sharing.states))
        .push(", 1, ")
        .bind_text(now)
        .push(", ")
        .bind_text(now);
    for (_, arg) in values.columns {
        insert.push(", ").bind(arg);
    }
    insert.push(")");
    insert
}

/// The federation outbox row for record `id` of kind `R` (none for kinds that stay home),
/// appended after the change's statements so it reads the row as the transaction left it.
fn outbox<R: Versioned>(id: &str, now: &str) -> Option<Sql> {
    R::FEDERATED.then(|| {
        crate::federation::outbox_insert(R::AUDIT.record_type, R::TABLE, now, |sql| {
            sql.push("r.id = ").bind_text(id);
        })
    })
}

impl Store {
    /// `SELECT <columns> FROM <table> <alias> JOIN agencies a … WHERE 1 = 1 AND <visible>`.
    pub(crate) fn select_visible<R: Versioned>(principal: &Principal, extra: &str) -> Sql {
        let mut sql = Sql::new(&format!(
            "SELECT {}{extra} FROM {} {} JOIN agencies a ON a.id = {}.agency_id WHERE 1 = 1",
            R::COLUMNS,
            R::TABLE,
            R::ALIAS,
            R::ALIAS
        ));
        push_visible_as(&mut sql, principal, R::ALIAS, true);
        // The role filter is part of the query, not only a check before it: a listing built
        // on this select returns no row of a kind the principal's role may not read.
        if !principal.role.may(R::READ) {
            sql.push(" AND 1 = 0");
        }
        sql
    }

    /// The record `id` if the principal may see it, without an audit event (reads that must be
    /// audited go through the kind's own `read_*` method, which says so).
    pub(crate) async fn fetch_record<R: Versioned>(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<R> {
        principal.require(R::READ)?;
        let mut sql = Self::select_visible::<R>(principal, "");
        sql.push(&format!(" AND {}.id = ", R::ALIAS))
            .bind_text(id.to_string());
        on_pool!(self, pool => {
            let row = query!(sql).fetch_optional(pool).await?.ok_or(Error::NotFound)?;
            R::from_row(&row)
        })
    }

    /// Rows of a visible listing built by the caller; each with the text of `key_column`.
    pub(crate) async fn fetch_rows<R: Versioned>(
        &self,
        sql: Sql,
        key_column: Option<&str>,
    ) -> Result<Vec<(R, String)>> {
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let key = match key_column {
                    Some(c) => RowGet::text(&row, c)?,
                    None => String::new(),
                };
                out.push((R::from_row(&row)?, key));
            }
            Ok(out)
        })
    }

    /// The record if the principal may change it: 404 when invisible, 403 when its role may
    /// not write or the record is another agency's, 412 when `expected` is not its version.
    pub(crate) async fn writable_record<R: Versioned>(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<R> {
        let current: R = self.fetch_record(principal, id).await?;
        principal.require(R::WRITE)?;
        let mut sql = Sql::new(&format!("SELECT agency_id FROM {} WHERE id = ", R::TABLE));
        sql.bind_text(id.to_string());
        let agency: String = on_pool!(self, pool => sqlx::Row::try_get(&query!(sql).fetch_one(pool).await?, "agency_id")?);
        if !principal.may_edit_as(&agency, R::WRITE) {
            return Err(Error::Forbidden(format!(
                "only the reporting agency may change this {}",
                R::NOUN
            )));
        }
        match expected {
            Some(v) if v != current.version() => Err(Error::VersionConflict {
                current: current.version(),
            }),
            _ => Ok(current),
        }
    }

    /// Inserts a new record owned by the principal's member and agency, with `side`
    /// statements (lookup terms, links) and its audit event in one transaction. The kind has
    /// validated it. `unique` is the error a unique-constraint violation means for this kind.
    pub(crate) async fn insert_record<R: Versioned>(
        &self,
        principal: &Principal,
        values: Values<'_>,
        side: impl FnOnce(&str) -> Vec<Sql>,
        unique: Option<Error>,
    ) -> Result<R> {
        principal.require(R::CREATE)?;
        let id = Uuid::now_v7();
        let now = timestamp(self.clock.now());
        let insert = insert_statement::<R>(principal, id, values, &now);
        let mut statements = vec![insert];
        statements.extend(side(&id.to_string()));
        statements.extend(outbox::<R>(&id.to_string(), &now));
        let event = Audited::record(R::AUDIT.create, R::AUDIT.record_type, id);
        self.write_record(principal, statements, false, event, unique)
            .await?;
        self.fetch_record(principal, id).await
    }

    /// Replaces a record's content if it is still at `expected`, with `side` statements and
    /// its audit event in one transaction.
    pub(crate) async fn update_record<R: Versioned>(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: i64,
        values: Values<'_>,
        side: Vec<Sql>,
        unique: Option<Error>,
    ) -> Result<R> {
        let event = Audited::record(R::AUDIT.update, R::AUDIT.record_type, id);
        self.update_record_audited(principal, id, expected, values, side, unique, vec![event])
            .await
    }

    /// [`Store::update_record`] recording `events` instead of the kind's update event (a
    /// workflow transition is a change with its own name).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn update_record_audited<R: Versioned>(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: i64,
        values: Values<'_>,
        side: Vec<Sql>,
        unique: Option<Error>,
        events: Vec<Audited>,
    ) -> Result<R> {
        let now = timestamp(self.clock.now());
        let update = update_statement::<R>(&id.to_string(), values, &now, Some(expected));
        let mut statements = vec![update];
        statements.extend(side);
        statements.extend(outbox::<R>(&id.to_string(), &now));
        if !self
            .write_records(principal, statements, true, events, unique)
            .await?
        {
            let now: R = self.fetch_record(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version(),
            });
        }
        self.fetch_record(principal, id).await
    }

    /// Soft-deletes a record the principal may change (`expected` checked when given).
    pub(crate) async fn delete_record<R: Versioned>(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<()> {
        let current: R = self.writable_record(principal, id, expected).await?;
        let now = timestamp(self.clock.now());
        let mut sql = Sql::new(&format!("UPDATE {} SET deleted_at = ", R::TABLE));
        sql.bind_text(&now)
            .push(", version = version + 1 WHERE deleted_at IS NULL AND id = ")
            .bind_text(id.to_string())
            .push(" AND version = ")
            .bind_int(current.version());
        let event = Audited::record(R::AUDIT.delete, R::AUDIT.record_type, id);
        let mut statements = vec![sql];
        statements.extend(outbox::<R>(&id.to_string(), &now));
        if !self
            .write_record(principal, statements, true, event, None)
            .await?
        {
            let now: R = self.fetch_record(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version(),
            });
        }
        Ok(())
    }

    async fn write_record(
        &self,
        principal: &Principal,
        statements: Vec<Sql>,
        guard: bool,
        event: Audited,
        unique: Option<Error>,
    ) -> Result<bool> {
        self.write_records(principal, statements, guard, vec![event], unique)
            .await
    }

    /// Runs a record's statements with its audit events in one transaction (guarded by the
    /// first statement when `guard`); `unique` is what a unique-constraint violation means.
    pub(crate) async fn write_records(
        &self,
        principal: &Principal,
        statements: Vec<Sql>,
        guard: bool,
        events: Vec<Audited>,
        unique: Option<Error>,
    ) -> Result<bool> {
        match self
            .write_audited(statements, guard, &Actor::from(principal), &events)
            .await
        {
            Ok(changed) => Ok(changed),
            Err(WriteFailure::Db(e)) if is_unique_violation(&e) => match unique {
                Some(err) => Err(err),
                None => Err(Error::Database(e)),
            },
            Err(e) => Err(e.into()),
        }
    }
}
