//! Lintas persistence: one store over an embedded SQLite file or a PostgreSQL server: incidents,
//! the lost/stolen document registry and watchlists (with their in-memory screening indexes).
//!
//! Every read and write of records takes a [`Principal`] and the store itself decides what that
//! principal may see and change (DESIGN.md, "Tenancy and sharing"): there is no method that
//! returns records without one. SQL is written once, with `$n` placeholders that both backends
//! accept, and run on whichever pool the store holds.

mod backend;
mod clock;
mod error;
mod import;
mod incidents;
mod keys;
mod principal;
mod registry;
mod screening;
mod sql;
mod visibility;
mod watchlists;

pub use backend::{ConnectOptions, Store};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, Result};
pub use import::{ImportOutcome, ImportReport, Importer, RowError};
pub use incidents::{IncidentFilter, Page};
pub use keys::{Agency, NewApiKey};
pub use principal::Principal;
pub use registry::{Registered, RegistryImporter};
pub use screening::ScreeningMatch;
pub use watchlists::{REPORTED_IDS, WatchlistImport, WatchlistInfo, format_name, parse_watchlist};
