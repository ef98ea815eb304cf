//! # lintas-names
//!
//! Multilingual person-name matching for watchlist screening: Unicode normalisation and
//! transliteration of the Asia-Pacific region's scripts to Latin ([`translit`]), name-part
//! tagging ([`parts`]), phonetic keys ([`phonetic`]), a transliteration-aware string
//! similarity ([`similarity`]), order-insensitive name comparison ([`compare`]), a scorer
//! that adds birth date, nationality, gender and identifiers ([`score`]), an in-memory
//! watchlist [`Index`], parsers for the UN, OFAC, OpenSanctions and Lintas list formats
//! ([`lists`]) and a seeded generator of the region's names ([`synth`]).
//!
//! ```
//! use lintas_names::{Entry, Index, Query};
//! let index = Index::build(vec![Entry::person("TAi.005", "Muhammad Taher Anwari")]);
//! let hits = index.search(&Query::name("محمد طاهر أنوري"), 0.7, 10);
//! assert_eq!(hits.first().map(|m| m.id.as_str()), Some("TAi.005"));
//! ```

pub mod compare;
pub mod country;
mod error;
pub mod freq;
pub mod index;
pub mod lists;
mod model;
pub mod parts;
pub mod phonetic;
pub mod regional;
pub mod score;
pub mod script;
pub mod search_keys;
pub mod similarity;
pub mod synth;
pub mod translit;
mod variants;
pub mod words;

pub use error::NamesError;
pub use index::{Index, Match};
pub use model::{BirthDate, EntityKind, Entry, Gender, Identifier, Query};
pub use score::{ScoreConfig, Scorer};
