//! The server's integration tests, in one binary: the HTTP API end to end (on SQLite and, with
//! `LINTAS_TEST_PG_URL`, PostgreSQL), border checks, networks, sessions, the route × role
//! matrix, the demo, and the browser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod support;

mod abuse;
mod alerts;
mod api;
mod browser;
mod checks;
mod checks_ui;
mod dashboard_ui;
mod demo;
mod imports;
mod matrix;
mod networks;
mod networks_ui;
mod referrals;
mod risky_ui;
mod sar_ui;
mod sessions;
mod trends;
mod victims;
