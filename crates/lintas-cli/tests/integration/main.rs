//! The `lintas` command end to end, in one binary: each module runs the built binary as a user
//! would, on real inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod support;

mod ais;
mod audit;
mod import;
mod import_checks;
mod link;
mod mrz;
mod report;
mod screen;
mod trends;
mod victims;
