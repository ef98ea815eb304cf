//! The store's integration tests, in one binary, each run against SQLite and PostgreSQL alike.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

mod accounts;
mod alerts;
mod audit;
mod audit_volume;
mod checks;
mod federation;
mod identification;
mod referrals;
mod search;
mod store;
mod trends;
mod victims;
mod workplan;
