//! Screening a person against every watchlist the principal may see. Each list's index is
//! built once and kept in memory, keyed by the list's version, so a check costs one small
//! query (which lists are visible, at which version) plus the in-memory searches; a list is
//! re-indexed only after an import changed it, by this process or another.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use lintas_model::Action;
use lintas_names::score::PreparedQuery;
use lintas_names::{Index, Query};
use serde::Serialize;
use sqlx::Row;

use crate::Store;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};
use crate::visibility::push_visible_as;

/// One watchlist entry matching a screened person.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScreeningMatch {
    /// Name of the list.
    pub list: String,
    /// Member that maintains the list (the listing state).
    pub listing_state: String,
    /// The list's own identifier of the entry.
    pub id: String,
    /// The entry's name or alias that matched.
    pub name: String,
    /// Similarity in [0, 1].
    pub score: f64,
    /// Why it matched (parts, birth date, nationality…).
    pub reasons: Vec<String>,
    /// Date of listing, as on the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// Listing programme or reason, as on the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

struct CachedList {
    version: i64,
    name: String,
    owner: String,
    index: Index,
}

/// The in-memory indexes of the lists screened so far, by list id.
#[derive(Default)]
pub(crate) struct ScreeningCache {
    lists: RwLock<HashMap<String, Arc<CachedList>>>,
    rebuild: tokio::sync::Mutex<()>,
}

impl ScreeningCache {
    fn get(&self, id: &str) -> Option<Arc<CachedList>> {
        self.lists
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }
}

struct ListVersion {
    id: String,
    version: i64,
}

impl Store {
    /// Matches for `query` on every watchlist the principal may see, at or above `threshold`,
    /// best first, at most `limit`. Only person entries match unless the query asks for every
    /// entity type (`Query::all_entity_types`): every entry is indexed, the query chooses.
    pub async fn screen_person(
        &self,
        principal: &Principal,
        query: &Query,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<ScreeningMatch>> {
        principal.require(Action::Check)?;
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::BadRequest(
                "threshold must be between 0 and 1".into(),
            ));
        }
        let mut sql = Sql::new("SELECT l.id, l.version FROM watchlists l WHERE 1 = 1");
        push_visible_as(&mut sql, principal, "l", true);
        let visible = self.list_versions(sql).await?;
        let lists = self.indexed(&visible).await?;
        let query = query.clone();
        // The search is CPU work (milliseconds for a long name list): it runs on the blocking
        // pool so that it cannot hold up the async workers serving other requests.
        let mut out = tokio::task::spawn_blocking(move || {
            let prepared = PreparedQuery::new(query);
            let mut out: Vec<ScreeningMatch> = Vec::new();
            for list in &lists {
                for m in list.index.search_prepared(&prepared, threshold, limit) {
                    let entry = list.index.entry(m.entry);
                    out.push(ScreeningMatch {
                        list: list.name.clone(),
                        listing_state: list.owner.clone(),
                        id: m.id,
                        name: m.name,
                        score: (m.score * 10_000.0).round() / 10_000.0,
                        reasons: m.reasons,
                        listed_on: entry.and_then(|e| e.listed_on.clone()),
                        reason: entry.and_then(|e| e.reason.clone()),
                    });
                }
            }
            out
        })
        .await
        .map_err(|e| Error::Corrupt(format!("screening task: {e}")))?;
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.list.cmp(&b.list))
                .then_with(|| a.id.cmp(&b.id))
        });
        out.truncate(limit);
        Ok(out)
    }

    /// Builds the in-memory index of every stored list, so that the first checks after a
    /// server starts do not pay for it. Returns the number of lists indexed.
    pub async fn warm_screening(&self) -> Result<usize> {
        let sql = Sql::new("SELECT l.id, l.version FROM watchlists l WHERE l.deleted_at IS NULL");
        let all = self.list_versions(sql).await?;
        Ok(self.indexed(&all).await?.len())
    }

    async fn list_versions(&self, sql: Sql) -> Result<Vec<ListVersion>> {
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(ListVersion { id: row.try_get("id")?, version: row.try_get("version")? });
            }
            Ok(out)
        })
    }

    /// The cached indexes of `wanted`, (re)building those missing or at another version.
    async fn indexed(&self, wanted: &[ListVersion]) -> Result<Vec<Arc<CachedList>>> {
        let fresh = |w: &ListVersion| self.screening.get(&w.id).filter(|c| c.version == w.version);
        if let Some(all) = wanted.iter().map(fresh).collect::<Option<Vec<_>>>() {
            return Ok(all);
        }
        // One rebuild at a time: concurrent checks wait for it rather than each building.
        let _guard = self.screening.rebuild.lock().await;
        let mut out = Vec::with_capacity(wanted.len());
        for w in wanted {
            if let Some(c) = fresh(w) {
                out.push(c);
                continue;
            }
            let built = Arc::new(self.build_list_index(&w.id).await?);
            tracing::info!(list = %built.name, owner = %built.owner, version = built.version, entries = built.index.len(), "watchlist indexed");
            self.screening
                .lists
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(w.id.clone(), built.clone());
            out.push(built);
        }
        Ok(out)
    }

    async fn build_list_index(&self, id: &str) -> Result<CachedList> {
        let mut sql = Sql::new("SELECT name, owner, version FROM watchlists WHERE id = ");
        sql.bind_text(id);
        let (name, owner, version): (String, String, i64) = on_pool!(self, pool => {
            let row = query!(sql).fetch_optional(pool).await?.ok_or(Error::NotFound)?;
            (row.try_get("name")?, row.try_get("owner")?, row.try_get("version")?)
        });
        // Read after the version, so a concurrent import can only make the entries newer than
        // the version they are cached under (which causes one extra rebuild, never a stale hit).
        let entries: Vec<_> = self.list_entries(id).await?.into_iter().collect();
        let index = tokio::task::spawn_blocking(move || Index::build(entries))
            .await
            .map_err(|e| Error::Corrupt(format!("building a watchlist index: {e}")))?;
        Ok(CachedList {
            version,
            name,
            owner,
            index,
        })
    }
}
