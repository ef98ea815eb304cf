//! The Lintas data standard: Bali Process members, roles, the incident record, the lost/stolen
//! document registry's record, code lists and validation, and readers for bulk imports.
//! Documented for users in `docs/data-standard.md` and `docs/checks.md`.

pub mod alerts;
pub mod codes;
pub mod countries;
pub mod currencies;
mod date;
pub mod identifiers;
pub mod import;
mod incident;
pub mod maritime;
pub mod masking;
pub mod members;
pub mod plain;
pub mod registry;
mod roles;
mod threshold;
mod validate;
pub mod victims;
pub mod workplan;

pub use date::{PartialDate, Precision};
pub use incident::{
    Counts, Fee, Identifier, Incident, Person, Place, Route, Sharing, SharingLevel, StoredIncident,
};
pub use roles::{Action, Role};
pub use threshold::Threshold;

use serde::{Deserialize, Serialize};

/// One reason a record is invalid: which field, which rule, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Path of the field, e.g. `persons[0].nationality`.
    pub field: String,
    /// Stable rule code, e.g. `unknown_code`, `invalid_country`, `required`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}
