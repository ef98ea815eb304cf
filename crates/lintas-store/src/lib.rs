//! Lintas persistence: one store over an embedded SQLite file or a PostgreSQL server: incidents,
//! the lost/stolen document registry and watchlists (with their in-memory screening indexes).
//!
//! Every read and write of records takes a [`Principal`] and the store itself decides what that
//! principal may see and change (DESIGN.md, "Tenancy and sharing"): there is no method that
//! returns records without one. SQL is written once, with `$n` placeholders that both backends
//! accept, and run on whichever pool the store holds.

mod ais;
mod alerts;
mod audit;
mod audit_keys;
mod audit_verify;
mod audit_view;
mod backend;
mod clock;
mod corridors;
mod error;
mod events;
mod federation;
mod identification;
mod import;
mod incidents;
mod keys;
mod login_refusals;
mod network;
mod passwords;
mod principal;
mod records;
mod referrals;
mod registry;
mod sar;
mod screening;
mod search;
mod sessions;
mod sql;
mod stats;
mod throttle;
mod trends;
mod users;
mod victims;
mod victims_import;
mod visibility;
mod wal;
mod watchlist_versions;
mod watchlists;
mod workplan;

pub use ais::{AisSource, BBox, COORD_UNITS_PER_DEGREE};
pub use alerts::{AlertFilter, AlertsRaised, SignalIncident, SignalLineList};
pub use audit::{Actor, AuditAction, Audited, StoredAuditRow, checkpoint_size};
pub use audit_keys::AuditKeys;
pub use audit_view::{AuditEntry, AuditFilter};
pub use backend::{ConnectOptions, Store};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, Result};
pub use events::{EVENT_KINDS, EventFilter, StoredEvents};
pub use federation::{
    Applied, Cell, CopyCounts, FEDERATED_KINDS, Holding, OutboxEntry, RecordCopy,
};
pub use identification::Decision as IdentificationDecision;
pub use import::{ErrorCount, ImportOutcome, ImportReport, Importer, PreparedBatch, RowError};
pub use incidents::{IncidentFilter, reference_term};
pub use keys::{Agency, ApiKeyInfo, NewApiKey};
pub use lintas_audit::{AuditError, Outcome, VerifiedLog};
pub use network::{
    Analysis, Curation, CurationKind, Entity, EntityKind, FACILITATION_ROLES, IncidentRef, Network,
    Node, RouteCount, Subgraph,
};
pub use passwords::{MAX_LEN as PASSWORD_MAX_LEN, MIN_LEN as PASSWORD_MIN_LEN};
pub use principal::Principal;
pub use records::{Page, PageLimit};
pub use referrals::ReferralBox;
pub use registry::{Registered, RegistryImporter};
pub use sar::SarFilter;
pub use screening::ScreeningMatch;
pub use sessions::{NewSession, Session, SessionPolicy};
pub use stats::IncidentStats;
pub use throttle::LoginLimits;
pub use trends::{
    SUPPRESS_BELOW, TrendCell, TrendField, TrendInterval, TrendMeasure, TrendQuery, TrendSeries,
    TrendSet, period_days,
};
pub use users::{NewUser, User};
pub use victims::VictimCaseFilter;
pub use victims_import::VictimImporter;
pub use watchlist_versions::{
    ChangeKind, EntryChange, EntrySearch, WatchlistDiff, WatchlistVersion,
};
pub use watchlists::{REPORTED_IDS, WatchlistImport, WatchlistInfo, parse_watchlist};
