//! Lintas persistence: one store over an embedded SQLite file or a PostgreSQL server.
//!
//! Every read and write of records takes a [`Principal`] and the store itself decides what that
//! principal may see and change (DESIGN.md, "Tenancy and sharing"): there is no method that
//! returns records without one. SQL is written once, with `$n` placeholders that both backends
//! accept, and run on whichever pool the store holds.

mod ais;
mod backend;
mod clock;
mod corridors;
mod error;
mod events;
mod import;
mod incidents;
mod keys;
mod principal;
mod sar;
mod sql;
mod visibility;

pub use ais::{AisSource, BBox, COORD_UNITS_PER_DEGREE};
pub use backend::{ConnectOptions, Store};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, Result};
pub use events::{EVENT_KINDS, EventFilter, EventPage, StoredEvents};
pub use import::{ImportOutcome, ImportReport, Importer, RowError};
pub use incidents::{IncidentFilter, Page};
pub use keys::{Agency, NewApiKey};
pub use principal::Principal;
pub use sar::{SarFilter, SarPage};
