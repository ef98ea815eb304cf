//! Name similarity behind a small trait, so a multilingual engine (`lintas-names`) can replace
//! the default string metrics without touching the linkage code.

use rphonetic::DoubleMetaphone;

/// String similarity and phonetic keys used by name-like comparison levels.
pub trait NameSimilarity: Send + Sync + std::fmt::Debug {
    /// Jaro-Winkler similarity in [0, 1].
    fn jaro_winkler(&self, a: &str, b: &str) -> f64;
    /// Jaro similarity in [0, 1].
    fn jaro(&self, a: &str, b: &str) -> f64;
    /// Phonetic keys of a value (primary, alternate); empty strings when none.
    fn phonetic_keys(&self, value: &str) -> (String, String);
    /// Whether `jaro` and `jaro_winkler` are the standard definitions (Winkler prefix bonus of
    /// 0.1 per common leading character, at most 4), so the comparator may skip computing them
    /// when a cheap upper bound already rules a level out.
    fn standard_jaro(&self) -> bool {
        false
    }
}

/// Default implementation: `strsim` metrics and Double Metaphone from `rphonetic`.
#[derive(Debug, Default)]
pub struct StrsimNames {
    metaphone: DoubleMetaphone,
}

impl NameSimilarity for StrsimNames {
    fn jaro_winkler(&self, a: &str, b: &str) -> f64 {
        strsim::jaro_winkler(a, b)
    }

    fn jaro(&self, a: &str, b: &str) -> f64 {
        strsim::jaro(a, b)
    }

    fn phonetic_keys(&self, value: &str) -> (String, String) {
        // Double Metaphone is defined over Latin letters; other scripts yield no key rather
        // than a misleading one.
        let latin: String = value.chars().filter(char::is_ascii_alphabetic).collect();
        if latin.is_empty() {
            return (String::new(), String::new());
        }
        let r = self.metaphone.double_metaphone(&latin);
        (r.primary(), r.alternate())
    }

    fn standard_jaro(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phonetic_keys_group_spelling_variants() {
        let n = StrsimNames::default();
        assert_eq!(n.phonetic_keys("smith").0, n.phonetic_keys("smyth").0);
        assert_ne!(n.phonetic_keys("smith").0, n.phonetic_keys("jones").0);
        assert_eq!(n.phonetic_keys("محمد"), (String::new(), String::new()));
    }
}
