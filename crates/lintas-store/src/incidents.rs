//! Incidents: create, read, update, soft-delete and list — each on behalf of a principal.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use lintas_model::identifiers::normalise;
use lintas_model::{Action, Incident, StoredIncident};
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited, WriteFailure};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{push_visible, shared_with};

/// Filters for listing incidents; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Incident kind code.
    pub kind: Option<String>,
    /// Incidents that may have happened on or after this day.
    pub from: Option<NaiveDate>,
    /// Incidents that may have happened on or before this day.
    pub to: Option<NaiveDate>,
    /// A country anywhere on the route or where it happened.
    pub country: Option<String>,
    /// A transport mode code.
    pub mode: Option<String>,
    /// A modus-operandi tag.
    pub tag: Option<String>,
    /// Words in the narrative or place name (case-insensitive substring).
    pub text: Option<String>,
    /// Only records owned by this member.
    pub owner: Option<String>,
}

/// One page of a listing.
#[derive(Debug)]
pub struct Page {
    /// The incidents, latest occurrence first.
    pub items: Vec<StoredIncident>,
    /// Pass back to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// What the database keeps about an incident besides its document.
pub(crate) struct Prepared {
    pub doc: String,
    pub content_hash: Vec<u8>,
    pub terms: Vec<String>,
    pub search_text: String,
}

pub(crate) fn prepare(incident: &Incident) -> Result<Prepared> {
    let doc = serde_json::to_string(incident).map_err(|e| Error::Corrupt(e.to_string()))?;
    let content_hash = Sha256::digest(doc.as_bytes()).to_vec();
    let mut terms: Vec<String> = Vec::new();
    let mut add = |t: String| {
        if !terms.contains(&t) {
            terms.push(t);
        }
    };
    for c in incident.route.countries() {
        add(format!("c:{c}"));
    }
    if !incident.place.country.is_empty() {
        add(format!("c:{}", incident.place.country));
    }
    incident.modes.iter().for_each(|m| add(format!("m:{m}")));
    incident.tags.iter().for_each(|t| add(format!("t:{t}")));
    for id in &incident.identifiers {
        add(format!("i:{}:{}", id.kind, normalise(&id.kind, &id.value)));
    }
    let search_text = format!(
        "{} {}",
        incident.narrative,
        incident.place.name.as_deref().unwrap_or("")
    )
    .to_lowercase();
    Ok(Prepared {
        doc,
        content_hash,
        terms,
        search_text,
    })
}

/// The agency-scoped key that makes imports idempotent.
pub(crate) fn dedup_key(
    incident: &Incident,
    content_hash: &[u8],
    id: Uuid,
    derive_from_content: bool,
) -> String {
    match &incident.external_ref {
        Some(r) => format!("ref:{r}"),
        None if derive_from_content => format!("sha256:{}", hex::encode(content_hash)),
        None => format!("id:{id}"),
    }
}

fn check_valid(store: &Store, incident: &mut Incident) -> Result<()> {
    incident.normalise();
    let errors = incident.validate(store.clock.now().date_naive());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

pub(crate) fn require(principal: &Principal, action: Action) -> Result<()> {
    if principal.role.may(action) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "the {} role may not do this",
            principal.role
        )))
    }
}

const COLUMNS: &str =
    "i.id, i.version, i.owner, a.name AS agency, i.created_at, i.updated_at, i.doc, i.agency_id";

macro_rules! stored_from_row {
    ($row:expr) => {{
        let row = $row;
        let doc: String = row.try_get("doc")?;
        let id: String = row.try_get("id")?;
        StoredIncident {
            id: Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
            version: row.try_get("version")?,
            owner: row.try_get("owner")?,
            agency: row.try_get("agency")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            incident: serde_json::from_str(&doc).map_err(|e| Error::Corrupt(e.to_string()))?,
        }
    }};
}

/// A new incident to insert.
pub(crate) struct NewRow<'a> {
    pub id: Uuid,
    pub principal: &'a Principal,
    pub incident: &'a Incident,
    pub prepared: &'a Prepared,
    pub dedup_key: String,
    pub now: &'a str,
}

/// Maximum rows per multi-row INSERT, keeping bound parameters under SQLite's limit (32766).
pub(crate) const ROWS_PER_INSERT: usize = 500;
/// Search-term rows per INSERT (two parameters each).
const TERMS_PER_INSERT: usize = 2_000;

/// The multi-row INSERTs for new incidents (and their terms), numbered `first_rid`,
/// `first_rid + 1`, … in order. Run by [`Store::write_audited`], which picks `first_rid` after the
/// largest stored one while it holds the write lock. Built lazily, chunk by chunk, so the writer
/// can build the next statement while the database runs the previous one.
pub(crate) fn insert_statements<'r>(
    rows: &'r [NewRow<'r>],
    first_rid: i64,
) -> impl Iterator<Item = Sql> + 'r {
    rows.chunks(ROWS_PER_INSERT)
        .enumerate()
        .flat_map(move |(c, chunk)| {
            let first = first_rid + (c * ROWS_PER_INSERT) as i64;
            std::iter::once(incident_rows(chunk, first)).chain(term_rows(chunk, first))
        })
}

fn incident_rows(chunk: &[NewRow<'_>], first_rid: i64) -> Sql {
    let mut sql = Sql::new(
        "INSERT INTO incidents (rid, id, owner, agency_id, kind, occurred_from, occurred_to, sharing, shared_with, \
         dedup_key, content_hash, search_text, doc, version, created_at, updated_at) VALUES ",
    );
    for (n, r) in chunk.iter().enumerate() {
        if n > 0 {
            sql.push(", ");
        }
        let i = r.incident;
        sql.push("(")
            .bind(Arg::Int(first_rid + n as i64))
            .push(", ")
            .bind_text(r.id.to_string())
            .push(", ")
            .bind_text(&r.principal.member)
            .push(", ")
            .bind_text(r.principal.agency_id.to_string())
            .push(", ")
            .bind_text(&i.kind)
            .push(", ")
            .bind_text(i.occurred_on.first_day().to_string())
            .push(", ")
            .bind_text(i.occurred_on.last_day().to_string())
            .push(", ")
            .bind_text(&i.sharing.level)
            .push(", ")
            .bind_text(shared_with(&i.sharing.states))
            .push(", ")
            .bind_text(&r.dedup_key)
            .push(", ")
            .bind(Arg::Blob(r.prepared.content_hash.clone()))
            .push(", ")
            .bind_text(&r.prepared.search_text)
            .push(", ")
            .bind_text(&r.prepared.doc)
            .push(", 1, ")
            .bind_text(r.now)
            .push(", ")
            .bind_text(r.now)
            .push(")");
    }
    sql
}

/// The INSERTs of a chunk of new incidents' search terms, at most `TERMS_PER_INSERT` each.
fn term_rows(chunk: &[NewRow<'_>], first_rid: i64) -> Vec<Sql> {
    let terms: Vec<(i64, &String)> = chunk
        .iter()
        .enumerate()
        .flat_map(|(n, r)| {
            r.prepared
                .terms
                .iter()
                .map(move |t| (first_rid + n as i64, t))
        })
        .collect();
    terms
        .chunks(TERMS_PER_INSERT)
        .map(|part| {
            let mut sql = Sql::new("INSERT INTO incident_terms (term, incident_rid) VALUES ");
            for (k, (rid, term)) in part.iter().enumerate() {
                if k > 0 {
                    sql.push(", ");
                }
                sql.push("(")
                    .bind_text(term.as_str())
                    .push(", ")
                    .bind(Arg::Int(*rid))
                    .push(")");
            }
            sql
        })
        .collect()
}

/// Statements replacing an existing incident's content (version + 1).
pub(crate) fn update_statements(
    id: &str,
    incident: &Incident,
    prepared: &Prepared,
    dedup_key: &str,
    now: &str,
) -> Vec<Sql> {
    let mut update = Sql::new("UPDATE incidents SET kind = ");
    update
        .bind_text(&incident.kind)
        .push(", occurred_from = ")
        .bind_text(incident.occurred_on.first_day().to_string())
        .push(", occurred_to = ")
        .bind_text(incident.occurred_on.last_day().to_string())
        .push(", sharing = ")
        .bind_text(&incident.sharing.level)
        .push(", shared_with = ")
        .bind_text(shared_with(&incident.sharing.states))
        .push(", dedup_key = ")
        .bind_text(dedup_key)
        .push(", content_hash = ")
        .bind(Arg::Blob(prepared.content_hash.clone()))
        .push(", search_text = ")
        .bind_text(&prepared.search_text)
        .push(", doc = ")
        .bind_text(&prepared.doc)
        .push(", version = version + 1, updated_at = ")
        .bind_text(now)
        .push(" WHERE id = ")
        .bind_text(id);
    let mut clear = Sql::new(
        "DELETE FROM incident_terms WHERE incident_rid = (SELECT rid FROM incidents WHERE id = ",
    );
    clear.bind_text(id).push(")");
    let mut out = vec![update, clear];
    if !prepared.terms.is_empty() {
        // Both backends name the columns of a VALUES list column1, column2, …
        let mut terms = Sql::new(
            "INSERT INTO incident_terms (term, incident_rid) SELECT x.column1, i.rid FROM (VALUES ",
        );
        for (n, t) in prepared.terms.iter().enumerate() {
            if n > 0 {
                terms.push(", ");
            }
            terms.push("(").bind_text(t.as_str()).push(")");
        }
        terms.push(") x, incidents i WHERE i.id = ").bind_text(id);
        out.push(terms);
    }
    out
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Store {
    /// Stores a new incident owned by the principal's member and agency.
    pub async fn create_incident(
        &self,
        principal: &Principal,
        mut incident: Incident,
    ) -> Result<StoredIncident> {
        require(principal, Action::Create)?;
        check_valid(self, &mut incident)?;
        let prepared = prepare(&incident)?;
        let id = Uuid::now_v7();
        let now = timestamp(self.clock.now());
        let row = NewRow {
            id,
            principal,
            dedup_key: dedup_key(&incident, &prepared.content_hash, id, false),
            incident: &incident,
            prepared: &prepared,
            now: &now,
        };
        let event = Audited::record("incident.create", "incident", id);
        match self
            .write_audited_with(
                Vec::new(),
                std::slice::from_ref(&row),
                false,
                &Actor::from(principal),
                &[event],
            )
            .await
        {
            Ok(_) => self.fetch_incident(principal, id).await,
            Err(WriteFailure::Db(e)) if is_unique_violation(&e) => Err(
                Error::DuplicateExternalRef(incident.external_ref.unwrap_or_default()),
            ),
            Err(e) => Err(e.into()),
        }
    }

    /// The incident `id`, if the principal may see it (the read is audited).
    pub async fn get_incident(&self, principal: &Principal, id: Uuid) -> Result<StoredIncident> {
        let stored = self.fetch_incident(principal, id).await?;
        self.audit_reads(principal, std::slice::from_ref(&stored))
            .await?;
        Ok(stored)
    }

    /// The incident `id` if visible, without an audit event: for the store's own checks and for
    /// handing a writer back what it just wrote.
    async fn fetch_incident(&self, principal: &Principal, id: Uuid) -> Result<StoredIncident> {
        require(principal, Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM incidents i JOIN agencies a ON a.id = i.agency_id WHERE i.id = "
        ));
        sql.bind_text(id.to_string());
        push_visible(&mut sql, principal);
        on_pool!(self, pool => {
            let row = query!(sql).fetch_optional(pool).await?.ok_or(Error::NotFound)?;
            Ok(stored_from_row!(row))
        })
    }

    /// Every visible incident (or those of `ids` that are visible), oldest first, without an
    /// audit event: for analyses that audit what they show instead (networks).
    pub(crate) async fn visible_incidents(
        &self,
        principal: &Principal,
        ids: Option<&[Uuid]>,
    ) -> Result<Vec<StoredIncident>> {
        let chunks: Vec<Option<&[Uuid]>> = match ids {
            None => vec![None],
            // Chunks keep bound parameters far under both backends' limits.
            Some(ids) => ids.chunks(500).map(Some).collect(),
        };
        let mut out = Vec::new();
        for chunk in chunks {
            let mut sql = Sql::new(&format!(
                "SELECT {COLUMNS} FROM incidents i JOIN agencies a ON a.id = i.agency_id WHERE 1 = 1"
            ));
            if let Some(chunk) = chunk {
                sql.push(" AND i.id IN (");
                for (n, id) in chunk.iter().enumerate() {
                    if n > 0 {
                        sql.push(", ");
                    }
                    sql.bind_text(id.to_string());
                }
                sql.push(")");
            }
            push_visible(&mut sql, principal);
            on_pool!(self, pool => {
                for row in query!(sql).fetch_all(pool).await? {
                    out.push(stored_from_row!(row));
                }
            });
        }
        out.sort_by_key(|i| i.id);
        Ok(out)
    }

    /// Id and version of every visible incident.
    pub(crate) async fn visible_versions(&self, principal: &Principal) -> Result<Vec<(Uuid, i64)>> {
        let mut sql = Sql::new("SELECT i.id, i.version FROM incidents i WHERE 1 = 1");
        push_visible(&mut sql, principal);
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let id: String = row.try_get("id")?;
                let id = Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?;
                out.push((id, row.try_get("version")?));
            }
            out.sort_unstable();
            Ok(out)
        })
    }

    /// Records the reads of person-bearing incidents (DESIGN.md: every read of a person record
    /// is audited).
    async fn audit_reads(&self, principal: &Principal, read: &[StoredIncident]) -> Result<()> {
        let events: Vec<Audited> = read
            .iter()
            .filter(|i| !i.incident.persons.is_empty())
            .map(|i| Audited::record("incident.read", "incident", i.id))
            .collect();
        self.audit(&Actor::from(principal), &events).await
    }

    /// Finds a visible incident the principal may change: 404 when invisible, 403 when visible
    /// but another agency's (or the role may not write), 412 when `expected` is stale.
    async fn writable(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<StoredIncident> {
        let current = self.fetch_incident(principal, id).await?;
        self.check_writable(
            principal,
            "incidents",
            id,
            current.version,
            expected,
            "incident",
        )
        .await?;
        Ok(current)
    }

    /// Replaces an incident's content if it is still at `expected_version`.
    pub async fn update_incident(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut incident: Incident,
    ) -> Result<StoredIncident> {
        check_valid(self, &mut incident)?;
        self.writable(principal, id, Some(expected_version)).await?;
        let prepared = prepare(&incident)?;
        let now = timestamp(self.clock.now());
        let key = dedup_key(&incident, &prepared.content_hash, id, false);
        let mut statements = update_statements(&id.to_string(), &incident, &prepared, &key, &now);
        // The version check is repeated inside the transaction so two concurrent updates
        // cannot both succeed.
        statements[0]
            .push(" AND version = ")
            .bind(Arg::Int(expected_version));
        let event = Audited::record("incident.update", "incident", id);
        match self
            .write_audited(statements, true, &Actor::from(principal), &[event])
            .await
        {
            Ok(false) => {
                let current = self.fetch_incident(principal, id).await?;
                Err(Error::VersionConflict {
                    current: current.version,
                })
            }
            Ok(true) => self.fetch_incident(principal, id).await,
            Err(WriteFailure::Db(e)) if is_unique_violation(&e) => Err(
                Error::DuplicateExternalRef(incident.external_ref.unwrap_or_default()),
            ),
            Err(e) => Err(e.into()),
        }
    }

    /// Marks an incident deleted (kept for the audit trail, invisible to every query).
    pub async fn delete_incident(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let current = self.writable(principal, id, expected_version).await?;
        let mut sql = Sql::new("UPDATE incidents SET deleted_at = ");
        sql.bind_text(timestamp(self.clock.now()))
            .push(", version = version + 1 WHERE deleted_at IS NULL AND id = ")
            .bind_text(id.to_string())
            .push(" AND version = ")
            .bind(Arg::Int(current.version));
        let event = Audited::record("incident.delete", "incident", id);
        let changed = self
            .write_audited(vec![sql], true, &Actor::from(principal), &[event])
            .await?;
        if !changed {
            let now = self.fetch_incident(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version,
            });
        }
        Ok(())
    }

    /// Visible incidents matching `filter`, latest occurrence first, `limit` (1–500) per page.
    pub async fn list_incidents(
        &self,
        principal: &Principal,
        filter: &IncidentFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page> {
        require(principal, Action::Read)?;
        let limit = limit.clamp(1, 500);
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS}, i.occurred_from FROM incidents i JOIN agencies a ON a.id = i.agency_id WHERE 1 = 1"
        ));
        push_visible(&mut sql, principal);
        if let Some(kind) = &filter.kind {
            sql.push(" AND i.kind = ").bind_text(kind.as_str());
        }
        if let Some(from) = filter.from {
            sql.push(" AND i.occurred_to >= ")
                .bind_text(from.to_string());
        }
        if let Some(to) = filter.to {
            sql.push(" AND i.occurred_from <= ")
                .bind_text(to.to_string());
        }
        for term in [
            filter
                .country
                .as_ref()
                .map(|c| format!("c:{}", c.to_ascii_uppercase())),
            filter
                .mode
                .as_ref()
                .map(|m| format!("m:{}", m.to_ascii_lowercase())),
            filter
                .tag
                .as_ref()
                .map(|t| format!("t:{}", t.to_ascii_lowercase())),
        ]
        .into_iter()
        .flatten()
        {
            sql.push(" AND EXISTS (SELECT 1 FROM incident_terms t WHERE t.incident_rid = i.rid AND t.term = ").bind_text(term).push(")");
        }
        if let Some(text) = filter
            .text
            .as_ref()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            let escaped = text
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            sql.push(" AND i.search_text LIKE ")
                .bind_text(format!("%{escaped}%"))
                .push(" ESCAPE '\\'");
        }
        if let Some(owner) = &filter.owner {
            sql.push(" AND i.owner = ")
                .bind_text(owner.to_ascii_uppercase());
        }
        if let Some(cursor) = cursor {
            let (date, id) = decode_cursor(cursor)?;
            sql.push(" AND (i.occurred_from < ")
                .bind_text(date.as_str())
                .push(" OR (i.occurred_from = ")
                .bind_text(date)
                .push(" AND i.id < ")
                .bind_text(id)
                .push("))");
        }
        sql.push(" ORDER BY i.occurred_from DESC, i.id DESC LIMIT ")
            .bind(Arg::Int(i64::from(limit) + 1));
        let mut rows: Vec<(StoredIncident, String)> = on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let from: String = row.try_get("occurred_from")?;
                out.push((stored_from_row!(row), from));
            }
            out
        });
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last()
                .map(|(s, from)| URL_SAFE_NO_PAD.encode(format!("{from}|{}", s.id)))
        } else {
            None
        };
        let items: Vec<StoredIncident> = rows.into_iter().map(|(s, _)| s).collect();
        self.audit_reads(principal, &items).await?;
        Ok(Page { items, next_cursor })
    }
}

fn decode_cursor(cursor: &str) -> Result<(String, String)> {
    let bad = || {
        Error::BadRequest(
            "invalid cursor: pass back the next_cursor of the previous page unchanged".into(),
        )
    };
    let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (date, id) = text.split_once('|').ok_or_else(bad)?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
    Uuid::parse_str(id).map_err(|_| bad())?;
    Ok((date.to_string(), id.to_string()))
}
