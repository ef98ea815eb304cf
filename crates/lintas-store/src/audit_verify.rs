//! Verifying the stored audit log (`lintas audit verify`): the engine's `LogVerifier` fed with
//! the stored checkpoints and every stored row, streamed in sequence order.

use lintas_audit::{AuditError, AuditEvent, Hash, LogVerifier, NoteVerifier, VerifiedLog};

use sqlx::Row;

use crate::Store;
use crate::error::{Error, Result};
use crate::sql::{Arg, Sql, on_pool, query};

const ROWS_PER_FETCH: u32 = 10_000;

impl Store {
    /// Verifies the whole log. `key` overrides the public key stored in the database (pass the
    /// published key when the database itself is not trusted); `exported` is a checkpoint kept
    /// off the server, which the log must extend. The outer error is a failure to read the
    /// store; the inner one is the verification's finding.
    pub async fn verify_audit(
        &self,
        key: Option<&str>,
        exported: Option<&str>,
    ) -> Result<std::result::Result<VerifiedLog, AuditError>> {
        let (origin, stored_key) = self.audit_identity().await?;
        let key = match NoteVerifier::parse(key.unwrap_or(&stored_key)) {
            Ok(k) => k,
            Err(e) => return Ok(Err(e)),
        };
        let checkpoints = self.checkpoints().await?;
        let Some(latest) = checkpoints.first() else {
            return Err(Error::Audit(
                "the log has no signed checkpoint yet (start the server or run `lintas audit checkpoint`)".into(),
            ));
        };
        let mut verifier = match LogVerifier::new(&key, &origin, latest) {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        };
        for older in &checkpoints[1..] {
            if let Err(e) = verifier.add_stored_checkpoint(&key, older) {
                return Ok(Err(e));
            }
        }
        if let Some(exported) = exported
            && let Err(e) = verifier.set_exported_checkpoint(&key, exported)
        {
            return Ok(Err(e));
        }
        let mut next = 0u64;
        loop {
            let rows = self.audit_rows(next, ROWS_PER_FETCH).await?;
            if rows.is_empty() {
                break;
            }
            let (first, last) = (rows[0].seq, rows[rows.len() - 1].seq);
            let mut listed = self.audit_listed(first, last).await?.into_iter().peekable();
            for row in &rows {
                next = row.seq + 1;
                // A leaf hash of the wrong length is itself tampering: report it at its index.
                let leaf = Hash::from_slice(&row.leaf_hash).unwrap_or(Hash([0; 32]));
                if let Err(e) = verifier.push(&row.event, &leaf) {
                    return Ok(Err(e));
                }
                // The push decoded these bytes already; the index columns are what the audit
                // view filters by, so an edited column would hide an event from its auditor.
                let Ok(event) = AuditEvent::decode(&row.event) else {
                    continue;
                };
                if let Some(column) = row.mismatched_column(&event) {
                    return Ok(Err(AuditError::ColumnMismatch {
                        index: row.seq,
                        column,
                    }));
                }
                // The `audit_records` rows of this event must be exactly its listed ids, or
                // "who saw record X" would miss (or invent) a reader.
                let mut stored = Vec::new();
                while let Some((_, id)) = listed.next_if(|(seq, _)| *seq <= row.seq) {
                    stored.push(id);
                }
                let mut want = event.records.clone();
                want.sort_unstable();
                want.dedup();
                stored.sort_unstable();
                if stored != want {
                    return Ok(Err(AuditError::ColumnMismatch {
                        index: row.seq,
                        column: "records",
                    }));
                }
            }
        }
        let log = match verifier.finish() {
            Ok(log) => log,
            Err(e) => return Ok(Err(e)),
        };
        // The head is what appenders trust for the next sequence number: it must count exactly
        // the rows the signed log verified.
        let head = self.audit_size().await?;
        if let Some(orphan) = self.audit_listed(log.size, u64::MAX >> 1).await?.first() {
            return Ok(Err(AuditError::ColumnMismatch {
                index: orphan.0,
                column: "records",
            }));
        }
        if head != log.size {
            return Ok(Err(AuditError::HeadMismatch {
                head,
                stored: log.size,
            }));
        }
        Ok(Ok(log))
    }

    /// `(seq, record id)` rows of `audit_records` with `first <= seq <= last`, by seq.
    async fn audit_listed(&self, first: u64, last: u64) -> Result<Vec<(u64, String)>> {
        let mut sql = Sql::new("SELECT seq, record_id FROM audit_records WHERE seq >= ");
        sql.bind(Arg::Int(first as i64))
            .push(" AND seq <= ")
            .bind(Arg::Int(last.min(i64::MAX as u64) as i64))
            .push(" ORDER BY seq, record_id");
        on_pool!(self, pool => {
            query!(sql)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| Ok((r.try_get::<i64, _>("seq")? as u64, r.try_get("record_id")?)))
                .collect()
        })
    }
}
