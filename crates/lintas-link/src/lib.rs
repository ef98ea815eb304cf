//! Probabilistic record linkage for Lintas: Fellegi–Sunter as Splink does it.
//!
//! - [`comparison`]: ordered agreement levels per column (exact, Jaro-Winkler, Levenshtein,
//!   phonetic, date closeness, numeric difference, swapped columns, else; null = no evidence).
//! - [`blocking`]: a union of blocking rules with no duplicate pairs, pairs counted per rule
//!   before any is generated (over-broad rules refused).
//! - [`train`]: u by random sampling, m by EM sessions (one per blocking rule, u fixed), λ separate.
//! - [`model`]: match weights with term-frequency adjustments; `model.json` is the [`Model`].
//! - [`cluster`]: connected components with a guard against chaining through weak bridges.
//! - [`incremental`]: match new records against an already linked base.
//! - [`graph`]: components, degree and betweenness centrality over entity–record graphs.
//! - [`eval`]: pairwise precision/recall/F1 and B-cubed against ground truth.
//!
//! Name similarity sits behind [`names::NameSimilarity`] so a multilingual backend can be
//! plugged in with [`Linker::with_names`].

pub mod blocking;
pub mod cluster;
pub mod comparison;
pub mod data;
pub mod error;
pub mod eval;
pub mod graph;
pub mod guard;
pub mod incremental;
pub mod linker;
pub mod model;
pub mod names;
pub mod settings;
pub mod synth;
pub mod train;

pub use blocking::{BlockingRule, KeyExpr, LinkType, RuleSummary};
pub use comparison::{ComparisonSpec, Level, Preset};
pub use data::Dataset;
pub use error::{LinkError, Result};
pub use incremental::{IncrementalMatch, LinkedBase, match_new};
pub use linker::{LinkOutput, Linker, NoProgress, Progress};
pub use model::Model;
pub use settings::Settings;
