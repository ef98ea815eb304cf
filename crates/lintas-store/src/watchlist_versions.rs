//! A watchlist's history: each import that changed a list records its version with what it
//! added, changed and removed; the diff between any two recorded versions is composed from
//! them. Also the entries of one list, searched by name.

use std::collections::BTreeMap;

use lintas_model::Action;
use lintas_names::Entry;
use lintas_names::lists::ListDiff;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited};
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::watchlists::WatchlistInfo;

/// How an entry differs between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// On the newer version only.
    Added,
    /// On both, with different content.
    Changed,
    /// On the older version only.
    Removed,
}

/// One entry's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryChange {
    /// The list's own identifier of the entry.
    pub id: String,
    /// How it changed.
    pub change: ChangeKind,
    /// Its primary name (as on the newer version; as it was, when removed).
    pub name: String,
    /// For changed entries: the fields that differ (`names`, `birth_dates`, `reason`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// One recorded version of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchlistVersion {
    /// The version number.
    pub version: i64,
    /// Agency that imported it.
    pub agency: String,
    /// Source format of the file.
    pub format: String,
    /// Entries the list held after it.
    pub entries: i64,
    /// Entries it added.
    pub added: i64,
    /// Entries it changed.
    pub changed: i64,
    /// Entries it removed.
    pub removed: i64,
    /// When it was imported (RFC 3339, UTC).
    pub created_at: String,
}

/// What changed between two versions of a list.
#[derive(Debug, Clone, Serialize)]
pub struct WatchlistDiff {
    /// The older version.
    pub from: i64,
    /// The newer version.
    pub to: i64,
    /// Entries on `to` only, by identifier.
    pub added: Vec<EntryChange>,
    /// Entries on both whose content differs.
    pub changed: Vec<EntryChange>,
    /// Entries on `from` only.
    pub removed: Vec<EntryChange>,
}

/// Entries of a list matching a search.
#[derive(Debug, Clone)]
pub struct EntrySearch {
    /// How many entries match.
    pub total: usize,
    /// The first matches, in identifier order.
    pub entries: Vec<Entry>,
}

fn primary(e: &Entry) -> String {
    e.names.first().cloned().unwrap_or_default()
}

/// The top-level fields in which two versions of an entry differ.
fn changed_fields(old: &Entry, new: &Entry) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// The changes of one import, as recorded.
pub(crate) fn changes_of(diff: &ListDiff) -> Vec<EntryChange> {
    let mut out = Vec::with_capacity(diff.added.len() + diff.changed.len() + diff.removed.len());
    out.extend(diff.added.iter().map(|e| EntryChange {
        id: e.id.clone(),
        change: ChangeKind::Added,
        name: primary(e),
        fields: Vec::new(),
    }));
    out.extend(diff.changed.iter().map(|(old, new)| EntryChange {
        id: new.id.clone(),
        change: ChangeKind::Changed,
        name: primary(new),
        fields: changed_fields(old, new),
    }));
    out.extend(diff.removed.iter().map(|e| EntryChange {
        id: e.id.clone(),
        change: ChangeKind::Removed,
        name: primary(e),
        fields: Vec::new(),
    }));
    out
}

/// What the list recorded as version `version`, for the import's transaction.
pub(crate) struct NewVersion<'a> {
    pub list_id: &'a str,
    pub version: i64,
    pub format: &'a str,
    pub entries: usize,
    pub diff: &'a ListDiff,
    pub now: &'a str,
}

pub(crate) fn insert_version(principal: &Principal, v: NewVersion<'_>) -> Result<Sql> {
    let changes =
        serde_json::to_string(&changes_of(v.diff)).map_err(|e| Error::Corrupt(e.to_string()))?;
    let count = |n: usize| Arg::Int(i64::try_from(n).unwrap_or(i64::MAX));
    let mut sql = Sql::new(
        "INSERT INTO watchlist_versions (list_id, version, agency_id, source_format, entries, added, \
         changed, removed, changes, created_at) VALUES (",
    );
    sql.bind_text(v.list_id)
        .push(", ")
        .bind(Arg::Int(v.version))
        .push(", ")
        .bind_text(principal.agency_id.to_string())
        .push(", ")
        .bind_text(v.format)
        .push(", ")
        .bind(count(v.entries))
        .push(", ")
        .bind(count(v.diff.added.len()))
        .push(", ")
        .bind(count(v.diff.changed.len()))
        .push(", ")
        .bind(count(v.diff.removed.len()))
        .push(", ")
        .bind_text(changes)
        .push(", ")
        .bind_text(v.now)
        .push(")");
    Ok(sql)
}

/// Composes consecutive versions' changes into one diff: an entry added and then removed is
/// no change; one removed and added again, or changed several times, is changed.
pub(crate) fn compose(from: i64, to: i64, steps: &[Vec<EntryChange>]) -> WatchlistDiff {
    // id → (existed before the first step, last change, changed fields so far)
    let mut net: BTreeMap<&str, (bool, &EntryChange, Vec<String>)> = BTreeMap::new();
    for step in steps {
        for c in step {
            let slot =
                net.entry(c.id.as_str())
                    .or_insert((c.change != ChangeKind::Added, c, Vec::new()));
            slot.1 = c;
            for f in &c.fields {
                if !slot.2.contains(f) {
                    slot.2.push(f.clone());
                }
            }
        }
    }
    let mut diff = WatchlistDiff {
        from,
        to,
        added: Vec::new(),
        changed: Vec::new(),
        removed: Vec::new(),
    };
    for (id, (before, last, mut fields)) in net {
        let after = last.change != ChangeKind::Removed;
        let change = |change| EntryChange {
            id: id.to_string(),
            change,
            name: last.name.clone(),
            fields: Vec::new(),
        };
        match (before, after) {
            (false, true) => diff.added.push(change(ChangeKind::Added)),
            (true, false) => diff.removed.push(change(ChangeKind::Removed)),
            (true, true) => {
                fields.sort();
                diff.changed.push(EntryChange {
                    fields,
                    ..change(ChangeKind::Changed)
                });
            }
            (false, false) => {}
        }
    }
    diff
}

impl Store {
    /// One watchlist the principal may see.
    pub async fn watchlist(&self, principal: &Principal, list_id: &str) -> Result<WatchlistInfo> {
        self.list_watchlists(principal)
            .await?
            .into_iter()
            .find(|l| l.id == list_id)
            .ok_or(Error::NotFound)
    }

    /// The recorded versions of a list the principal may see, newest first. Versions imported
    /// before history was kept (migration 0011/0010) are absent.
    pub async fn watchlist_versions(
        &self,
        principal: &Principal,
        list_id: &str,
    ) -> Result<Vec<WatchlistVersion>> {
        let list = self.watchlist(principal, list_id).await?;
        let mut sql = Sql::new(
            "SELECT v.version, a.name AS agency, v.source_format, v.entries, v.added, v.changed, \
             v.removed, v.created_at FROM watchlist_versions v JOIN agencies a ON a.id = v.agency_id \
             WHERE v.list_id = ",
        );
        sql.bind_text(&list.id).push(" ORDER BY v.version DESC");
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(WatchlistVersion {
                    version: row.try_get("version")?,
                    agency: row.try_get("agency")?,
                    format: row.try_get("source_format")?,
                    entries: row.try_get("entries")?,
                    added: row.try_get("added")?,
                    changed: row.try_get("changed")?,
                    removed: row.try_get("removed")?,
                    created_at: row.try_get("created_at")?,
                });
            }
            Ok(out)
        })
    }

    /// What changed in a list the principal may see between versions `from` and `to`
    /// (`from` < `to`; `from` = 0 is the empty list before the first import). Names of listed
    /// persons are read, so this needs the check permission.
    pub async fn watchlist_diff(
        &self,
        principal: &Principal,
        list_id: &str,
        from: i64,
        to: i64,
    ) -> Result<WatchlistDiff> {
        principal.require(Action::Check)?;
        let list = self.watchlist(principal, list_id).await?;
        if from < 0 || from >= to || to > list.version {
            return Err(Error::BadRequest(format!(
                "compare an older version with a newer one, between 0 and {} (asked {from} → {to})",
                list.version
            )));
        }
        let mut sql = Sql::new("SELECT version, changes FROM watchlist_versions WHERE list_id = ");
        sql.bind_text(&list.id)
            .push(" AND version > ")
            .bind(Arg::Int(from))
            .push(" AND version <= ")
            .bind(Arg::Int(to))
            .push(" ORDER BY version");
        let steps: Vec<(i64, String)> = on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push((row.try_get("version")?, row.try_get("changes")?));
            }
            out
        });
        let recorded = steps.len() as i64;
        if recorded != to - from {
            return Err(Error::BadRequest(format!(
                "versions {}–{to} of this list were imported before its history was kept; compare later versions",
                from + 1
            )));
        }
        let steps: Vec<Vec<EntryChange>> = steps
            .into_iter()
            .map(|(_, json)| serde_json::from_str(&json).map_err(|e| Error::Corrupt(e.to_string())))
            .collect::<Result<_>>()?;
        let event = Audited::record(AuditAction::WatchlistRead, "watchlist", &list.id)
            .with_details(format!("diff {from}..{to}"));
        self.audit(&Actor::from(principal), &[event]).await?;
        Ok(compose(from, to, &steps))
    }

    /// Entries of a list the principal may see whose names (any alias) contain `query`,
    /// ignoring case; all entries when it is empty. At most `limit` are returned, with the
    /// total. Audited: it shows listed persons.
    pub async fn search_watchlist_entries(
        &self,
        principal: &Principal,
        list_id: &str,
        query_text: &str,
        limit: usize,
    ) -> Result<EntrySearch> {
        principal.require(Action::Check)?;
        let list = self.watchlist(principal, list_id).await?;
        let needle = query_text.trim().to_lowercase();
        let matching: Vec<Entry> = self
            .list_entries(&list.id)
            .await?
            .into_iter()
            .filter(|e| {
                needle.is_empty() || e.names.iter().any(|n| n.to_lowercase().contains(&needle))
            })
            .collect();
        let event = Audited::record(AuditAction::WatchlistRead, "watchlist", &list.id)
            .with_details(query_text.trim().to_string());
        self.audit(&Actor::from(principal), &[event]).await?;
        Ok(EntrySearch {
            total: matching.len(),
            entries: matching.into_iter().take(limit).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, change: ChangeKind, fields: &[&str]) -> EntryChange {
        EntryChange {
            id: id.into(),
            change,
            name: format!("name {id}"),
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn composed_diffs_net_out_intermediate_steps() {
        use ChangeKind::*;
        let steps = vec![
            vec![
                c("a", Added, &[]),
                c("b", Changed, &["names"]),
                c("d", Removed, &[]),
            ],
            vec![
                c("a", Removed, &[]),
                c("b", Changed, &["reason"]),
                c("d", Added, &[]),
                c("e", Added, &[]),
                c("f", Removed, &[]),
            ],
        ];
        let d = compose(3, 5, &steps);
        let ids = |v: &[EntryChange]| v.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.added), ["e"]);
        assert_eq!(ids(&d.removed), ["f"]);
        assert_eq!(ids(&d.changed), ["b", "d"]);
        assert_eq!(d.changed[0].fields, ["names", "reason"]);
        assert_eq!((d.from, d.to), (3, 5));
    }

    #[test]
    fn changed_fields_name_what_differs() {
        let old = Entry::person("1", "Abdul Rahimi");
        let mut new = old.clone();
        new.names.push("Abdoul Rahimi".into());
        new.reason = Some("listed".into());
        assert_eq!(changed_fields(&old, &new), ["names", "reason"]);
    }
}
