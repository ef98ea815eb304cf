//! Federation's storage side (docs/federation.md): the outbox every shared change writes in its
//! own transaction, the generic copy of a record that travels, and applying received copies
//! and tombstones idempotently by (owner, record id, version).
//!
//! Which kinds travel is a closed list ([`FEDERATED_KINDS`]): a received envelope names its
//! kind, and only these table names are ever put into SQL. Victim cases and consents never
//! leave their node; only disclosure-controlled counts of them do (issue 17).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{shared_states, shared_with};

/// Record kinds that federate: (record type as in the audit log and on the wire, table).
pub const FEDERATED_KINDS: &[(&str, &str)] = &[
    ("incident", "incidents"),
    ("sar_incident", "sar_incidents"),
    ("corridor", "ais_corridors"),
    ("registry_document", "registry_documents"),
];

/// Columns that are the envelope's own fields or local to one node (incidents' row number).
const STANDARD: &[&str] = &[
    "id",
    "owner",
    "agency_id",
    "sharing",
    "shared_with",
    "version",
    "rid",
    "deleted_at",
    "federation_agency",
];

/// The table of a federated record type, or a clear refusal.
pub(crate) fn table_of(record_type: &str) -> Result<&'static str> {
    FEDERATED_KINDS
        .iter()
        .find(|(t, _)| *t == record_type)
        .map(|(_, table)| *table)
        .ok_or_else(|| Error::BadRequest(format!("record_type `{record_type}` does not federate")))
}

/// The outbox row for the record `key` selects in `table` (aliased `r`), as it stands in the
/// transaction: written when the record is shared beyond its owner now, or was once (a
/// lowered sharing or a delete must send tombstones). Runs after the change's own statements.
pub(crate) fn outbox_insert(
    record_type: &str,
    table: &str,
    now: &str,
    key: impl FnOnce(&mut Sql),
) -> Sql {
    let mut sql = Sql::new(
        "INSERT INTO federation_outbox (record_type, record_id, owner, version, sharing, \
         shared_with, deleted, created_at) SELECT ",
    );
    sql.bind_text(record_type)
        .push(
            ", r.id, r.owner, r.version, r.sharing, r.shared_with, \
             CASE WHEN r.deleted_at IS NULL THEN 0 ELSE 1 END, ",
        )
        .bind_text(now)
        .push(&format!(" FROM {table} r WHERE "));
    key(&mut sql);
    sql.push(
        " AND (r.sharing <> 'national' OR EXISTS (SELECT 1 FROM federation_outbox o \
         WHERE o.record_type = ",
    )
    .bind_text(record_type)
    .push(" AND o.record_id = r.id))");
    sql
}

/// One pending change to publish, with the audience it had before (the previous outbox row's
/// sharing, or `national`), so the relay can send tombstones to whoever loses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// Outbox sequence number (publish order).
    pub seq: i64,
    /// Federated record type.
    pub record_type: String,
    /// The record's id.
    pub record_id: String,
    /// Owner member.
    pub owner: String,
    /// The record's version after the change.
    pub version: i64,
    /// Sharing level after the change.
    pub sharing: String,
    /// Named states after the change (bilateral).
    pub shared_with: Vec<String>,
    /// The change deleted the record.
    pub deleted: bool,
    /// Sharing level before the change.
    pub prev_sharing: String,
    /// Named states before the change.
    pub prev_shared_with: Vec<String>,
}

/// One column value of a record copy, typed as both backends store it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "lowercase")]
pub enum Cell {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Floating point.
    Real(f64),
    /// Bytes, hex-encoded.
    Blob(String),
}

/// A record as it travels: the owner's id, version and content, column by column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordCopy {
    /// Federated record type.
    pub record_type: String,
    /// The owner's record id.
    pub id: String,
    /// Owner member.
    pub owner: String,
    /// The owner's version.
    pub version: i64,
    /// Sharing level.
    pub sharing: String,
    /// Named states (bilateral).
    pub shared_with: Vec<String>,
    /// The owner's agency id and name (copies show the reporting agency).
    pub agency_id: String,
    /// The owner's agency name.
    pub agency: String,
    /// The kind's own columns; NULLs are absent.
    pub columns: BTreeMap<String, Cell>,
}

/// What applying a received copy or tombstone did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Stored (new copy or newer version).
    Stored,
    /// The copy was deleted.
    Deleted,
    /// A replay or a stale version: nothing changed.
    Ignored,
}

macro_rules! cells_of {
    ($row:expr) => {{
        use sqlx::{Column, Row, ValueRef};
        let row = $row;
        let mut cells = BTreeMap::new();
        for (i, column) in row.columns().iter().enumerate() {
            let name = column.name().to_string();
            if row.try_get_raw(i)?.is_null() {
                continue;
            }
            let cell = if let Ok(v) = row.try_get::<String, _>(i) {
                Cell::Text(v)
            } else if let Ok(v) = row.try_get::<i64, _>(i) {
                Cell::Int(v)
            } else if let Ok(v) = row.try_get::<i32, _>(i) {
                Cell::Int(i64::from(v))
            } else if let Ok(v) = row.try_get::<f64, _>(i) {
                Cell::Real(v)
            } else if let Ok(v) = row.try_get::<Vec<u8>, _>(i) {
                Cell::Blob(hex::encode(v))
            } else {
                return Err(Error::Corrupt(format!(
                    "column `{name}` has a type federation does not carry"
                )));
            };
            cells.insert(name, cell);
        }
        cells
    }};
}

fn take_text(cells: &mut BTreeMap<String, Cell>, name: &str) -> Result<String> {
    match cells.remove(name) {
        Some(Cell::Text(s)) => Ok(s),
        Some(Cell::Int(i)) => Ok(i.to_string()),
        None => Ok(String::new()),
        _ => Err(Error::Corrupt(format!("column `{name}` is not text"))),
    }
}

fn take_int(cells: &mut BTreeMap<String, Cell>, name: &str) -> Result<i64> {
    match cells.remove(name) {
        Some(Cell::Int(i)) => Ok(i),
        _ => Err(Error::Corrupt(format!("column `{name}` is not an integer"))),
    }
}

fn arg_of(cell: &Cell) -> Result<Arg> {
    Ok(match cell {
        Cell::Text(s) => Arg::Text(s.clone()),
        Cell::Int(i) => Arg::Int(*i),
        Cell::Real(f) => Arg::Real(*f),
        Cell::Blob(h) => {
            Arg::Blob(hex::decode(h).map_err(|e| Error::BadRequest(format!("blob column: {e}")))?)
        }
    })
}

/// Column names come from the sender: only plain identifiers reach SQL.
fn plain_identifier(name: &str) -> Result<&str> {
    if !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(name)
    } else {
        Err(Error::BadRequest(format!("column name `{name}` refused")))
    }
}

fn federation_actor(owner: &str) -> Actor {
    Actor {
        id: "federation".into(),
        member: Some(owner.to_string()),
        agency: None,
        request_id: None,
    }
}

/// The statement recording `version` as applied for the record, guarded so that only a
/// newer version from the same owner changes anything (the write's guard statement).
#[allow(clippy::too_many_arguments)]
fn applied_statement(
    record_type: &str,
    id: &str,
    owner: &str,
    version: i64,
    sharing: &str,
    handling: &str,
    tombstone: bool,
    now: &str,
) -> Sql {
    let mut sql = Sql::new(
        "INSERT INTO federation_applied (record_type, record_id, owner, version, sharing, \
         handling, tombstone, applied_at) VALUES (",
    );
    sql.bind_text(record_type)
        .push(", ")
        .bind_text(id)
        .push(", ")
        .bind_text(owner)
        .push(", ")
        .bind_int(version)
        .push(", ")
        .bind_text(sharing)
        .push(", ")
        .bind_text(handling)
        .push(", ")
        .bind_int(i64::from(tombstone))
        .push(", ")
        .bind_text(now)
        .push(
            ") ON CONFLICT (record_type, record_id) DO UPDATE SET version = excluded.version, \
             sharing = excluded.sharing, handling = excluded.handling, \
             tombstone = excluded.tombstone, applied_at = excluded.applied_at \
             WHERE federation_applied.version < excluded.version \
             AND federation_applied.owner = excluded.owner",
        );
    sql
}

/// Counts of received copies held, by sharing level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CopyCounts {
    /// Copies by sharing level (`regional`, `bilateral`, `aggregate`).
    pub by_level: BTreeMap<String, i64>,
    /// Tombstones applied.
    pub tombstones: i64,
}

impl Store {
    /// Outbox rows of records owned by `owner` not yet published, oldest first.
    pub async fn outbox_pending(&self, owner: &str, limit: u32) -> Result<Vec<OutboxEntry>> {
        let mut sql = Sql::new(
            "SELECT o.seq, o.record_type, o.record_id, o.owner, o.version, o.sharing, \
             o.shared_with, o.deleted, \
             COALESCE((SELECT p.sharing FROM federation_outbox p WHERE p.record_type = o.record_type \
               AND p.record_id = o.record_id AND p.seq < o.seq ORDER BY p.seq DESC LIMIT 1), 'national') AS prev_sharing, \
             COALESCE((SELECT p.shared_with FROM federation_outbox p WHERE p.record_type = o.record_type \
               AND p.record_id = o.record_id AND p.seq < o.seq ORDER BY p.seq DESC LIMIT 1), '') AS prev_shared_with \
             FROM federation_outbox o WHERE o.published_at IS NULL AND o.owner = ",
        );
        sql.bind_text(owner)
            .push(" ORDER BY o.seq LIMIT ")
            .bind_int(i64::from(limit));
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                use sqlx::Row;
                out.push(OutboxEntry {
                    seq: row.try_get("seq")?,
                    record_type: row.try_get("record_type")?,
                    record_id: row.try_get("record_id")?,
                    owner: row.try_get("owner")?,
                    version: row.try_get("version")?,
                    sharing: row.try_get("sharing")?,
                    shared_with: shared_states(&row.try_get::<String, _>("shared_with")?),
                    deleted: row.try_get::<i64, _>("deleted")? != 0,
                    prev_sharing: row.try_get("prev_sharing")?,
                    prev_shared_with: shared_states(&row.try_get::<String, _>("prev_shared_with")?),
                });
            }
            Ok(out)
        })
    }

    /// Marks outbox rows as published (the broker acknowledged every message of each).
    pub async fn outbox_published(&self, seqs: &[i64]) -> Result<()> {
        if seqs.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("UPDATE federation_outbox SET published_at = ");
        sql.bind_text(timestamp(self.clock.now()))
            .push(" WHERE seq IN (");
        for (n, s) in seqs.iter().enumerate() {
            if n > 0 {
                sql.push(", ");
            }
            sql.bind_int(*s);
        }
        sql.push(")");
        on_pool!(self, pool => {
            query!(sql).execute(pool).await?;
        });
        Ok(())
    }

    /// Outbox rows of `owner` not yet published.
    pub async fn outbox_backlog(&self, owner: &str) -> Result<i64> {
        let mut sql = Sql::new(
            "SELECT COUNT(*) AS n FROM federation_outbox WHERE published_at IS NULL AND owner = ",
        );
        sql.bind_text(owner);
        on_pool!(self, pool => {
            let row = query!(sql).fetch_one(pool).await?;
            Ok(sqlx::Row::try_get::<i64, _>(&row, "n")?)
        })
    }

    /// The record as it stands now, to publish; `None` when it is deleted or absent.
    pub async fn record_copy(&self, record_type: &str, id: &str) -> Result<Option<RecordCopy>> {
        let table = table_of(record_type)?;
        let mut sql = Sql::new(&format!(
            "SELECT r.*, a.name AS federation_agency FROM {table} r \
             JOIN agencies a ON a.id = r.agency_id WHERE r.deleted_at IS NULL AND r.id = "
        ));
        sql.bind_text(id);
        let cells: Option<BTreeMap<String, Cell>> = on_pool!(self, pool => {
            match query!(sql).fetch_optional(pool).await? {
                Some(row) => Some(cells_of!(&row)),
                None => None,
            }
        });
        let Some(mut cells) = cells else {
            return Ok(None);
        };
        let copy = RecordCopy {
            record_type: record_type.to_string(),
            id: take_text(&mut cells, "id")?,
            owner: take_text(&mut cells, "owner")?,
            version: take_int(&mut cells, "version")?,
            sharing: take_text(&mut cells, "sharing")?,
            shared_with: shared_states(&take_text(&mut cells, "shared_with")?),
            agency_id: take_text(&mut cells, "agency_id")?,
            agency: take_text(&mut cells, "federation_agency")?,
            columns: cells
                .into_iter()
                .filter(|(k, _)| !STANDARD.contains(&k.as_str()))
                .collect(),
        };
        Ok(Some(copy))
    }

    /// Stores a received copy unless this node already applied that version or a newer one
    /// of it: its owner's agency (by name), the row with the owner's id, version and content,
    /// and a `federation.apply` audit event, in one transaction. A copy never replaces a
    /// record of another owner.
    pub async fn apply_copy(&self, copy: &RecordCopy, handling: &str) -> Result<Applied> {
        let table = table_of(&copy.record_type)?;
        let now = timestamp(self.clock.now());
        let guard = applied_statement(
            &copy.record_type,
            &copy.id,
            &copy.owner,
            copy.version,
            &copy.sharing,
            handling,
            false,
            &now,
        );
        let mut agency = Sql::new("INSERT INTO agencies (id, member, name, created_at) VALUES (");
        agency
            .bind_text(&copy.agency_id)
            .push(", ")
            .bind_text(&copy.owner)
            .push(", ")
            .bind_text(&copy.agency)
            .push(", ")
            .bind_text(&now)
            .push(") ON CONFLICT DO NOTHING");
        let mut remove = Sql::new(&format!("DELETE FROM {table} WHERE id = "));
        remove
            .bind_text(&copy.id)
            .push(" AND owner = ")
            .bind_text(&copy.owner);
        let mut names = String::from("id, owner, agency_id, sharing, shared_with, version");
        if table == "incidents" {
            names.push_str(", rid");
        }
        for name in copy.columns.keys() {
            if STANDARD.contains(&name.as_str()) {
                return Err(Error::BadRequest(format!(
                    "column `{name}` is the envelope's"
                )));
            }
            names.push_str(", ");
            names.push_str(plain_identifier(name)?);
        }
        let mut insert = Sql::new(&format!("INSERT INTO {table} ({names}) VALUES ("));
        insert
            .bind_text(&copy.id)
            .push(", ")
            .bind_text(&copy.owner)
            // The local agency row of that name: ours if we knew the agency under another id.
            .push(", (SELECT id FROM agencies WHERE member = ")
            .bind_text(&copy.owner)
            .push(" AND name = ")
            .bind_text(&copy.agency)
            .push("), ")
            .bind_text(&copy.sharing)
            .push(", ")
            .bind_text(shared_with(&copy.shared_with))
            .push(", ")
            .bind_int(copy.version);
        if table == "incidents" {
            insert.push(", (SELECT COALESCE(MAX(rid), 0) + 1 FROM incidents)");
        }
        for cell in copy.columns.values() {
            insert.push(", ").bind(arg_of(cell)?);
        }
        insert.push(")");
        let event = Audited::record(AuditAction::FederationApply, &copy.record_type, &copy.id);
        let stored = self
            .write_audited(
                vec![guard, agency, remove, insert],
                true,
                &federation_actor(&copy.owner),
                &[event],
            )
            .await?;
        Ok(if stored {
            Applied::Stored
        } else {
            Applied::Ignored
        })
    }

    /// Deletes the received copy of a record whose owner lowered its sharing or deleted it,
    /// unless a newer version was already applied; audited as `federation.tombstone`.
    pub async fn apply_tombstone(
        &self,
        record_type: &str,
        id: &str,
        owner: &str,
        version: i64,
    ) -> Result<Applied> {
        let table = table_of(record_type)?;
        let now = timestamp(self.clock.now());
        let guard = applied_statement(record_type, id, owner, version, "", "", true, &now);
        let mut remove = Sql::new(&format!("DELETE FROM {table} WHERE id = "));
        remove.bind_text(id).push(" AND owner = ").bind_text(owner);
        let event = Audited::record(AuditAction::FederationTombstone, record_type, id);
        let done = self
            .write_audited(
                vec![guard, remove],
                true,
                &federation_actor(owner),
                &[event],
            )
            .await?;
        Ok(if done {
            Applied::Deleted
        } else {
            Applied::Ignored
        })
    }

    /// Received copies held, by sharing level, and tombstones applied.
    pub async fn copy_counts(&self) -> Result<CopyCounts> {
        let sql = Sql::new(
            "SELECT sharing, tombstone, COUNT(*) AS n FROM federation_applied \
             GROUP BY sharing, tombstone",
        );
        on_pool!(self, pool => {
            let mut counts = CopyCounts::default();
            for row in query!(sql).fetch_all(pool).await? {
                use sqlx::Row;
                let n: i64 = row.try_get("n")?;
                if row.try_get::<i64, _>("tombstone")? != 0 {
                    counts.tombstones += n;
                } else {
                    counts.by_level.insert(row.try_get("sharing")?, n);
                }
            }
            Ok(counts)
        })
    }

    /// Every live record this node holds of `record_type` (its own and received copies) with
    /// owner, sharing and version: what placement tests and reconciliation compare.
    pub async fn federated_holdings(&self, record_type: &str) -> Result<Vec<Holding>> {
        let table = table_of(record_type)?;
        let sql = Sql::new(&format!(
            "SELECT id, owner, sharing, shared_with, CAST(version AS BIGINT) AS version \
             FROM {table} WHERE deleted_at IS NULL ORDER BY id"
        ));
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                use sqlx::Row;
                out.push(Holding {
                    id: row.try_get("id")?,
                    owner: row.try_get("owner")?,
                    sharing: row.try_get("sharing")?,
                    shared_with: shared_states(&row.try_get::<String, _>("shared_with")?),
                    version: row.try_get("version")?,
                });
            }
            Ok(out)
        })
    }
}

/// One live record a node holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// Record id.
    pub id: String,
    /// Owner member.
    pub owner: String,
    /// Sharing level.
    pub sharing: String,
    /// Named states.
    pub shared_with: Vec<String>,
    /// Version.
    pub version: i64,
}
