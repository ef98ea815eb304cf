//! Differences between two versions of a list, keyed by the list's own identifiers.

use crate::model::Entry;
use std::collections::HashMap;

/// What changed between an old and a new version of a list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListDiff {
    /// Entries only in the new version.
    pub added: Vec<Entry>,
    /// Entries in both whose content differs: `(old, new)`.
    pub changed: Vec<(Entry, Entry)>,
    /// Entries only in the old version.
    pub removed: Vec<Entry>,
}

/// Compares two versions of a list by entry id (the first entry wins when an id repeats).
/// Output keeps the order of the new list (added, changed) and the old list (removed).
pub fn diff(old: &[Entry], new: &[Entry]) -> ListDiff {
    let mut old_by_id: HashMap<&str, &Entry> = HashMap::with_capacity(old.len());
    for e in old {
        old_by_id.entry(e.id.as_str()).or_insert(e);
    }
    let mut new_ids: HashMap<&str, ()> = HashMap::with_capacity(new.len());
    let mut out = ListDiff::default();
    for e in new {
        if new_ids.insert(e.id.as_str(), ()).is_some() {
            continue;
        }
        match old_by_id.get(e.id.as_str()) {
            None => out.added.push(e.clone()),
            Some(o) if *o != e => out.changed.push(((*o).clone(), e.clone())),
            Some(_) => {}
        }
    }
    let mut seen_old: HashMap<&str, ()> = HashMap::new();
    for e in old {
        if seen_old.insert(e.id.as_str(), ()).is_none() && !new_ids.contains_key(e.id.as_str()) {
            out.removed.push(e.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_added_changed_removed() {
        let old = vec![
            Entry::person("1", "Ali Hassan"),
            Entry::person("2", "Aung Ko Ko"),
            Entry::person("3", "Kim Jong Un"),
        ];
        let mut changed = Entry::person("2", "Aung Ko Ko");
        changed.names.push("Ko Ko Aung".into());
        let new = vec![
            Entry::person("1", "Ali Hassan"),
            changed,
            Entry::person("4", "Siti Aminah"),
        ];
        let d = diff(&old, &new);
        assert_eq!(
            d.added.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["4"]
        );
        assert_eq!(
            d.changed
                .iter()
                .map(|(o, _)| o.id.as_str())
                .collect::<Vec<_>>(),
            ["2"]
        );
        assert_eq!(
            d.removed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["3"]
        );
        assert_eq!(diff(&new, &new), ListDiff::default());
    }
}
