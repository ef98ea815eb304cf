//! Stored watchlists: a member's named lists (its own, or its copy of the UN, OFAC or
//! OpenSanctions list), imported whole and updated in place by diffing against what is stored.

use std::collections::HashSet;

use lintas_model::registry::validate_check_sharing;
use lintas_model::{Action, Sharing};
use lintas_names::lists::{ListFormat, diff, parse};
use lintas_names::{EntityKind, Entry, NamesError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{push_visible_as, shared_with};

/// How many ids of each kind of change a report lists (the counts are always complete).
pub const REPORTED_IDS: usize = 100;
const MAX_NAME: usize = 100;

/// What importing a version of a list did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct WatchlistImport {
    /// List name.
    pub list: String,
    /// Member that owns the list.
    pub owner: String,
    /// Source format of this version (`un`, `ofac`, `ftm`, `csv`).
    pub format: String,
    /// The list's version after the import (unchanged when nothing changed).
    pub version: i64,
    /// Entries the list now holds.
    pub entries: u64,
    /// Entries new in this version.
    pub added: u64,
    /// Entries whose content changed.
    pub changed: u64,
    /// Entries no longer on the list.
    pub removed: u64,
    /// Entries identical to what was stored.
    pub unchanged: u64,
    /// Input entries not stored: a repeated or empty list identifier.
    pub skipped: u64,
    /// Identifiers of added entries (the first [`REPORTED_IDS`]).
    pub added_ids: Vec<String>,
    /// Identifiers of changed entries (the first [`REPORTED_IDS`]).
    pub changed_ids: Vec<String>,
    /// Identifiers of removed entries (the first [`REPORTED_IDS`]).
    pub removed_ids: Vec<String>,
}

/// A watchlist as the principal sees it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WatchlistInfo {
    /// Internal id.
    pub id: String,
    /// Name, unique within the owner.
    pub name: String,
    /// Member that maintains the list (the listing state).
    pub owner: String,
    /// Agency that imported the current version.
    pub agency: String,
    /// Source format of the current version.
    pub format: String,
    /// Who besides the owner sees the list.
    pub sharing: Sharing,
    /// Number of entries.
    pub entries: i64,
    /// Grows with every import that changed the list.
    pub version: i64,
    /// When the list last changed.
    pub updated_at: String,
}

/// Reads a list file in `format` into the entries a stored list keeps. OpenSanctions files
/// also carry sanctions, addresses, ownerships and companies; only their Person entities are
/// screening subjects, so only those are kept.
pub fn parse_watchlist(data: &[u8], format: ListFormat) -> Result<Vec<Entry>, NamesError> {
    let entries = parse(data, format)?;
    Ok(match format {
        ListFormat::Ftm => entries
            .into_iter()
            .filter(|e| e.kind == EntityKind::Person)
            .collect(),
        _ => entries,
    })
}

struct NewEntry<'a> {
    entry: &'a Entry,
    doc: String,
    hash: Vec<u8>,
}

fn prepare(entry: &Entry) -> Result<NewEntry<'_>> {
    let doc = serde_json::to_string(entry).map_err(|e| Error::Corrupt(e.to_string()))?;
    let hash = Sha256::digest(doc.as_bytes()).to_vec();
    Ok(NewEntry { entry, doc, hash })
}

fn insert_entries(list_id: &str, rows: &[NewEntry<'_>], now: &str) -> Vec<Sql> {
    rows.chunks(500)
        .map(|chunk| {
            let mut sql = Sql::new(
                "INSERT INTO watchlist_entries (list_id, entry_id, primary_name, listed_on, reason, \
                 content_hash, doc, created_at, updated_at) VALUES ",
            );
            for (n, r) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.push("(")
                    .bind_text(list_id)
                    .push(", ")
                    .bind_text(&r.entry.id)
                    .push(", ")
                    .bind_text(r.entry.names.first().cloned().unwrap_or_default())
                    .push(", ")
                    .bind_text(r.entry.listed_on.clone().unwrap_or_default())
                    .push(", ")
                    .bind_text(r.entry.reason.clone().unwrap_or_default())
                    .push(", ")
                    .bind(Arg::Blob(r.hash.clone()))
                    .push(", ")
                    .bind_text(&r.doc)
                    .push(", ")
                    .bind_text(now)
                    .push(", ")
                    .bind_text(now)
                    .push(")");
            }
            sql
        })
        .collect()
}

fn delete_entries(list_id: &str, ids: &[&str]) -> Vec<Sql> {
    ids.chunks(500)
        .map(|chunk| {
            let mut sql = Sql::new("DELETE FROM watchlist_entries WHERE list_id = ");
            sql.bind_text(list_id).push(" AND entry_id IN (");
            for (n, id) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(*id);
            }
            sql.push(")");
            sql
        })
        .collect()
}

struct ExistingList {
    id: String,
    version: i64,
    sharing: String,
    shared_with: String,
}

impl Store {
    /// Imports `entries` as the current version of the principal's member's list `name`
    /// (created if new): entries are matched by the list's own identifiers, and the report
    /// says which were added, changed and removed. `format` records where the version came from.
    pub async fn import_watchlist(
        &self,
        principal: &Principal,
        name: &str,
        format: &str,
        mut sharing: Sharing,
        entries: Vec<Entry>,
    ) -> Result<WatchlistImport> {
        principal.require(Action::MaintainCheckData)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(Error::Invalid(vec![lintas_model::FieldError {
                field: "list".into(),
                code: "invalid_name".into(),
                message: format!("a list name has 1 to {MAX_NAME} characters"),
            }]));
        }
        sharing.normalise();
        let errors = validate_check_sharing(&sharing, "sharing");
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let mut seen: HashSet<String> = HashSet::with_capacity(entries.len());
        let mut skipped = 0;
        let mut new = Vec::with_capacity(entries.len());
        for e in entries {
            if e.id.trim().is_empty() || !seen.insert(e.id.clone()) {
                skipped += 1;
            } else {
                new.push(e);
            }
        }

        let existing = self.find_list(principal, name).await?;
        let old: Vec<Entry> = match &existing {
            Some(list) => self.list_entries(&list.id).await?,
            None => Vec::new(),
        };
        let changes = diff(&old, &new);
        let now = timestamp(self.clock.now());
        let sharing_changed = existing.as_ref().is_some_and(|l| {
            l.sharing != sharing.level || l.shared_with != shared_with(&sharing.states)
        });
        let touched = !changes.added.is_empty()
            || !changes.changed.is_empty()
            || !changes.removed.is_empty()
            || sharing_changed;
        let (list_id, version, mut statements) = match &existing {
            None => {
                let id = Uuid::now_v7().to_string();
                let mut sql = Sql::new(
                    "INSERT INTO watchlists (id, owner, agency_id, name, source_format, sharing, shared_with, \
                     entry_count, version, created_at, updated_at) VALUES (",
                );
                sql.bind_text(&id)
                    .push(", ")
                    .bind_text(&principal.member)
                    .push(", ")
                    .bind_text(principal.agency_id.to_string())
                    .push(", ")
                    .bind_text(name)
                    .push(", ")
                    .bind_text(format)
                    .push(", ")
                    .bind_text(&sharing.level)
                    .push(", ")
                    .bind_text(shared_with(&sharing.states))
                    .push(", ")
                    .bind(Arg::Int(new.len() as i64))
                    .push(", 1, ")
                    .bind_text(&now)
                    .push(", ")
                    .bind_text(&now)
                    .push(")");
                (id, 1, vec![sql])
            }
            Some(list) => {
                let version = list.version + i64::from(touched);
                let mut sql = Sql::new("UPDATE watchlists SET agency_id = ");
                sql.bind_text(principal.agency_id.to_string())
                    .push(", source_format = ")
                    .bind_text(format)
                    .push(", sharing = ")
                    .bind_text(&sharing.level)
                    .push(", shared_with = ")
                    .bind_text(shared_with(&sharing.states))
                    .push(", entry_count = ")
                    .bind(Arg::Int(new.len() as i64))
                    .push(", version = ")
                    .bind(Arg::Int(version))
                    .push(", deleted_at = NULL");
                if touched {
                    sql.push(", updated_at = ").bind_text(&now);
                }
                sql.push(" WHERE id = ").bind_text(&list.id);
                (list.id.clone(), version, vec![sql])
            }
        };
        let removed: Vec<&str> = changes.removed.iter().map(|e| e.id.as_str()).collect();
        statements.extend(delete_entries(&list_id, &removed));
        for (_, entry) in &changes.changed {
            let p = prepare(entry)?;
            let mut sql = Sql::new("UPDATE watchlist_entries SET primary_name = ");
            sql.bind_text(entry.names.first().cloned().unwrap_or_default())
                .push(", listed_on = ")
                .bind_text(entry.listed_on.clone().unwrap_or_default())
                .push(", reason = ")
                .bind_text(entry.reason.clone().unwrap_or_default())
                .push(", content_hash = ")
                .bind(Arg::Blob(p.hash))
                .push(", doc = ")
                .bind_text(p.doc)
                .push(", updated_at = ")
                .bind_text(&now)
                .push(" WHERE list_id = ")
                .bind_text(&list_id)
                .push(" AND entry_id = ")
                .bind_text(&entry.id);
            statements.push(sql);
        }
        let added: Vec<NewEntry<'_>> = changes.added.iter().map(prepare).collect::<Result<_>>()?;
        statements.extend(insert_entries(&list_id, &added, &now));
        // A new version is recorded with what it changed, so any two can be compared later.
        let created = existing.is_none();
        if created || touched {
            statements.push(crate::watchlist_versions::insert_version(
                principal,
                crate::watchlist_versions::NewVersion {
                    list_id: &list_id,
                    version,
                    format,
                    entries: new.len(),
                    diff: &changes,
                    now: &now,
                },
            )?);
        }
        let event = Audited::record(
            crate::audit::AuditAction::WatchlistImport,
            "watchlist",
            &list_id,
        );
        self.write_audited(statements, false, &Actor::from(principal), &[event])
            .await?;
        let ids = |it: &mut dyn Iterator<Item = &Entry>| -> Vec<String> {
            it.take(REPORTED_IDS).map(|e| e.id.clone()).collect()
        };
        let changed_count = changes.changed.len() as u64;
        let added_count = changes.added.len() as u64;
        Ok(WatchlistImport {
            list: name.to_string(),
            owner: principal.member.clone(),
            format: format.to_string(),
            version,
            entries: new.len() as u64,
            added: added_count,
            changed: changed_count,
            removed: changes.removed.len() as u64,
            unchanged: new.len() as u64 - added_count - changed_count,
            skipped,
            added_ids: ids(&mut changes.added.iter()),
            changed_ids: ids(&mut changes.changed.iter().map(|(_, n)| n)),
            removed_ids: ids(&mut changes.removed.iter()),
        })
    }

    /// The watchlists the principal may see, by owner and name.
    pub async fn list_watchlists(&self, principal: &Principal) -> Result<Vec<WatchlistInfo>> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new(
            "SELECT l.id, l.name, l.owner, a.name AS agency, l.source_format, l.sharing, l.shared_with, \
             l.entry_count, l.version, l.updated_at FROM watchlists l JOIN agencies a ON a.id = l.agency_id WHERE 1 = 1",
        );
        push_visible_as(&mut sql, principal, "l", true);
        sql.push(" ORDER BY l.owner, l.name");
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let shared: String = row.try_get("shared_with")?;
                out.push(WatchlistInfo {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    owner: row.try_get("owner")?,
                    agency: row.try_get("agency")?,
                    format: row.try_get("source_format")?,
                    sharing: Sharing {
                        level: row.try_get("sharing")?,
                        states: shared.split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
                    },
                    entries: row.try_get("entry_count")?,
                    version: row.try_get("version")?,
                    updated_at: row.try_get("updated_at")?,
                });
            }
            Ok(out)
        })
    }

    async fn find_list(&self, principal: &Principal, name: &str) -> Result<Option<ExistingList>> {
        let mut sql =
            Sql::new("SELECT id, version, sharing, shared_with FROM watchlists WHERE owner = ");
        sql.bind_text(&principal.member)
            .push(" AND name = ")
            .bind_text(name);
        on_pool!(self, pool => {
            match query!(sql).fetch_optional(pool).await? {
                None => Ok(None),
                Some(row) => Ok(Some(ExistingList {
                    id: row.try_get("id")?,
                    version: row.try_get("version")?,
                    sharing: row.try_get("sharing")?,
                    shared_with: row.try_get("shared_with")?,
                })),
            }
        })
    }

    /// Every entry of list `list_id`, in identifier order. Internal: callers have already
    /// decided that the list may be read.
    pub(crate) async fn list_entries(&self, list_id: &str) -> Result<Vec<Entry>> {
        let mut sql = Sql::new("SELECT doc FROM watchlist_entries WHERE list_id = ");
        sql.bind_text(list_id).push(" ORDER BY entry_id");
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let doc: String = row.try_get("doc")?;
                out.push(serde_json::from_str(&doc).map_err(|e| Error::Corrupt(e.to_string()))?);
            }
            Ok(out)
        })
    }
}
