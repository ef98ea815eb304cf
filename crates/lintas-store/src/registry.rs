//! The lost/stolen/revoked document registry: report a document, look one up, import many —
//! each on behalf of a principal. Entries belong to the reporting member (any of its officers
//! or admins may update them) and are shared like incidents.

use std::collections::HashMap;

use lintas_model::Action;
use lintas_model::registry::{
    RegistryEntry, RegistryRow, StoredRegistryEntry, normalise_document_number,
};
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited, WriteFailure};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::import::{ImportReport, RowError};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{push_visible_as, shared_with};
use lintas_audit::Outcome;

/// What storing one report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    /// A new entry.
    Created,
    /// The member's existing entry for the document now says something else.
    Updated,
    /// The member's existing entry already said exactly this.
    Unchanged,
}

const COLUMNS: &str =
    "r.id, r.version, r.owner, a.name AS agency, r.created_at, r.updated_at, r.doc";

macro_rules! stored_from_row {
    ($row:expr) => {{
        let row = $row;
        let doc: String = row.try_get("doc")?;
        let id: String = row.try_get("id")?;
        StoredRegistryEntry {
            id: Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
            version: row.try_get("version")?,
            owner: row.try_get("owner")?,
            agency: row.try_get("agency")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            entry: serde_json::from_str(&doc).map_err(|e| Error::Corrupt(e.to_string()))?,
        }
    }};
}

/// The federation outbox row for the member's entry of this document, after its change.
fn outbox(principal: &Principal, entry: &RegistryEntry, now: &str) -> Sql {
    crate::federation::outbox_insert("registry_document", "registry_documents", now, |sql| {
        sql.push("r.owner = ")
            .bind_text(&principal.member)
            .push(" AND r.issuing_state = ")
            .bind_text(&entry.issuing_state)
            .push(" AND r.document_number = ")
            .bind_text(&entry.document_number);
    })
}

struct Prepared {
    doc: String,
    hash: Vec<u8>,
}

fn prepare(entry: &RegistryEntry) -> Result<Prepared> {
    let doc = serde_json::to_string(entry).map_err(|e| Error::Corrupt(e.to_string()))?;
    let hash = Sha256::digest(doc.as_bytes()).to_vec();
    Ok(Prepared { doc, hash })
}

struct Existing {
    id: String,
    issuing_state: String,
    document_number: String,
    hash: Vec<u8>,
    deleted: bool,
}

fn insert(principal: &Principal, entry: &RegistryEntry, p: &Prepared, now: &str) -> Sql {
    let mut sql = Sql::new(
        "INSERT INTO registry_documents (id, owner, agency_id, issuing_state, document_number, status, \
         reported_on, sharing, shared_with, content_hash, doc, version, created_at, updated_at) VALUES (",
    );
    sql.bind_text(Uuid::now_v7().to_string())
        .push(", ")
        .bind_text(&principal.member)
        .push(", ")
        .bind_text(principal.agency_id.to_string())
        .push(", ")
        .bind_text(&entry.issuing_state)
        .push(", ")
        .bind_text(&entry.document_number)
        .push(", ")
        .bind_text(&entry.status)
        .push(", ")
        .bind_text(entry.reported_on.to_string())
        .push(", ")
        .bind_text(&entry.sharing.level)
        .push(", ")
        .bind_text(shared_with(&entry.sharing.states))
        .push(", ")
        .bind(Arg::Blob(p.hash.clone()))
        .push(", ")
        .bind_text(&p.doc)
        .push(", 1, ")
        .bind_text(now)
        .push(", ")
        .bind_text(now)
        .push(")");
    sql
}

fn update(principal: &Principal, id: &str, entry: &RegistryEntry, p: &Prepared, now: &str) -> Sql {
    let mut sql = Sql::new("UPDATE registry_documents SET agency_id = ");
    sql.bind_text(principal.agency_id.to_string())
        .push(", status = ")
        .bind_text(&entry.status)
        .push(", reported_on = ")
        .bind_text(entry.reported_on.to_string())
        .push(", sharing = ")
        .bind_text(&entry.sharing.level)
        .push(", shared_with = ")
        .bind_text(shared_with(&entry.sharing.states))
        .push(", content_hash = ")
        .bind(Arg::Blob(p.hash.clone()))
        .push(", doc = ")
        .bind_text(&p.doc)
        .push(", version = version + 1, deleted_at = NULL, updated_at = ")
        .bind_text(now)
        .push(" WHERE id = ")
        .bind_text(id);
    sql
}

impl Store {
    /// Reports a document for the principal's member: creates its entry, or updates the
    /// member's existing entry for the same issuing state and number.
    pub async fn register_document(
        &self,
        principal: &Principal,
        mut entry: RegistryEntry,
    ) -> Result<(StoredRegistryEntry, Registered)> {
        principal.require(Action::MaintainCheckData)?;
        entry.normalise();
        let errors = entry.validate(self.clock.now().date_naive());
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let prepared = prepare(&entry)?;
        // Two first reports of one document racing: the loser's INSERT hits the unique key and
        // is retried once as an update of the winner's entry.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let now = timestamp(self.clock.now());
            let existing = self
                .existing_reports(principal, std::slice::from_ref(&entry.document_number))
                .await?
                .into_iter()
                .find(|e| e.issuing_state == entry.issuing_state);
            let (statement, outcome) = match &existing {
                None => (
                    insert(principal, &entry, &prepared, &now),
                    Registered::Created,
                ),
                Some(e) if !e.deleted && e.hash == prepared.hash => {
                    return Ok((self.report_by_id(&e.id).await?, Registered::Unchanged));
                }
                Some(e) => (
                    update(principal, &e.id, &entry, &prepared, &now),
                    Registered::Updated,
                ),
            };
            let event =
                Audited::action(crate::audit::AuditAction::RegistryReport, Outcome::Success)
                    .with_details(format!("{}|{}", entry.issuing_state, entry.document_number));
            match self
                .write_audited(
                    vec![statement, outbox(principal, &entry, &now)],
                    false,
                    &Actor::from(principal),
                    &[event],
                )
                .await
            {
                Ok(_) => {}
                Err(WriteFailure::Db(sqlx::Error::Database(db)))
                    if db.is_unique_violation() && attempt == 1 =>
                {
                    continue;
                }
                Err(e) => return Err(e.into()),
            }
            let id = self
                .existing_reports(principal, std::slice::from_ref(&entry.document_number))
                .await?
                .into_iter()
                .find(|e| e.issuing_state == entry.issuing_state)
                .ok_or(Error::NotFound)?
                .id;
            return Ok((self.report_by_id(&id).await?, outcome));
        }
    }

    /// Every registry entry for the document `issuing_state` + `document_number` that the
    /// principal may see, latest report first. The number is normalised as stored.
    pub async fn lookup_document(
        &self,
        principal: &Principal,
        issuing_state: &str,
        document_number: &str,
    ) -> Result<Vec<StoredRegistryEntry>> {
        principal.require(Action::Check)?;
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM registry_documents r JOIN agencies a ON a.id = r.agency_id \
             WHERE r.issuing_state = "
        ));
        sql.bind_text(issuing_state.trim().to_ascii_uppercase())
            .push(" AND r.document_number = ")
            .bind_text(normalise_document_number(document_number));
        push_visible_as(&mut sql, principal, "r", true);
        sql.push(" ORDER BY r.reported_on DESC, r.id");
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(stored_from_row!(row));
            }
            Ok(out)
        })
    }

    /// The registry entries the principal may see, latest report first, at most `limit`:
    /// all of them, or those whose number starts with `number` (normalised as stored, so
    /// `c4x-813` finds `C4X81327`).
    pub async fn list_registry(
        &self,
        principal: &Principal,
        number: Option<&str>,
        limit: u32,
    ) -> Result<Vec<StoredRegistryEntry>> {
        principal.require(Action::Check)?;
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM registry_documents r JOIN agencies a ON a.id = r.agency_id WHERE 1 = 1"
        ));
        // Stored numbers are letters and digits only; anything else in the search (LIKE's
        // wildcards included) could never match.
        let prefix: String = number
            .map(normalise_document_number)
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if !prefix.is_empty() {
            sql.push(" AND r.document_number LIKE ")
                .bind_text(format!("{prefix}%"));
        }
        push_visible_as(&mut sql, principal, "r", true);
        sql.push(" ORDER BY r.reported_on DESC, r.id LIMIT ")
            .bind(Arg::Int(i64::from(limit.clamp(1, 500))));
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(stored_from_row!(row));
            }
            Ok(out)
        })
    }

    /// Starts a bulk registry import for the principal's member.
    pub fn registry_importer<'a>(
        &'a self,
        principal: &'a Principal,
    ) -> Result<RegistryImporter<'a>> {
        principal.require(Action::MaintainCheckData)?;
        Ok(RegistryImporter {
            store: self,
            principal,
            seen: HashMap::new(),
        })
    }

    async fn report_by_id(&self, id: &str) -> Result<StoredRegistryEntry> {
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM registry_documents r JOIN agencies a ON a.id = r.agency_id WHERE r.id = "
        ));
        sql.bind_text(id);
        on_pool!(self, pool => {
            let row = query!(sql).fetch_optional(pool).await?.ok_or(Error::NotFound)?;
            Ok(stored_from_row!(row))
        })
    }

    /// The member's own entries (deleted or not) for these numbers, any issuing state.
    async fn existing_reports(
        &self,
        principal: &Principal,
        numbers: &[String],
    ) -> Result<Vec<Existing>> {
        let mut out = Vec::new();
        for chunk in numbers.chunks(500) {
            let mut sql = Sql::new(
                "SELECT id, issuing_state, document_number, content_hash, deleted_at \
                 FROM registry_documents WHERE owner = ",
            );
            sql.bind_text(&principal.member)
                .push(" AND document_number IN (");
            for (n, number) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(number.as_str());
            }
            sql.push(")");
            on_pool!(self, pool => {
                for row in query!(sql).fetch_all(pool).await? {
                    let deleted: Option<String> = row.try_get("deleted_at")?;
                    out.push(Existing {
                        id: row.try_get("id")?,
                        issuing_state: row.try_get("issuing_state")?,
                        document_number: row.try_get("document_number")?,
                        hash: row.try_get("content_hash")?,
                        deleted: deleted.is_some(),
                    });
                }
            });
        }
        Ok(out)
    }
}

/// Imports registry rows for one principal; remembers the documents it has seen so that one
/// reported twice in a file is flagged rather than silently overwriting the earlier row.
pub struct RegistryImporter<'a> {
    store: &'a Store,
    principal: &'a Principal,
    seen: HashMap<(String, String), u64>,
}

impl RegistryImporter<'_> {
    /// Stores one batch of rows in one transaction and reports what happened to each.
    pub async fn import_batch(&mut self, rows: Vec<RegistryRow>) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let today = self.store.clock.now().date_naive();
        let mut pending: Vec<(RegistryEntry, Prepared)> = Vec::with_capacity(rows.len());
        let row_errors = |line: u64, errors: Vec<lintas_model::FieldError>| {
            errors.into_iter().map(move |e| RowError {
                line,
                field: e.field,
                code: e.code,
                message: e.message,
            })
        };
        for row in rows {
            let mut entry = match row.record {
                Ok(entry) => entry,
                Err(errors) => {
                    report.outcome.invalid += 1;
                    report.errors.extend(row_errors(row.line, errors));
                    continue;
                }
            };
            // Validated again so the store's guarantee does not depend on the reader.
            entry.normalise();
            let errors = entry.validate(today);
            if !errors.is_empty() {
                report.outcome.invalid += 1;
                report.errors.extend(row_errors(row.line, errors));
                continue;
            }
            let key = (entry.issuing_state.clone(), entry.document_number.clone());
            if let Some(first) = self.seen.get(&key) {
                report.outcome.invalid += 1;
                report.errors.push(RowError {
                    line: row.line,
                    field: "document_number".into(),
                    code: "duplicate".into(),
                    message: format!(
                        "{} {} was already reported on line {first} of this import",
                        key.0, key.1
                    ),
                });
                continue;
            }
            self.seen.insert(key, row.line);
            let prepared = prepare(&entry)?;
            pending.push((entry, prepared));
        }
        if pending.is_empty() {
            return Ok(report);
        }
        let numbers: Vec<String> = pending
            .iter()
            .map(|(e, _)| e.document_number.clone())
            .collect();
        let existing: HashMap<(String, String), Existing> = self
            .store
            .existing_reports(self.principal, &numbers)
            .await?
            .into_iter()
            .map(|e| ((e.issuing_state.clone(), e.document_number.clone()), e))
            .collect();
        let now = timestamp(self.store.clock.now());
        let mut statements = Vec::new();
        let mut events = Vec::new();
        for (entry, prepared) in &pending {
            let key = (entry.issuing_state.clone(), entry.document_number.clone());
            match existing.get(&key) {
                None => {
                    report.outcome.created += 1;
                    statements.push(insert(self.principal, entry, prepared, &now));
                    statements.push(outbox(self.principal, entry, &now));
                    events.push(registry_event(entry));
                }
                Some(e) if e.deleted => report.outcome.skipped_deleted += 1,
                Some(e) if e.hash == prepared.hash => report.outcome.unchanged += 1,
                Some(e) => {
                    report.outcome.updated += 1;
                    statements.push(update(self.principal, &e.id, entry, prepared, &now));
                    statements.push(outbox(self.principal, entry, &now));
                    events.push(registry_event(entry));
                }
            }
        }
        self.store
            .write_audited(statements, false, &Actor::from(self.principal), &events)
            .await?;
        Ok(report)
    }
}

/// The audit event of one stored report; the document number enters only as a keyed hash.
fn registry_event(entry: &RegistryEntry) -> Audited {
    Audited::action(crate::audit::AuditAction::RegistryImport, Outcome::Success)
        .with_details(format!("{}|{}", entry.issuing_state, entry.document_number))
}
