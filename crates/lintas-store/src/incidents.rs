//! Incidents: create, read, update, soft-delete and list — each on behalf of a principal.

use chrono::NaiveDate;
use lintas_model::identifiers::normalise;
use lintas_model::{Action, Incident, StoredIncident};
use lintas_names::search_keys::sound_keys;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, AuditAction, Audited, WriteFailure};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{
    Keyset, Page, PageLimit, RecordAudit, RowGet, Values, Versioned, doc, page_of,
    update_statement, uuid,
};
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
    /// Earliest occurrence first (default: latest first).
    pub oldest_first: bool,
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
    for p in &incident.persons {
        let full = format!("{} {}", p.given_names, p.family_name);
        for name in std::iter::once(&full).chain(&p.aliases) {
            sound_keys(name)
                .into_iter()
                .for_each(|k| add(format!("n:{k}")));
        }
    }
    if let Some(r) = &incident.external_ref {
        add(reference_term(r));
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

/// The search term of an external reference: trimmed, case folded.
pub fn reference_term(reference: &str) -> String {
    format!("r:{}", reference.trim().to_lowercase())
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

const COLUMNS: &str =
    "i.id, i.version, i.owner, a.name AS agency, i.created_at, i.updated_at, i.doc, i.agency_id";

impl Versioned for StoredIncident {
    const TABLE: &'static str = "incidents";
    const ALIAS: &'static str = "i";
    const COLUMNS: &'static str = COLUMNS;
    const NOUN: &'static str = "incident";
    const AUDIT: RecordAudit = RecordAudit {
        record_type: "incident",
        create: AuditAction::IncidentCreate,
        update: AuditAction::IncidentUpdate,
        delete: AuditAction::IncidentDelete,
    };

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        Ok(StoredIncident {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            created_at: row.text("created_at")?,
            updated_at: row.text("updated_at")?,
            incident: doc(row, "doc")?,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
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
            let last = first + chunk.len() as i64 - 1;
            let now = chunk.first().map(|r| r.now).unwrap_or_default();
            let outbox = crate::federation::outbox_insert("incident", "incidents", now, |sql| {
                sql.push("r.rid BETWEEN ")
                    .bind_int(first)
                    .push(" AND ")
                    .bind_int(last);
            });
            std::iter::once(incident_rows(chunk, first))
                .chain(term_rows(chunk, first))
                .chain(std::iter::once(outbox))
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

/// An incident's own columns, as created or updated.
fn values<'a>(incident: &'a Incident, prepared: &Prepared, dedup_key: &str) -> Values<'a> {
    Values {
        sharing: &incident.sharing,
        columns: vec![
            ("kind", Arg::Text(incident.kind.clone())),
            (
                "occurred_from",
                Arg::Text(incident.occurred_on.first_day().to_string()),
            ),
            (
                "occurred_to",
                Arg::Text(incident.occurred_on.last_day().to_string()),
            ),
            ("dedup_key", Arg::Text(dedup_key.to_string())),
            ("content_hash", Arg::Blob(prepared.content_hash.clone())),
            ("search_text", Arg::Text(prepared.search_text.clone())),
            ("doc", Arg::Text(prepared.doc.clone())),
        ],
    }
}

/// Statements replacing an incident's search terms.
fn term_statements(id: &str, prepared: &Prepared) -> Vec<Sql> {
    let mut clear = Sql::new(
        "DELETE FROM incident_terms WHERE incident_rid = (SELECT rid FROM incidents WHERE id = ",
    );
    clear.bind_text(id).push(")");
    let mut out = vec![clear];
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

/// Statements replacing an existing incident's content (version + 1), unguarded: for imports,
/// which hold the write lock and compare content hashes instead.
pub(crate) fn update_statements(
    id: &str,
    incident: &Incident,
    prepared: &Prepared,
    dedup_key: &str,
    now: &str,
) -> Vec<Sql> {
    let mut out = vec![update_statement::<StoredIncident>(
        id,
        values(incident, prepared, dedup_key),
        now,
        None,
    )];
    out.extend(term_statements(id, prepared));
    out.push(crate::federation::outbox_insert(
        "incident",
        "incidents",
        now,
        |sql| {
            sql.push("r.id = ").bind_text(id);
        },
    ));
    out
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Store {
    /// Stores a new incident owned by the principal's member and agency. It takes the bulk
    /// import's insert path (numbered rows and search terms), with its audit event in the same
    /// transaction.
    pub async fn create_incident(
        &self,
        principal: &Principal,
        mut incident: Incident,
    ) -> Result<StoredIncident> {
        principal.require(Action::Create)?;
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
        let event = Audited::record(AuditAction::IncidentCreate, "incident", id);
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
            Ok(_) => self.fetch_record(principal, id).await,
            Err(WriteFailure::Db(e)) if is_unique_violation(&e) => Err(
                Error::DuplicateExternalRef(incident.external_ref.unwrap_or_default()),
            ),
            Err(e) => Err(e.into()),
        }
    }

    /// The incident `id`, if the principal may see it; a read of a person-bearing incident is
    /// audited.
    pub async fn read_incident_audited(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<StoredIncident> {
        let stored = self.fetch_record(principal, id).await?;
        self.audit_read(principal, &stored).await?;
        Ok(self.masked_for(principal, stored))
    }

    /// The incident `id` with its victims' details shown to a reader outside the owning
    /// agency, who must state why (at least 10 characters); audited as a reveal with the
    /// reason, kept in `incident_reveals` for the owner and auditors.
    pub async fn reveal_incident_audited(
        &self,
        principal: &Principal,
        id: Uuid,
        reason: &str,
    ) -> Result<StoredIncident> {
        let reason = reason.trim();
        if reason.chars().count() < 10 {
            return Err(Error::Invalid(vec![lintas_model::FieldError {
                field: "reason".into(),
                code: "required".into(),
                message: "say why you need the victims' details (at least 10 characters)".into(),
            }]));
        }
        let stored: StoredIncident = self.fetch_record(principal, id).await?;
        let mut insert = Sql::new(
            "INSERT INTO incident_reveals (incident_id, actor, member, reason, at) VALUES (",
        );
        insert
            .bind_text(id.to_string())
            .push(", ")
            .bind_text(principal.actor.as_str())
            .push(", ")
            .bind_text(principal.member.as_str())
            .push(", ")
            .bind_text(reason)
            .push(", ")
            .bind_text(timestamp(self.clock.now()))
            .push(")");
        let event = Audited::record(AuditAction::IncidentReveal, "incident", id)
            .with_details(reason.as_bytes().to_vec());
        self.write_audited(vec![insert], false, &Actor::from(principal), &[event])
            .await?;
        Ok(stored)
    }

    /// Whether the principal reads `stored` from outside its owning agency, and so sees its
    /// victims masked.
    pub fn masks_victims(principal: &Principal, stored: &StoredIncident) -> bool {
        !(stored.owner == principal.member && stored.agency == principal.agency)
    }

    /// `stored` as the principal may see it: victims masked outside the owning agency.
    pub(crate) fn masked_for(
        &self,
        principal: &Principal,
        mut stored: StoredIncident,
    ) -> StoredIncident {
        if Self::masks_victims(principal, &stored) {
            stored.incident.mask_victims(self.clock.now().date_naive());
        }
        stored
    }

    /// The incident if the principal may change it (404 when invisible, 403 when its role may
    /// not write or it is another agency's), for edit forms; the read is audited like any
    /// other.
    pub async fn writable_incident_audited(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<StoredIncident> {
        let stored = self
            .writable_record::<StoredIncident>(principal, id, None)
            .await?;
        self.audit_read(principal, &stored).await?;
        Ok(stored)
    }

    /// Whether the principal may change incident `id` (the one rule: same agency, a role that
    /// writes), e.g. to offer an edit button.
    pub async fn may_edit_incident(&self, principal: &Principal, id: Uuid) -> Result<bool> {
        match self
            .writable_record::<StoredIncident>(principal, id, None)
            .await
        {
            Ok(_) => Ok(true),
            Err(Error::NotFound | Error::Forbidden(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every visible incident (or those of `ids` that are visible), oldest first, without an
    /// audit event: for analyses that audit what they show instead (networks).
    pub(crate) async fn visible_incidents(
        &self,
        principal: &Principal,
        ids: Option<&[Uuid]>,
    ) -> Result<Vec<StoredIncident>> {
        principal.require(Action::Read)?;
        let chunks: Vec<Option<&[Uuid]>> = match ids {
            None => vec![None],
            // Chunks keep bound parameters far under both backends' limits.
            Some(ids) => ids.chunks(500).map(Some).collect(),
        };
        let mut out = Vec::new();
        for chunk in chunks {
            let mut sql = Self::select_visible::<StoredIncident>(principal, "");
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
            out.extend(
                self.fetch_rows::<StoredIncident>(sql, None)
                    .await?
                    .into_iter()
                    .map(|(i, _)| i),
            );
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
                out.push((uuid(&row, "id")?, RowGet::int(&row, "version")?));
            }
            out.sort_unstable();
            Ok(out)
        })
    }

    /// Records the read of a person-bearing incident (DESIGN.md: every read of a person record
    /// is audited).
    async fn audit_read(&self, principal: &Principal, read: &StoredIncident) -> Result<()> {
        if read.incident.persons.is_empty() {
            return Ok(());
        }
        let event = Audited::record(AuditAction::IncidentRead, "incident", read.id);
        self.audit(&Actor::from(principal), &[event]).await
    }

    /// Records a list view as one event listing the person-bearing incidents it showed, so the
    /// log grows with what people do, not with page sizes.
    async fn audit_list(&self, principal: &Principal, shown: &[StoredIncident]) -> Result<()> {
        let ids: Vec<String> = shown
            .iter()
            .filter(|i| !i.incident.persons.is_empty())
            .map(|i| i.id.to_string())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let event = Audited::listed(AuditAction::IncidentList, "incident", ids);
        self.audit(&Actor::from(principal), &[event]).await
    }

    /// Replaces an incident's content if it is still at `expected_version`.
    pub async fn update_incident(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut incident: Incident,
    ) -> Result<StoredIncident> {
        self.writable_record::<StoredIncident>(principal, id, Some(expected_version))
            .await?;
        check_valid(self, &mut incident)?;
        let prepared = prepare(&incident)?;
        let key = dedup_key(&incident, &prepared.content_hash, id, false);
        let duplicate =
            Error::DuplicateExternalRef(incident.external_ref.clone().unwrap_or_default());
        self.update_record(
            principal,
            id,
            expected_version,
            values(&incident, &prepared, &key),
            term_statements(&id.to_string(), &prepared),
            Some(duplicate),
        )
        .await
    }

    /// Marks an incident deleted (kept for the audit trail, invisible to every query).
    pub async fn delete_incident(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.delete_record::<StoredIncident>(principal, id, expected_version)
            .await
    }

    /// Visible incidents matching `filter`, latest occurrence first, `limit` per page (see
    /// [`PageLimit`]); the reads of person-bearing incidents are audited.
    pub async fn list_incidents_audited(
        &self,
        principal: &Principal,
        filter: &IncidentFilter,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<StoredIncident>> {
        principal.require(Action::Read)?;
        let limit = PageLimit::clamp(limit);
        let mut sql = Self::select_visible::<StoredIncident>(principal, ", i.occurred_from");
        push_filter(&mut sql, filter);
        if let Some(cursor) = cursor {
            let after =
                Keyset::decode(cursor, |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())?;
            if filter.oldest_first {
                after.push_after_asc(&mut sql, "i", "occurred_from");
            } else {
                after.push_after_desc(&mut sql, "i", "occurred_from");
            }
        }
        let order = if filter.oldest_first { "ASC" } else { "DESC" };
        sql.push(&format!(
            " ORDER BY i.occurred_from {order}, i.id {order} LIMIT "
        ))
        .bind(Arg::Int(i64::from(limit) + 1));
        let rows = self.fetch_rows(sql, Some("occurred_from")).await?;
        let mut page = page_of(rows, limit, |s: &StoredIncident| s.id);
        self.audit_list(principal, &page.items).await?;
        page.items = page
            .items
            .into_iter()
            .map(|s| self.masked_for(principal, s))
            .collect();
        Ok(page)
    }

    /// How many visible incidents match `filter` (for a list's total; not audited: it shows no
    /// record).
    pub async fn count_incidents(
        &self,
        principal: &Principal,
        filter: &IncidentFilter,
    ) -> Result<u64> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new("SELECT COUNT(*) AS n FROM incidents i WHERE 1 = 1");
        push_visible(&mut sql, principal);
        push_filter(&mut sql, filter);
        on_pool!(self, pool => {
            let row = query!(sql).fetch_one(pool).await?;
            Ok(u64::try_from(RowGet::int(&row, "n")?).unwrap_or(0))
        })
    }

    /// Records a list view of `shown` incidents made outside the listing (a search's results)
    /// as one event naming the person-bearing ones.
    pub async fn audit_incidents_shown(
        &self,
        principal: &Principal,
        shown: &[StoredIncident],
    ) -> Result<()> {
        self.audit_list(principal, shown).await
    }
}

/// Appends `filter`'s conditions on incidents aliased `i`.
fn push_filter(sql: &mut Sql, filter: &IncidentFilter) {
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
        push_text(sql, text);
    }
    if let Some(owner) = &filter.owner {
        sql.push(" AND i.owner = ")
            .bind_text(owner.to_ascii_uppercase());
    }
}

/// Appends `AND i.search_text LIKE '%text%'` (case-insensitive: the column is lower case).
pub(crate) fn push_text(sql: &mut Sql, text: &str) {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    sql.push(" AND i.search_text LIKE ")
        .bind_text(format!("%{escaped}%"))
        .push(" ESCAPE '\\'");
}
