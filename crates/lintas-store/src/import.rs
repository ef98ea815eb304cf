//! Bulk import: batches of rows, each batch in one transaction, idempotent by the agency's
//! external reference (or a content hash when a row has none), so an interrupted import leaves
//! no half-written incident and re-running it completes the work without duplicates.

use std::collections::HashMap;

use chrono::NaiveDate;

use lintas_model::import::Row;
use lintas_model::{Action, Incident};
use serde::Serialize;
use sqlx::Row as _;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited};
use crate::clock::timestamp;
use crate::error::Result;
use crate::incidents::{NewRow, Prepared, dedup_key, prepare, update_statements};
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};

/// Counts of what an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// New incidents stored.
    pub created: u64,
    /// Existing incidents (same external reference) whose content changed.
    pub updated: u64,
    /// Rows identical to what is stored.
    pub unchanged: u64,
    /// Rows whose incident was deleted in Lintas; left deleted.
    pub skipped_deleted: u64,
    /// Rows not stored because they are invalid.
    pub invalid: u64,
}

/// One invalid row's problem (a row may have several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line where the row starts.
    pub line: u64,
    /// Field path or CSV column; empty when the whole row is unreadable.
    pub field: String,
    /// Stable rule code.
    pub code: String,
    /// Explanation.
    pub message: String,
}

/// How many problems one field had with one rule, over a whole import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCount {
    /// Field path or CSV column.
    pub field: String,
    /// Stable rule code.
    pub code: String,
    /// Problems of this kind.
    pub count: u64,
}

/// The result of importing some rows.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ImportReport {
    /// Counts.
    #[serde(flatten)]
    pub outcome: ImportOutcome,
    /// Every problem of every invalid row, in input order; for a large upload, the first ones
    /// only (then `errors_truncated` is set and `error_counts` covers them all).
    pub errors: Vec<RowError>,
    /// Set when `errors` lists only the first problems.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub errors_truncated: bool,
    /// All problems counted per field and code, given when `errors` is truncated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub error_counts: Vec<ErrorCount>,
}

impl ImportReport {
    /// Adds another batch's report to this one.
    pub fn merge(&mut self, other: ImportReport) {
        let (a, b) = (&mut self.outcome, other.outcome);
        a.created += b.created;
        a.updated += b.updated;
        a.unchanged += b.unchanged;
        a.skipped_deleted += b.skipped_deleted;
        a.invalid += b.invalid;
        self.errors.extend(other.errors);
    }
}

/// Imports rows for one principal; remembers the keys it has seen so that a reference used
/// twice in one file is reported rather than silently overwriting the earlier row.
pub struct Importer<'a> {
    store: &'a Store,
    principal: &'a Principal,
    seen: HashMap<String, u64>,
}

struct Pending {
    line: u64,
    incident: Incident,
    prepared: Prepared,
    key: String,
}

impl Store {
    /// Starts an import on behalf of `principal` (who needs the right to create incidents).
    pub fn importer<'a>(&'a self, principal: &'a Principal) -> Result<Importer<'a>> {
        principal.require(Action::Create)?;
        Ok(Importer {
            store: self,
            principal,
            seen: HashMap::new(),
        })
    }
}

/// Rows checked and made ready for storing (document, content hash, search terms, dedup key)
/// without touching the database, so that the work can run on another thread while the
/// previous batch is written: see [`PreparedBatch::new`] and [`Importer::import_prepared`].
pub struct PreparedBatch {
    report: ImportReport,
    rows: Vec<Pending>,
}

impl PreparedBatch {
    /// Normalises and validates `rows` against `today` and prepares the valid ones; invalid
    /// rows are counted and their problems kept for the report.
    pub fn new(rows: Vec<Row>, today: NaiveDate) -> Result<PreparedBatch> {
        let mut report = ImportReport::default();
        let mut pending: Vec<Pending> = Vec::with_capacity(rows.len());
        for row in rows {
            let mut incident = match row.record {
                Ok(incident) => incident,
                Err(errors) => {
                    report.outcome.invalid += 1;
                    report.errors.extend(errors.into_iter().map(|e| RowError {
                        line: row.line,
                        field: e.field,
                        code: e.code,
                        message: e.message,
                    }));
                    continue;
                }
            };
            // Rows usually arrive validated by the reader; checking again keeps the store's
            // guarantee independent of its caller.
            incident.normalise();
            let errors = incident.validate(today);
            if !errors.is_empty() {
                report.outcome.invalid += 1;
                report.errors.extend(errors.into_iter().map(|e| RowError {
                    line: row.line,
                    field: e.field,
                    code: e.code,
                    message: e.message,
                }));
                continue;
            }
            let prepared = prepare(&incident)?;
            let key = dedup_key(&incident, &prepared.content_hash, Uuid::nil(), true);
            pending.push(Pending {
                line: row.line,
                incident,
                prepared,
                key,
            });
        }
        Ok(PreparedBatch {
            report,
            rows: pending,
        })
    }
}

impl Importer<'_> {
    /// Stores one batch of rows in one transaction and reports what happened to each.
    pub async fn import_batch(&mut self, rows: Vec<Row>) -> Result<ImportReport> {
        let today = self.store.clock.now().date_naive();
        self.import_prepared(PreparedBatch::new(rows, today)?).await
    }

    /// Stores one prepared batch in one transaction and reports what happened to each row.
    pub async fn import_prepared(&mut self, batch: PreparedBatch) -> Result<ImportReport> {
        let PreparedBatch {
            mut report,
            rows: prepared,
        } = batch;
        let mut pending: Vec<Pending> = Vec::with_capacity(prepared.len());
        for p in prepared {
            if let Some(first) = self.seen.get(&p.key) {
                report.outcome.invalid += 1;
                let (field, message) = match &p.incident.external_ref {
                    Some(r) => (
                        "external_ref",
                        format!(
                            "external_ref `{r}` was already used on line {first} of this import"
                        ),
                    ),
                    None => (
                        "",
                        format!("the same incident as line {first} of this import"),
                    ),
                };
                report.errors.push(RowError {
                    line: p.line,
                    field: field.into(),
                    code: "duplicate".into(),
                    message,
                });
                continue;
            }
            self.seen.insert(p.key.clone(), p.line);
            pending.push(p);
        }
        if pending.is_empty() {
            return Ok(report);
        }
        let existing = self.existing(&pending).await?;
        let now = timestamp(self.store.clock.now());
        let mut new_rows = Vec::new();
        let mut updated_ids = Vec::new();
        let mut statements = Vec::new();
        for p in &pending {
            match existing.get(&p.key) {
                None => new_rows.push(NewRow {
                    id: Uuid::now_v7(),
                    principal: self.principal,
                    incident: &p.incident,
                    prepared: &p.prepared,
                    dedup_key: p.key.clone(),
                    now: &now,
                }),
                Some(e) if e.deleted => report.outcome.skipped_deleted += 1,
                Some(e) if e.content_hash == p.prepared.content_hash => {
                    report.outcome.unchanged += 1
                }
                Some(e) => {
                    report.outcome.updated += 1;
                    updated_ids.push(e.id.clone());
                    statements.extend(update_statements(
                        &e.id,
                        &p.incident,
                        &p.prepared,
                        &p.key,
                        &now,
                    ));
                }
            }
        }
        report.outcome.created = new_rows.len() as u64;
        tracing::debug!(
            rows = pending.len(),
            first_line = pending[0].line,
            "import batch"
        );
        let events: Vec<Audited> = new_rows
            .iter()
            .map(|r| Audited::record(crate::audit::AuditAction::IncidentCreate, "incident", r.id))
            .chain(updated_ids.iter().map(|id| {
                Audited::record(crate::audit::AuditAction::IncidentUpdate, "incident", id)
            }))
            .collect();
        self.store
            .write_audited_with(
                statements,
                &new_rows,
                false,
                &Actor::from(self.principal),
                &events,
            )
            .await?;
        Ok(report)
    }

    async fn existing(&self, pending: &[Pending]) -> Result<HashMap<String, Existing>> {
        let mut out = HashMap::new();
        for chunk in pending.chunks(500) {
            let mut sql = Sql::new(
                "SELECT id, dedup_key, content_hash, deleted_at FROM incidents WHERE agency_id = ",
            );
            sql.bind_text(self.principal.agency_id.to_string())
                .push(" AND dedup_key IN (");
            for (n, p) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(p.key.as_str());
            }
            sql.push(")");
            on_pool!(self.store, pool => {
                for row in query!(sql).fetch_all(pool).await? {
                    let deleted: Option<String> = row.try_get("deleted_at")?;
                    out.insert(row.try_get("dedup_key")?, Existing { id: row.try_get("id")?, content_hash: row.try_get("content_hash")?, deleted: deleted.is_some() });
                }
            });
        }
        Ok(out)
    }
}

struct Existing {
    id: String,
    content_hash: Vec<u8>,
    deleted: bool,
}
