//! Lintas use cases: one function per user-visible operation (import incidents, check a
//! document, analyse networks, …). Each takes the principal it acts for and returns domain
//! results or the store's [`Error`]; the server's handlers and pages and the CLI's commands
//! only translate requests into these calls and their results into responses
//! (docs/architecture.md).

pub mod alerts;
pub mod checks;
pub mod import;
pub mod maritime;
pub mod registry;
pub mod report;
mod report_content;
pub mod search;
pub mod trends;
pub mod victims;
pub mod watchlists;

pub use lintas_store::{Error, Result};
