//! Finding incidents by what they hold: their search terms (identifiers in normal form,
//! names' sound keys, external references) and narrative words, within what the principal may
//! see. These return candidates without an audit event: the search use case re-scores them
//! and records what it shows as one list view ([`Store::audit_incidents_shown`]).

use lintas_model::{Action, StoredIncident};

use crate::Store;
use crate::error::Result;
use crate::incidents::{prepare, push_text};
use crate::principal::Principal;
use crate::records::{RowGet, doc};
use crate::sql::{Arg, Sql, on_pool, query};

/// The version of the terms `incidents::prepare` derives; stored terms of an older version are
/// rebuilt when the store opens (version 2 added names' sound keys and external references).
const TERMS_VERSION: i64 = 2;

impl Store {
    /// Visible incidents (victims masked outside the owning agency) holding, for every group of `groups`, at least one of its terms;
    /// latest occurrence first, at most `limit`. Unaudited: the caller audits what it shows.
    pub async fn incidents_with_terms_unaudited(
        &self,
        principal: &Principal,
        groups: &[Vec<String>],
        limit: u32,
    ) -> Result<Vec<StoredIncident>> {
        principal.require(Action::Read)?;
        let groups: Vec<&Vec<String>> = groups.iter().filter(|g| !g.is_empty()).collect();
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Self::select_visible::<StoredIncident>(principal, "");
        for group in groups {
            sql.push(
                " AND i.rid IN (SELECT t.incident_rid FROM incident_terms t WHERE t.term IN (",
            );
            for (n, term) in group.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(term.as_str());
            }
            sql.push("))");
        }
        self.latest_first(principal, sql, limit).await
    }

    /// Visible incidents whose narrative or place name contains `text` (any case); latest
    /// first, at most `limit`. Unaudited: the caller audits what it shows.
    pub async fn incidents_with_text_unaudited(
        &self,
        principal: &Principal,
        text: &str,
        limit: u32,
    ) -> Result<Vec<StoredIncident>> {
        principal.require(Action::Read)?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Self::select_visible::<StoredIncident>(principal, "");
        push_text(&mut sql, text);
        self.latest_first(principal, sql, limit).await
    }

    async fn latest_first(
        &self,
        principal: &Principal,
        mut sql: Sql,
        limit: u32,
    ) -> Result<Vec<StoredIncident>> {
        sql.push(" ORDER BY i.occurred_from DESC, i.id DESC LIMIT ")
            .bind(Arg::Int(i64::from(limit)));
        Ok(self
            .fetch_rows::<StoredIncident>(sql, None)
            .await?
            .into_iter()
            .map(|(i, _)| self.masked_for(principal, i))
            .collect())
    }

    /// Rebuilds every incident's search terms when they were derived by an older version
    /// (a database from before names were indexed), in one transaction.
    pub(crate) async fn refresh_search_terms(&self) -> Result<()> {
        let version_sql = Sql::new("SELECT version FROM incident_terms_version");
        let stored = on_pool!(self, pool => {
            match query!(version_sql).fetch_optional(pool).await? {
                Some(row) => RowGet::int(&row, "version")?,
                None => 0,
            }
        });
        if stored >= TERMS_VERSION {
            return Ok(());
        }
        let docs = Sql::new("SELECT rid, doc FROM incidents");
        let mut statements = Vec::new();
        on_pool!(self, pool => {
            for row in query!(docs).fetch_all(pool).await? {
                let rid = RowGet::int(&row, "rid")?;
                let incident: lintas_model::Incident = doc(&row, "doc")?;
                let prepared = prepare(&incident)?;
                let mut clear = Sql::new("DELETE FROM incident_terms WHERE incident_rid = ");
                clear.bind(Arg::Int(rid));
                statements.push(clear);
                for term in prepared.terms {
                    let mut insert =
                        Sql::new("INSERT INTO incident_terms (term, incident_rid) VALUES (");
                    insert.bind_text(term).push(", ").bind(Arg::Int(rid)).push(")");
                    statements.push(insert);
                }
            }
        });
        let mut done = Sql::new("UPDATE incident_terms_version SET version = ");
        done.bind(Arg::Int(TERMS_VERSION));
        statements.push(done);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for s in statements {
                query!(s).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
