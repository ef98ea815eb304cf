//! Bulk import of victim cases (rows of the HTCDS flat layout, read by
//! `lintas_model::victims::flat`): each batch in one audited transaction, idempotent by the
//! agency's case reference, with every invalid row reported. New cases are written with the
//! versioned-record core's insert statement, changed ones with its update statement.

use std::collections::HashMap;

use lintas_model::Action;
use lintas_model::victims::flat::Row;
use lintas_model::victims::{StoredVictimCase, VictimCase};
use sha2::{Digest, Sha256};
use sqlx::Row as _;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited};
use crate::clock::timestamp;
use crate::error::Result;
use crate::import::{ImportReport, RowError};
use crate::principal::Principal;
use crate::records::{insert_statement, update_statement};
use crate::sql::{on_pool, query};
use crate::victims::{
    CASE_RECORD, case_values, check_case, dedup_key, initial_workflow, select_case_keys,
};

/// Imports victim cases for one principal; remembers the references it has seen so that a
/// reference used twice in one file is reported rather than silently overwriting a row.
pub struct VictimImporter<'a> {
    store: &'a Store,
    principal: &'a Principal,
    seen: HashMap<String, u64>,
}

struct Existing {
    id: String,
    doc: String,
    deleted: bool,
}

impl Store {
    /// Starts a victim-case import on behalf of `principal` (a victim role).
    pub fn victim_importer<'a>(&'a self, principal: &'a Principal) -> Result<VictimImporter<'a>> {
        principal.require(Action::WriteVictims)?;
        Ok(VictimImporter {
            store: self,
            principal,
            seen: HashMap::new(),
        })
    }
}

fn row_errors(report: &mut ImportReport, line: u64, errors: Vec<lintas_model::FieldError>) {
    report.outcome.invalid += 1;
    report.errors.extend(errors.into_iter().map(|e| RowError {
        line,
        field: e.field,
        code: e.code,
        message: e.message,
    }));
}

impl VictimImporter<'_> {
    /// Stores one batch of rows in one transaction and reports what happened to each.
    pub async fn import_batch(&mut self, rows: Vec<Row>) -> Result<ImportReport> {
        let today = self.store.clock.now().date_naive();
        let mut report = ImportReport::default();
        let mut pending: Vec<(u64, VictimCase, String)> = Vec::new();
        for row in rows {
            let mut case = match row.record {
                Ok(case) => case,
                Err(errors) => {
                    row_errors(&mut report, row.line, errors);
                    continue;
                }
            };
            // The reader validated the row; checking again keeps the store's guarantee
            // independent of its caller.
            if let Err(errors) = check_case(&mut case, today) {
                row_errors(&mut report, row.line, errors);
                continue;
            }
            // A row without the agency's reference is known by its content, so importing the
            // same file again creates no duplicates (as for incidents).
            let key = match &case.external_ref {
                Some(_) => dedup_key(&case, Uuid::nil()),
                None => {
                    let doc = serde_json::to_vec(&case)
                        .map_err(|e| crate::Error::Corrupt(e.to_string()))?;
                    format!("sha256:{}", hex::encode(Sha256::digest(&doc)))
                }
            };
            if let Some(first) = self.seen.get(&key) {
                row_errors(
                    &mut report,
                    row.line,
                    vec![lintas_model::FieldError {
                        field: "external_ref".into(),
                        code: "duplicate".into(),
                        message: match &case.external_ref {
                            Some(r) => format!(
                                "external_ref `{r}` was already used on line {first} of this import"
                            ),
                            None => format!("the same case as line {first} of this import"),
                        },
                    }],
                );
                continue;
            }
            self.seen.insert(key.clone(), row.line);
            pending.push((row.line, case, key));
        }
        if pending.is_empty() {
            return Ok(report);
        }
        let existing = self.existing(&pending).await?;
        let now = timestamp(self.store.clock.now());
        let mut statements = Vec::new();
        let mut events = Vec::new();
        for (_, mut case, key) in pending {
            match existing.get(&key) {
                None => {
                    let workflow = initial_workflow(&case);
                    case.case.status = Some(workflow.step.cas_status().into());
                    let id = Uuid::now_v7();
                    statements.push(insert_statement::<StoredVictimCase>(
                        self.principal,
                        id,
                        case_values(&case, &workflow, Some(key))?,
                        &now,
                    ));
                    events.push(Audited::record(AuditAction::VictimImport, CASE_RECORD, id));
                    report.outcome.created += 1;
                }
                Some(e) if e.deleted => report.outcome.skipped_deleted += 1,
                Some(e) => {
                    let stored: StoredVictimCase = self
                        .store
                        .fetch_record(self.principal, uuid(&e.id)?)
                        .await?;
                    case.case.status = stored.case.case.status.clone();
                    let doc = serde_json::to_string(&case)
                        .map_err(|err| crate::Error::Corrupt(err.to_string()))?;
                    if doc == e.doc {
                        report.outcome.unchanged += 1;
                        continue;
                    }
                    statements.push(update_statement::<StoredVictimCase>(
                        &e.id,
                        case_values(&case, &stored.workflow, Some(key))?,
                        &now,
                        None,
                    ));
                    events.push(Audited::record(
                        AuditAction::VictimUpdate,
                        CASE_RECORD,
                        &e.id,
                    ));
                    report.outcome.updated += 1;
                }
            }
        }
        self.store
            .write_audited(statements, false, &Actor::from(self.principal), &events)
            .await?;
        Ok(report)
    }

    async fn existing(
        &self,
        pending: &[(u64, VictimCase, String)],
    ) -> Result<HashMap<String, Existing>> {
        let mut out = HashMap::new();
        let keys: Vec<String> = pending.iter().map(|(_, _, k)| k.clone()).collect();
        for chunk in keys.chunks(500) {
            let sql = select_case_keys(&self.principal.agency_id.to_string(), chunk);
            on_pool!(self.store, pool => {
                for row in query!(sql).fetch_all(pool).await? {
                    let deleted: Option<String> = row.try_get("deleted_at")?;
                    out.insert(row.try_get("dedup_key")?, Existing { id: row.try_get("id")?, doc: row.try_get("doc")?, deleted: deleted.is_some() });
                }
            });
        }
        Ok(out)
    }
}

fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| crate::Error::Corrupt(e.to_string()))
}
