//! Victim cases aligned with IOM's Human Trafficking Case Data Standard (HTCDS) v2.0: the
//! record and its picklists, validation, the flat CSV/XLSX layout for import and export, CTDC's
//! flat columns for release, and the ILO 2009 operational indicators that suggest whether a
//! person is a possible or presumed victim; the case workflow and the consent gate in front of
//! referrals and disclosures. Documented for users in `docs/victims.md`.

mod case;
pub mod codes;
pub mod consent;
pub mod ctdc;
pub mod flat;
pub mod ilo;
pub mod referral;
mod stored;
mod validate;
pub mod workflow;

pub use case::{
    CaseDetails, HistoricEvent, Perpetrator, Person, SupportPlan, VictimCase, VictimContext,
};
pub use stored::StoredVictimCase;
pub use validate::{VICTIM_SHARING_LEVEL, validate_sharing};
