//! Building the index: distinct names parsed once, in parallel; keys hashed per
//! distinct name; postings sorted into compressed-sparse-row arrays.

use super::keys::name_keys;
use crate::freq::TokenFreq;
use crate::model::Entry;
use crate::parts::{NameParts, parse_name};
use crate::score::EntryQualifiers;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Rows of `u32` items in one array (compressed sparse row): row `i` is
/// `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Default)]
pub(super) struct Csr {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    pub(super) fn row(&self, i: usize) -> &[u32] {
        let (Some(&s), Some(&e)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return &[];
        };
        self.items.get(s as usize..e as usize).unwrap_or(&[])
    }

    /// Starts loading row `i`'s bounds into cache (a hint).
    pub(super) fn prefetch_bounds(&self, i: usize) {
        if let Some(o) = self.offsets.get(i) {
            super::candidates::prefetch(o);
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        (self.offsets.len() + self.items.len()) * 4
    }

    /// From `(row, item)` pairs sorted by row; `rows` rows in all.
    fn from_sorted(pairs: impl Iterator<Item = (u32, u32)>, rows: usize, len: usize) -> Csr {
        let mut offsets = Vec::with_capacity(rows + 1);
        let mut items = Vec::with_capacity(len);
        offsets.push(0);
        let mut rows = rows;
        for (row, item) in pairs {
            // Row `r` starts at `offsets[r]`: open every row up to this one.
            while offsets.len() <= row as usize {
                offsets.push(to_u32(items.len()));
            }
            rows = rows.max(row as usize + 1);
            items.push(item);
        }
        while offsets.len() <= rows {
            offsets.push(to_u32(items.len()));
        }
        Csr { offsets, items }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Buckets of the key directory (by the top 16 bits of a key hash).
const KEY_DIR: usize = 1 << 16;

/// Everything the index holds besides the entries themselves.
pub(super) struct Built {
    pub quals: Vec<EntryQualifiers>,
    /// Distinct names (by exact string), parsed once.
    pub forms: Vec<NameParts>,
    /// Per form, the summed weight of its core parts (the candidate ranking's length).
    pub form_weight: Vec<f32>,
    /// Per entry, its names as form ids, in the entry's name order.
    pub entry_forms: Csr,
    /// Per form, the entries carrying it, ordered by entry id (the tie-break of results).
    pub form_entries: Csr,
    /// Sorted key hashes; `postings.row(i)` holds the forms with `keys[i]`.
    pub keys: Vec<u32>,
    /// `keys[key_dir[h]..key_dir[h + 1]]` are the keys whose top 16 bits are `h`: a
    /// lookup searches a few dozen keys instead of millions (one cache miss, not 22).
    pub key_dir: Vec<u32>,
    pub postings: Csr,
    /// Per form, its sorted key hashes (to check a candidate against common keys
    /// without searching their long posting lists).
    pub form_keys: Csr,
    /// Normalised document number → entries.
    pub identifiers: FxHashMap<Box<str>, Vec<u32>>,
    /// How many entries carry each name part (with the regional corpus behind it).
    pub freq: TokenFreq,
}

pub(super) fn build(entries: &[Entry]) -> Built {
    // Lists repeat names (aliases shared by several entries, common names): parse
    // and key each distinct string once.
    let mut form_of: FxHashMap<&str, u32> = FxHashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let mut ef_offsets = Vec::with_capacity(entries.len() + 1);
    let mut ef_items = Vec::with_capacity(entries.len() * 2);
    ef_offsets.push(0);
    for e in entries {
        for n in &e.names {
            let id = *form_of.entry(n.as_str()).or_insert_with(|| {
                distinct.push(n.as_str());
                to_u32(distinct.len() - 1)
            });
            ef_items.push(id);
        }
        ef_offsets.push(to_u32(ef_items.len()));
    }
    drop(form_of);
    let entry_forms = Csr {
        offsets: ef_offsets,
        items: ef_items,
    };
    let (forms, quals) = rayon::join(
        || {
            distinct
                .par_iter()
                .map(|n| parse_name(n))
                .collect::<Vec<_>>()
        },
        || {
            entries
                .par_iter()
                .map(EntryQualifiers::new)
                .collect::<Vec<_>>()
        },
    );
    // Per form its sorted keys (the forward index probes use), then the inverted one.
    let per_form: Vec<Vec<u32>> = forms
        .par_iter()
        .map(|name| {
            let mut keys = Vec::with_capacity(24);
            name_keys(name, &mut keys);
            keys.sort_unstable();
            keys.dedup();
            keys
        })
        .collect();
    let n_pairs = per_form.iter().map(Vec::len).sum();
    let mut fk_offsets = Vec::with_capacity(per_form.len() + 1);
    let mut fk_items = Vec::with_capacity(n_pairs);
    fk_offsets.push(0);
    for keys in &per_form {
        fk_items.extend_from_slice(keys);
        fk_offsets.push(to_u32(fk_items.len()));
    }
    drop(per_form);
    let form_keys = Csr {
        offsets: fk_offsets,
        items: fk_items,
    };
    let mut pairs: Vec<u64> = (0..form_keys.offsets.len().saturating_sub(1))
        .into_par_iter()
        .flat_map_iter(|f| {
            let ff = u64::from(to_u32(f));
            form_keys
                .row(f)
                .iter()
                .map(move |&k| (u64::from(k) << 32) | ff)
        })
        .collect();
    pairs.par_sort_unstable();
    let mut keys: Vec<u32> = Vec::new();
    let postings = Csr::from_sorted(
        pairs.iter().map(|p| {
            let k = (p >> 32) as u32;
            if keys.last() != Some(&k) {
                keys.push(k);
            }
            (to_u32(keys.len() - 1), (p & 0xFFFF_FFFF) as u32)
        }),
        0,
        pairs.len(),
    );
    drop(pairs);
    keys.shrink_to_fit();
    let mut key_dir = Vec::with_capacity(KEY_DIR + 1);
    for h in 0..=KEY_DIR {
        key_dir.push(to_u32(keys.partition_point(|k| (*k >> 16) < h as u32)));
    }

    let mut fe: Vec<(u32, u32)> = Vec::with_capacity(entry_forms.items.len());
    for e in 0..entries.len() {
        fe.extend(entry_forms.row(e).iter().map(|&f| (f, to_u32(e))));
    }
    let id_of = |e: u32| entries.get(e as usize).map_or("", |x| x.id.as_str());
    fe.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id_of(a.1).cmp(id_of(b.1)))
            .then_with(|| a.1.cmp(&b.1))
    });
    fe.dedup();
    let form_entries = Csr::from_sorted(fe.iter().copied(), forms.len(), fe.len());
    drop(fe);

    let form_weight = forms
        .par_iter()
        .map(|n| {
            n.parts()
                .filter(|p| p.tag.weight() >= 0.8)
                .map(|p| p.weight() as f32)
                .sum()
        })
        .collect();
    let mut identifiers: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
    for (e, q) in quals.iter().enumerate() {
        for id in q.identifiers() {
            let list = identifiers.entry(id.as_str().into()).or_default();
            if list.last() != Some(&to_u32(e)) {
                list.push(to_u32(e));
            }
        }
    }
    // Part counts per chunk of entries on the pool, then summed.
    let n_entries = entry_forms.offsets.len().saturating_sub(1);
    let freq = (0..n_entries)
        .collect::<Vec<_>>()
        .par_chunks(1 << 16)
        .map(|chunk| {
            TokenFreq::from_entries(chunk.iter().map(|&e| {
                entry_forms
                    .row(e)
                    .iter()
                    .filter_map(|&f| forms.get(f as usize))
            }))
        })
        .reduce(TokenFreq::default, TokenFreq::merge);
    Built {
        freq,
        quals,
        forms,
        form_weight,
        entry_forms,
        form_entries,
        keys,
        key_dir,
        postings,
        form_keys,
        identifiers,
    }
}
