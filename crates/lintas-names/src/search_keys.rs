//! Sound keys of a name for a database's term index: one key per core part (and per two
//! adjacent parts written as one), its consonant skeleton, so that spellings and scripts of
//! the same name share keys (`Karimi`, `Kareemi` and `كريمي` all give `krm`). A key hit only
//! nominates a candidate; the caller re-scores candidates with [`crate::compare`].

use crate::parts::{NameParts, parse_name};

/// The distinct sound keys of `name`'s core parts and joined adjacent parts.
pub fn sound_keys(name: &str) -> Vec<String> {
    keys_of(&parse_name(name), true)
}

/// The sound keys a query must all find: its core parts only (not their joined pairs, which
/// the stored side carries), so `Abdul Wahid` needs both of its parts.
pub fn query_sound_keys(name: &str) -> Vec<String> {
    keys_of(&parse_name(name), false)
}

fn keys_of(parts: &NameParts, with_joined: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let core = parts.parts().filter(|p| p.tag.weight() >= 0.8);
    let joined = parts
        .joined()
        .map(|(_, p)| p)
        .filter(|_| with_joined)
        .filter(|p| p.tag.weight() >= 0.8);
    for p in core.chain(joined) {
        // A name of vowels only (`Ai`) has no skeleton: its spelling is the key.
        let key = if p.skel.is_empty() { p.canon } else { p.skel };
        if !key.is_empty() && !out.iter().any(|k| k == key) {
            out.push(key.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_and_scripts_of_one_name_share_a_key() {
        let karimi = sound_keys("Karimi");
        assert!(!karimi.is_empty());
        assert_eq!(sound_keys("Kareemi"), karimi);
        assert_eq!(sound_keys("كريمي"), karimi);
        assert_ne!(sound_keys("Rahimi"), karimi);
    }

    #[test]
    fn stored_keys_include_joined_parts_queries_do_not() {
        let stored = sound_keys("Abdul Wahid");
        let query = query_sound_keys("Abdulwahid");
        assert_eq!(query.len(), 1);
        assert!(stored.contains(&query[0]), "{stored:?} {query:?}");
        assert_eq!(query_sound_keys("Mr Abdul Wahid").len(), 2);
    }
}
