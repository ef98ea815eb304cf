//! The audit log in the store. Every audited change appends its events in the same transaction
//! as the change itself, so a change without its event (or an event without its change) cannot
//! be committed. Appends are serialised through the single `audit_state` row, which also holds
//! the Merkle frontier: sequence numbers stay contiguous even with several processes (server
//! and CLI) writing one database. Checkpoints are signed after every `CHECKPOINT_EVERY` events
//! or `CHECKPOINT_INTERVAL` of activity.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use lintas_audit::{AuditEvent, CompactTree, LogAppender, Outcome, Timestamp};
use sqlx::Row;

use crate::Store;
use crate::audit_keys::{AuditKeys, audit_error};
use crate::error::{Error, Result};
use crate::incidents::{NewRow, insert_statements};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};

const ROWS_PER_INSERT: usize = 500;
/// Sign a checkpoint at least after this many new events…
const CHECKPOINT_EVERY: u64 = 256;
/// …or when this much time passed since the last one and the log grew.
const CHECKPOINT_INTERVAL: chrono::Duration = chrono::Duration::seconds(60);

/// Who an event is about: a principal, or someone not (yet) authenticated.
#[derive(Debug, Clone)]
pub struct Actor {
    /// User or API-key id, or `anonymous`.
    pub id: String,
    /// Member code, if known.
    pub member: Option<String>,
    /// Agency name, if known.
    pub agency: Option<String>,
    /// HTTP request id, if any.
    pub request_id: Option<String>,
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Actor {
            id: p.actor.clone(),
            member: Some(p.member.clone()),
            agency: Some(p.agency.clone()),
            request_id: p.request_id.clone(),
        }
    }
}

macro_rules! audit_actions {
    ($($variant:ident => $token:literal: $doc:literal,)*) => {
        /// Every action the audit log records: the catalogue auditors filter by. The tokens
        /// are stored in events and are stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $(#[doc = $doc] $variant,)*
        }

        impl AuditAction {
            /// Every action, in catalogue order.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The stored token, e.g. `incident.create`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $token,)*
                }
            }

            /// What the action is, in words, for the audit view.
            pub fn label(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $doc,)*
                }
            }
        }
    };
}

audit_actions! {
    IncidentCreate => "incident.create": "Incident created",
    IncidentRead => "incident.read": "Incident with persons read",
    IncidentList => "incident.list": "Incidents with persons listed",
    IncidentReveal => "incident.reveal": "Victim details in an incident revealed (reason hashed in the event, kept in incident_reveals)",
    IncidentUpdate => "incident.update": "Incident changed",
    IncidentDelete => "incident.delete": "Incident deleted",
    SarCreate => "sar.create": "SAR incident created",
    SarUpdate => "sar.update": "SAR incident changed",
    SarDelete => "sar.delete": "SAR incident deleted",
    CorridorCreate => "corridor.create": "Corridor created",
    CorridorUpdate => "corridor.update": "Corridor changed",
    CorridorDelete => "corridor.delete": "Corridor deleted",
    VictimCreate => "victim.create": "Victim case created",
    VictimRead => "victim.read": "Victim case read",
    VictimUpdate => "victim.update": "Victim case changed",
    VictimDelete => "victim.delete": "Victim case deleted",
    VictimImport => "victim.import": "Victim case imported",
    WorkflowTransition => "victim.transition": "Victim case moved in its workflow",
    ConsentRecord => "consent.record": "Consent recorded",
    ConsentRevoke => "consent.revoke": "Consent revoked",
    ConsentOverride => "consent.override": "Consent gate overridden (two supervisors)",
    VictimIdentify => "victim.identify": "Victim identification form recorded",
    ReferralSend => "referral.send": "Referral sent",
    ReferralRead => "referral.read": "Referral read",
    ReferralTransition => "referral.transition": "Referral moved on",
    ReferralWithdraw => "referral.withdraw": "Referral content withdrawn (consent revoked)",
    NetworkList => "network.list": "Networks listed",
    NetworkRead => "network.read": "Network read",
    EntityRead => "entity.read": "Entity read",
    EntityMerge => "entity.merge": "Entities merged by an analyst",
    EntitySplit => "entity.split": "Person split off an entity by an analyst",
    CheckDocument => "check.document": "Document checked",
    CheckPerson => "check.person": "Person screened",
    RegistryReport => "registry.report": "Document reported lost or stolen",
    RegistryImport => "registry.import": "Registry imported",
    WatchlistImport => "watchlist.import": "Watchlist imported",
    WatchlistRead => "watchlist.read": "Watchlist entries read",
    AisEventsExport => "ais.events.export": "AIS events exported",
    Login => "login": "Login",
    LoginRefusals => "login.refusals": "Refused logins naming no account, per address and minute",
    Logout => "logout": "Logout",
    UserCreate => "user.create": "User created",
    UserPassword => "user.password": "Password changed",
    UserDisable => "user.disable": "User disabled",
    UserEnable => "user.enable": "User enabled",
    ApiKeyCreate => "apikey.create": "API key created",
    ApiKeyRevoke => "apikey.revoke": "API key revoked",
    AuditExportCheckpoint => "audit.export_checkpoint": "Audit checkpoint exported",
    AuditExport => "audit.export": "Audit events exported",
    FederationApply => "federation.apply": "Shared record received from its owner's node",
    FederationTombstone => "federation.tombstone": "Received copy deleted (its owner lowered the sharing or deleted it)",
    AlertCreate => "alert.create": "Trend alert raised by a detection run",
    AlertTransition => "alert.transition": "Trend alert moved in its review",
    ActivityCreate => "activity.create": "Work-plan activity recorded",
    ActivityUpdate => "activity.update": "Work-plan activity changed",
    ActivityDelete => "activity.delete": "Work-plan activity deleted",
    ReportGenerate => "report.generate": "Report generated",
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AuditAction {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        AuditAction::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Error::BadRequest(format!("unknown audit action `{s}`")))
    }
}

/// One fact to record.
#[derive(Debug, Clone)]
pub struct Audited {
    /// What happened.
    pub action: AuditAction,
    /// Kind of record, e.g. `incident`.
    pub record_type: Option<String>,
    /// The record's id.
    pub record_id: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// A sensitive payload (a searched passport number…): only its keyed hash is stored.
    pub details: Option<Vec<u8>>,
    /// The ids a list view showed (one event per view, not one per row).
    pub records: Vec<String>,
    /// How many occurrences the event stands for, when it aggregates.
    pub count: Option<u64>,
}

impl Audited {
    /// A successful `action` on record `id` of `record_type`.
    pub fn record(action: AuditAction, record_type: &str, id: impl ToString) -> Self {
        Audited {
            action,
            record_type: Some(record_type.into()),
            record_id: Some(id.to_string()),
            outcome: Outcome::Success,
            details: None,
            records: Vec::new(),
            count: None,
        }
    }

    /// A successful list view of `record_type` records that showed `ids`.
    pub fn listed(action: AuditAction, record_type: &str, ids: Vec<String>) -> Self {
        Audited {
            record_id: None,
            records: ids,
            ..Audited::record(action, record_type, "")
        }
    }

    /// `action` not about one record.
    pub fn action(action: AuditAction, outcome: Outcome) -> Self {
        Audited {
            action,
            record_type: None,
            record_id: None,
            outcome,
            details: None,
            records: Vec::new(),
            count: None,
        }
    }

    /// Adds a sensitive payload (stored only as its keyed hash).
    pub fn with_details(mut self, payload: impl Into<Vec<u8>>) -> Self {
        self.details = Some(payload.into());
        self
    }
}

/// The store's audit state: its keys and when it last signed.
pub(crate) struct AuditLog {
    pub(crate) keys: AuditKeys,
    /// False when the database's log was created with other keys: events are still appended,
    /// but this process cannot sign checkpoints for it.
    pub(crate) can_sign: bool,
    last_signed: Mutex<Option<(u64, DateTime<Utc>)>>,
    /// Where checkpoints are also kept outside the database.
    pub(crate) checkpoint_file: Option<std::path::PathBuf>,
}

impl AuditLog {
    pub(crate) fn new(
        keys: AuditKeys,
        can_sign: bool,
        checkpoint_file: Option<std::path::PathBuf>,
    ) -> Self {
        AuditLog {
            keys,
            can_sign,
            last_signed: Mutex::new(None),
            checkpoint_file,
        }
    }
}

/// The tree size a signed checkpoint note states (its second line).
pub fn checkpoint_size(note: &str) -> Option<u64> {
    note.lines().nth(1)?.trim().parse().ok()
}

/// Writes `note` to `path` unless the file already holds a larger checkpoint (another process
/// signed later), through a temporary file and a rename so a crash leaves the old one whole.
async fn keep_outside(path: &std::path::Path, note: &str, size: u64) -> Result<()> {
    if let Ok(old) = tokio::fs::read_to_string(path).await
        && checkpoint_size(&old).is_some_and(|s| s > size)
    {
        return Ok(());
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let io = |e: std::io::Error| Error::Audit(format!("writing {}: {e}", path.display()));
    tokio::fs::write(&tmp, note).await.map_err(io)?;
    tokio::fs::rename(&tmp, path).await.map_err(io)
}

/// One stored row of `audit_events`: the hashed event and the index columns the audit view
/// filters by, which verification checks against the event.
#[derive(Debug, Clone)]
pub struct StoredAuditRow {
    /// Leaf index.
    pub seq: u64,
    /// Canonical event bytes.
    pub event: Vec<u8>,
    /// SHA-256(0x00 || event).
    pub leaf_hash: Vec<u8>,
    /// Index column: RFC 3339 time.
    pub time: String,
    /// Index column: actor id.
    pub actor: String,
    /// Index column: member code.
    pub member: Option<String>,
    /// Index column: action token.
    pub action: String,
    /// Index column: record id.
    pub record_id: Option<String>,
    /// Index column: outcome.
    pub outcome: String,
}

impl StoredAuditRow {
    /// The first index column that differs from the decoded event, if any.
    pub fn mismatched_column(&self, e: &AuditEvent) -> Option<&'static str> {
        if self.time != e.time.to_rfc3339() {
            Some("time")
        } else if self.actor != e.actor_id {
            Some("actor")
        } else if self.member != e.member_state {
            Some("member")
        } else if self.action != e.action {
            Some("action")
        } else if self.record_id != e.record_id {
            Some("record_id")
        } else if self.outcome != e.outcome.as_str() {
            Some("outcome")
        } else {
            None
        }
    }
}

fn to_timestamp(t: DateTime<Utc>) -> Result<Timestamp> {
    Timestamp::from_unix(t.timestamp(), t.timestamp_subsec_nanos()).map_err(audit_error)
}

/// The statements appending `events` after the frontier: one multi-row INSERT per chunk of
/// events, then the new head. Built lazily, chunk by chunk, so that the writer can hash and
/// encode the next chunk while the database runs the previous one.
struct AuditRows<'a> {
    log: &'a AuditLog,
    actor: &'a Actor,
    chunks: std::slice::Chunks<'a, Audited>,
    appender: LogAppender,
    time: Timestamp,
    head_written: bool,
    /// Statements built but not yet handed out (the `audit_records` rows of a chunk).
    queued: std::collections::VecDeque<Sql>,
}

/// `audit_records` rows per INSERT: two bound values each, far under SQLite's limit.
const RECORD_ROWS_PER_INSERT: usize = 400;

impl<'a> AuditRows<'a> {
    fn new(
        log: &'a AuditLog,
        size: i64,
        frontier: &[u8],
        actor: &'a Actor,
        events: &'a [Audited],
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let tree = if frontier.is_empty() {
            CompactTree::new()
        } else {
            CompactTree::from_bytes(frontier).map_err(audit_error)?
        };
        if tree.size() != size as u64 {
            return Err(Error::Corrupt(format!(
                "audit frontier holds {} events but the log head says {size}",
                tree.size()
            )));
        }
        Ok(AuditRows {
            log,
            actor,
            // Chunks keep each statement well under SQLite's limit on bound parameters.
            chunks: events.chunks(ROWS_PER_INSERT),
            appender: LogAppender::resume(tree),
            time: to_timestamp(now)?,
            head_written: events.is_empty(),
            queued: std::collections::VecDeque::new(),
        })
    }

    /// Queues the index rows of the ids an event listed.
    fn queue_records(&mut self, seq: u64, records: &[String]) {
        let mut unique: Vec<&String> = records.iter().collect();
        unique.sort_unstable();
        unique.dedup();
        for part in unique.chunks(RECORD_ROWS_PER_INSERT) {
            let mut sql = Sql::new("INSERT INTO audit_records (record_id, seq) VALUES ");
            for (n, id) in part.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.push("(")
                    .bind_text(id.as_str())
                    .push(", ")
                    .bind(Arg::Int(seq as i64))
                    .push(")");
            }
            self.queued.push_back(sql);
        }
    }

    fn insert(&mut self, chunk: &[Audited]) -> Result<Sql> {
        let (actor, time) = (self.actor, self.time);
        let mut insert = Sql::new(
            "INSERT INTO audit_events (seq, event, leaf_hash, time, actor, member, action, record_id, outcome) VALUES ",
        );
        for (n, e) in chunk.iter().enumerate() {
            let details_hash = match &e.details {
                Some(payload) => Some(self.log.keys.details.hash(payload).map_err(audit_error)?),
                None => None,
            };
            let event = AuditEvent {
                sequence: self.appender.next_sequence(),
                time,
                actor_id: actor.id.clone(),
                member_state: actor.member.clone(),
                agency: actor.agency.clone(),
                action: e.action.as_str().into(),
                record_type: e.record_type.clone(),
                record_id: e.record_id.clone(),
                request_id: actor.request_id.clone(),
                outcome: e.outcome,
                details_hash,
                records: e.records.clone(),
                count: e.count,
            };
            let stored = self.appender.append(&event).map_err(audit_error)?;
            if !e.records.is_empty() {
                self.queue_records(event.sequence, &e.records);
            }
            if n > 0 {
                insert.push(", ");
            }
            insert
                .push("(")
                .bind(Arg::Int(event.sequence as i64))
                .push(", ")
                .bind(Arg::Blob(stored.event))
                .push(", ")
                .bind(Arg::Blob(stored.leaf_hash.as_bytes().to_vec()))
                .push(", ")
                .bind_text(time.to_rfc3339())
                .push(", ")
                .bind_text(actor.id.as_str())
                .push(", ");
            match &actor.member {
                Some(m) => insert.bind_text(m.as_str()),
                None => insert.push("NULL"),
            };
            insert.push(", ").bind_text(e.action.as_str()).push(", ");
            match &e.record_id {
                Some(r) => insert.bind_text(r.as_str()),
                None => insert.push("NULL"),
            };
            insert.push(", ").bind_text(e.outcome.as_str()).push(")");
        }
        Ok(insert)
    }
}

impl Iterator for AuditRows<'_> {
    type Item = Result<Sql>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(sql) = self.queued.pop_front() {
            return Some(Ok(sql));
        }
        if let Some(chunk) = self.chunks.next() {
            return Some(self.insert(chunk));
        }
        if self.head_written {
            return None;
        }
        self.head_written = true;
        let mut head = Sql::new("UPDATE audit_state SET size = ");
        head.bind(Arg::Int(self.appender.size() as i64))
            .push(", frontier = ")
            .bind(Arg::Blob(self.appender.frontier().to_bytes()))
            .push(" WHERE id = 1");
        Some(Ok(head))
    }
}

/// Why an audited write did not commit.
pub(crate) enum WriteFailure {
    /// The database refused (e.g. a unique constraint).
    Db(sqlx::Error),
    /// Anything else.
    Other(Error),
}

impl From<WriteFailure> for Error {
    fn from(f: WriteFailure) -> Self {
        match f {
            WriteFailure::Db(e) => Error::Database(e),
            WriteFailure::Other(e) => e,
        }
    }
}

impl Store {
    /// Runs `statements` and appends `events` in one transaction. When `guard` is set and the
    /// first statement changes no row, nothing is committed and `Ok(false)` is returned (an
    /// optimistic-concurrency miss).
    pub(crate) async fn write_audited(
        &self,
        statements: Vec<Sql>,
        guard: bool,
        actor: &Actor,
        events: &[Audited],
    ) -> std::result::Result<bool, WriteFailure> {
        self.write_audited_with(statements, &[], guard, actor, events)
            .await
    }

    /// [`Store::write_audited`] that also inserts `new` incidents after `statements`, numbering
    /// them (`rid`) after the largest stored number, read while this transaction holds the
    /// lock that serialises writers.
    pub(crate) async fn write_audited_with(
        &self,
        statements: Vec<Sql>,
        new: &[NewRow<'_>],
        guard: bool,
        actor: &Actor,
        events: &[Audited],
    ) -> std::result::Result<bool, WriteFailure> {
        let now = self.clock.now();
        let log = &self.audit;
        // The log's size after the commit, when it committed.
        let committed: std::result::Result<Option<u64>, WriteFailure> = on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(WriteFailure::Db)?;
            // Taking the write lock first (SQLite) / the row lock (PostgreSQL) serialises
            // appenders before they read the head, so no two can take the same sequence number.
            query!(Sql::new("UPDATE audit_state SET size = size WHERE id = 1"))
                .execute(&mut *tx).await.map_err(WriteFailure::Db)?;
            let head = query!(Sql::new("SELECT size, frontier FROM audit_state WHERE id = 1"))
                .fetch_one(&mut *tx).await.map_err(WriteFailure::Db)?;
            let size: i64 = head.try_get("size").map_err(WriteFailure::Db)?;
            let frontier: Vec<u8> = head.try_get("frontier").map_err(WriteFailure::Db)?;
            let mut proceed = true;
            for (n, s) in statements.into_iter().enumerate() {
                let done = query!(s).execute(&mut *tx).await.map_err(WriteFailure::Db)?;
                if n == 0 && guard && done.rows_affected() == 0 {
                    proceed = false;
                    break;
                }
            }
            if proceed {
                let first_rid = if new.is_empty() {
                    0
                } else {
                    let last = query!(Sql::new("SELECT COALESCE(MAX(rid), 0) AS last FROM incidents"))
                        .fetch_one(&mut *tx).await.map_err(WriteFailure::Db)?;
                    last.try_get::<i64, _>("last").map_err(WriteFailure::Db)? + 1
                };
                let audit = AuditRows::new(log, size, &frontier, actor, events, now)
                    .map_err(WriteFailure::Other)?;
                let mut work = insert_statements(new, first_rid)
                    .map(Ok)
                    .chain(audit)
                    .map(|s| s.map(|s| query!(s)));
                // Each statement is built (rows encoded, events hashed, arguments bound) while
                // the database runs the one before: `biased` polls the execution first, which
                // hands the statement to the database thread, then builds the next one here.
                let mut next = work.next();
                while let Some(current) = next {
                    let current = current.map_err(WriteFailure::Other)?;
                    let (done, following) =
                        tokio::join!(biased; current.execute(&mut *tx), async { work.next() });
                    done.map_err(WriteFailure::Db)?;
                    next = following;
                }
            }
            if proceed {
                tx.commit().await.map_err(WriteFailure::Db)?;
            }
            Ok(proceed.then_some(size as u64 + events.len() as u64))
        });
        let committed = committed?;
        if let (Some(_), Some(wal)) = (committed, &self.wal) {
            wal.wrote();
        }
        if let Some(size) = committed
            && !events.is_empty()
        {
            // The size is known from the append itself: no extra read on every write.
            self.checkpoint_if_due_at(size)
                .await
                .map_err(WriteFailure::Other)?;
        }
        Ok(committed.is_some())
    }

    /// Appends events that accompany no change (reads, checks, logins).
    pub async fn audit(&self, actor: &Actor, events: &[Audited]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.write_audited(Vec::new(), false, actor, events)
            .await
            .map(|_| ())
            .map_err(Error::from)
    }

    /// Creates the log's head on first use, and checks the keys match the database's log.
    pub(crate) async fn init_audit(&self) -> Result<()> {
        let keys = &self.audit.keys;
        let mut insert = Sql::new(
            "INSERT INTO audit_state (id, origin, verifier_key, size, frontier) SELECT 1, ",
        );
        insert
            .bind_text(keys.origin())
            .push(", ")
            .bind_text(keys.verifier().to_string())
            .push(", 0, ")
            .bind(Arg::Blob(Vec::new()))
            .push(" WHERE NOT EXISTS (SELECT 1 FROM audit_state WHERE id = 1)");
        on_pool!(self, pool => { query!(insert).execute(pool).await?; });
        Ok(())
    }

    /// The log's name and public key as stored in the database.
    pub async fn audit_identity(&self) -> Result<(String, String)> {
        let sql = Sql::new("SELECT origin, verifier_key FROM audit_state WHERE id = 1");
        on_pool!(self, pool => {
            let row = query!(sql).fetch_one(pool).await?;
            Ok((row.try_get("origin")?, row.try_get("verifier_key")?))
        })
    }

    /// Signs a checkpoint now if enough happened since the last one.
    pub async fn checkpoint_if_due(&self) -> Result<()> {
        if !self.audit.can_sign {
            return Ok(());
        }
        let (size, _) = self.audit_head().await?;
        self.checkpoint_if_due_at(size).await
    }

    /// [`Store::checkpoint_if_due`] for a log known to hold `size` events.
    async fn checkpoint_if_due_at(&self, size: u64) -> Result<()> {
        if !self.audit.can_sign {
            return Ok(());
        }
        let now = self.clock.now();
        let last = *self.audit.last_signed.lock().map_err(|_| poisoned())?;
        let due = match last {
            None => true,
            Some((signed, at)) => {
                size >= signed + CHECKPOINT_EVERY
                    || (size > signed && now - at >= CHECKPOINT_INTERVAL)
            }
        };
        if due {
            self.sign_checkpoint().await?;
        }
        Ok(())
    }

    async fn audit_head(&self) -> Result<(u64, Vec<u8>)> {
        let sql = Sql::new("SELECT size, frontier FROM audit_state WHERE id = 1");
        on_pool!(self, pool => {
            let row = query!(sql).fetch_one(pool).await?;
            let size: i64 = row.try_get("size")?;
            Ok((size as u64, row.try_get("frontier")?))
        })
    }

    /// Signs the current head and stores the checkpoint; returns the signed note.
    pub async fn sign_checkpoint(&self) -> Result<String> {
        if !self.audit.can_sign {
            return Err(Error::Audit(
                "this process's audit key is not the key of this database's log".into(),
            ));
        }
        let now = self.clock.now();
        let (size, frontier) = self.audit_head().await?;
        let tree = if frontier.is_empty() {
            CompactTree::new()
        } else {
            CompactTree::from_bytes(&frontier).map_err(audit_error)?
        };
        let note = LogAppender::resume(tree)
            .sign_checkpoint(&self.audit.keys.signer, to_timestamp(now)?)
            .map_err(audit_error)?;
        let mut insert =
            Sql::new("INSERT INTO audit_checkpoints (size, note, created_at) VALUES (");
        insert
            .bind(Arg::Int(size as i64))
            .push(", ")
            .bind_text(note.as_str())
            .push(", ")
            .bind_text(crate::clock::timestamp(now))
            .push(") ON CONFLICT (size) DO NOTHING");
        on_pool!(self, pool => { query!(insert).execute(pool).await?; });
        *self.audit.last_signed.lock().map_err(|_| poisoned())? = Some((size, now));
        if let Some(path) = &self.audit.checkpoint_file {
            keep_outside(path, &note, size).await?;
        }
        Ok(note)
    }

    /// The size of the checkpoint kept outside the database, when the log holds fewer events.
    pub(crate) async fn outside_checkpoint_ahead(&self) -> Result<Option<u64>> {
        let Some(path) = &self.audit.checkpoint_file else {
            return Ok(None);
        };
        let Ok(note) = tokio::fs::read_to_string(path).await else {
            return Ok(None);
        };
        let size = self.audit_size().await?;
        Ok(checkpoint_size(&note).filter(|&outside| outside > size))
    }

    /// The latest signed checkpoint (a C2SP signed note), for export off the server.
    pub async fn latest_checkpoint(&self) -> Result<Option<String>> {
        let sql = Sql::new("SELECT note FROM audit_checkpoints ORDER BY size DESC LIMIT 1");
        on_pool!(self, pool => Ok(query!(sql).fetch_optional(pool).await?.map(|r| r.get("note"))))
    }

    /// Every stored checkpoint note, newest first.
    pub async fn checkpoints(&self) -> Result<Vec<String>> {
        let sql = Sql::new("SELECT note FROM audit_checkpoints ORDER BY size DESC");
        on_pool!(self, pool => Ok(query!(sql).fetch_all(pool).await?.into_iter().map(|r| r.get("note")).collect()))
    }

    /// Up to `limit` stored rows from sequence number `from` on, in sequence order, every
    /// column included, for verification.
    pub async fn audit_rows(&self, from: u64, limit: u32) -> Result<Vec<StoredAuditRow>> {
        let mut sql = Sql::new(
            "SELECT seq, event, leaf_hash, time, actor, member, action, record_id, outcome \
             FROM audit_events WHERE seq >= ",
        );
        sql.bind(Arg::Int(from as i64))
            .push(" ORDER BY seq LIMIT ")
            .bind(Arg::Int(limit as i64));
        on_pool!(self, pool => {
            let rows = query!(sql).fetch_all(pool).await?;
            rows.into_iter()
                .map(|r| {
                    Ok(StoredAuditRow {
                        seq: r.try_get::<i64, _>("seq")? as u64,
                        event: r.try_get("event")?,
                        leaf_hash: r.try_get("leaf_hash")?,
                        time: r.try_get("time")?,
                        actor: r.try_get("actor")?,
                        member: r.try_get("member")?,
                        action: r.try_get("action")?,
                        record_id: r.try_get("record_id")?,
                        outcome: r.try_get("outcome")?,
                    })
                })
                .collect()
        })
    }

    /// The number of events the log's head says are stored.
    pub(crate) async fn audit_size(&self) -> Result<u64> {
        Ok(self.audit_head().await?.0)
    }
}

fn poisoned() -> Error {
    Error::Audit("checkpoint state lock poisoned".into())
}
