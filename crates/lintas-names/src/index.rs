//! In-memory watchlist index: candidate generation from an inverted index over name-part
//! keys, then exact re-scoring of the best candidates with the [`Scorer`].
//!
//! Keys per name part (and per two adjacent parts written as one): its canonical
//! spelling, its consonant skeleton, and the skeleton with each one letter deleted
//! (a deletion neighbourhood: two skeletons within one edit share a key). Postings are
//! stored in one sorted array (CSR layout) addressed by a 32-bit key hash; a hash
//! collision only adds candidates, which re-scoring removes. Very long posting lists
//! (common names) are not scanned once rarer parts of the query produced candidates:
//! they are then only checked for the candidates at hand (binary search).

use crate::compare::compare_names;
use crate::model::{Entry, Query};
use crate::parts::NameParts;
use crate::phonetic::skeleton;
use crate::score::{PreparedEntry, PreparedQuery, Scorer};
use crate::variants::variants_of;
use std::sync::Mutex;

/// A watchlist entry that scored at or above the threshold.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Match {
    /// The list's own identifier of the entry.
    pub id: String,
    /// The entry name (primary or alias) that matched.
    pub name: String,
    /// Score in [0, 1].
    pub score: f64,
    /// Which parts matched how; which qualifiers raised or lowered the score.
    pub reasons: Vec<String>,
    /// Position of the entry in the index (see [`Index::entry`]).
    #[serde(skip)]
    pub entry: usize,
}

/// Candidate-generation limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexConfig {
    /// Posting lists longer than this are not scanned once other parts gave candidates.
    pub posting_cap: usize,
    /// How many best candidates are re-scored exactly.
    pub max_candidates: usize,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            posting_cap: 20_000,
            max_candidates: 48,
        }
    }
}

struct Scratch {
    acc: Vec<f32>,
    stamp: Vec<u32>,
    part_stamp: Vec<u32>,
    generation: u32,
    touched: Vec<u32>,
}

/// An in-memory, read-only watchlist index. `Sync`: share one across threads.
pub struct Index {
    entries: Vec<Entry>,
    prepared: Vec<PreparedEntry>,
    keys: Vec<u32>,
    offsets: Vec<u32>,
    postings: Vec<u32>,
    scorer: Scorer,
    config: IndexConfig,
    pool: Mutex<Vec<Scratch>>,
}

fn key_hash(tag: u8, s: &str) -> u32 {
    // FNV-1a, folded to 32 bits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(tag).chain(s.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Most candidates kept when long posting lists are probed rather than scanned.
const PROBE_LIMIT: usize = 2_000;

/// Maximum skeleton length used for keys.
const MAX_SKEL_KEY: usize = 10;

/// Evidence weight of a hit on a part's exact canonical spelling, its skeleton, and its
/// skeleton with one letter deleted: exact hits must outrank sound-alikes.
const KEY_EXACT: f32 = 1.0;
const KEY_SKELETON: f32 = 0.6;
const KEY_DELETION: f32 = 0.35;

fn part_keys(canon: &str, skel: &str, out: &mut Vec<(f32, u32)>) {
    if canon.is_empty() {
        return;
    }
    out.push((KEY_EXACT, key_hash(b'c', canon)));
    let skel = skel.get(..skel.len().min(MAX_SKEL_KEY)).unwrap_or(skel);
    if skel.is_empty() {
        return;
    }
    out.push((KEY_SKELETON, key_hash(b's', skel)));
    if skel.len() >= 3 {
        let mut buf = String::with_capacity(skel.len());
        for i in 0..skel.len() {
            buf.clear();
            buf.push_str(skel.get(..i).unwrap_or(""));
            buf.push_str(skel.get(i + 1..).unwrap_or(""));
            out.push((KEY_DELETION, key_hash(b's', &buf)));
        }
    }
}

/// A query part's posting lists: (part weight, [(key weight, postings)], total length).
type QueryGroup<'a> = (f32, Vec<(f32, &'a [u32])>, usize);

/// A query part's keys: (part weight, [(key weight, key hash)]).
type KeyGroup = (f32, Vec<(f32, u32)>);

/// Key groups of a name: one group per core part and per adjacent pair joined.
fn name_key_groups(name: &NameParts, with_variants: bool) -> Vec<KeyGroup> {
    let sig: Vec<_> = name.parts().filter(|p| p.tag.weight() >= 0.8).collect();
    let mut groups = Vec::with_capacity(sig.len() * 2);
    for p in &sig {
        let mut keys = Vec::new();
        part_keys(p.canon, p.skel, &mut keys);
        if with_variants {
            for v in variants_of(p.canon) {
                let mut vk = Vec::new();
                part_keys(&v, &skeleton(&v), &mut vk);
                // A listed variant spelling is nearly as good as the spelling itself.
                keys.extend(vk.into_iter().map(|(w, k)| (w * 0.9, k)));
            }
        }
        if !keys.is_empty() {
            groups.push((p.weight() as f32, keys));
        }
    }
    for (_, j) in name.joined() {
        let mut keys = Vec::new();
        part_keys(j.canon, j.skel, &mut keys);
        groups.push((j.weight() as f32, keys));
    }
    groups
}

impl Index {
    /// Builds an index with the default scorer and limits.
    pub fn build(entries: Vec<Entry>) -> Index {
        Index::build_with(entries, Scorer::default(), IndexConfig::default())
    }

    /// Builds an index with the given scorer and limits.
    pub fn build_with(entries: Vec<Entry>, scorer: Scorer, config: IndexConfig) -> Index {
        // Parsing names dominates build time: spread it over the available cores.
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = entries.len().div_ceil(threads).max(1);
        let prepared: Vec<PreparedEntry> = std::thread::scope(|scope| {
            let handles: Vec<_> = entries
                .chunks(chunk)
                .map(|part| {
                    (
                        part,
                        scope
                            .spawn(move || part.iter().map(PreparedEntry::new).collect::<Vec<_>>()),
                    )
                })
                .collect();
            // A chunk whose thread failed is prepared again here, so positions stay aligned.
            handles
                .into_iter()
                .flat_map(|(part, h)| {
                    h.join()
                        .unwrap_or_else(|_| part.iter().map(PreparedEntry::new).collect())
                })
                .collect()
        });
        let mut pairs: Vec<u64> = Vec::with_capacity(prepared.len() * 12);
        let mut keys = Vec::new();
        for (i, pe) in prepared.iter().enumerate() {
            keys.clear();
            for n in &pe.names {
                for (_, group) in name_key_groups(n, false) {
                    keys.extend(group.into_iter().map(|(_, k)| k));
                }
            }
            keys.sort_unstable();
            keys.dedup();
            let id = u64::try_from(i).unwrap_or(u64::MAX) & 0xFFFF_FFFF;
            pairs.extend(keys.iter().map(|k| (u64::from(*k) << 32) | id));
        }
        pairs.sort_unstable();
        let mut key_list: Vec<u32> = Vec::new();
        let mut offsets: Vec<u32> = Vec::new();
        let mut postings: Vec<u32> = Vec::with_capacity(pairs.len());
        for (pos, p) in pairs.iter().enumerate() {
            let k = (p >> 32) as u32;
            if key_list.last() != Some(&k) {
                key_list.push(k);
                offsets.push(u32::try_from(pos).unwrap_or(u32::MAX));
            }
            postings.push((p & 0xFFFF_FFFF) as u32);
        }
        offsets.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        drop(pairs);
        key_list.shrink_to_fit();
        offsets.shrink_to_fit();
        Index {
            entries,
            prepared,
            keys: key_list,
            offsets,
            postings,
            scorer,
            config,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the index holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at position `i`.
    pub fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    /// The scorer used for re-scoring.
    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }

    fn postings_for(&self, key: u32) -> &[u32] {
        let Ok(i) = self.keys.binary_search(&key) else {
            return &[];
        };
        let (Some(&s), Some(&e)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return &[];
        };
        self.postings.get(s as usize..e as usize).unwrap_or(&[])
    }

    /// Matches for `query` at or above `threshold`, best first, at most `limit`.
    pub fn search(&self, query: &Query, threshold: f64, limit: usize) -> Vec<Match> {
        let pq = PreparedQuery::new(query.clone());
        self.search_prepared(&pq, threshold, limit)
    }

    /// As [`Index::search`], for a query already prepared.
    pub fn search_prepared(&self, pq: &PreparedQuery, threshold: f64, limit: usize) -> Vec<Match> {
        let candidates = self.candidates(pq);
        self.rescore(pq, candidates.into_iter(), threshold, limit)
    }

    /// Scores every entry (no index): the reference the index's recall is measured against.
    pub fn search_exhaustive(&self, query: &Query, threshold: f64, limit: usize) -> Vec<Match> {
        let pq = PreparedQuery::new(query.clone());
        self.rescore(&pq, 0..self.prepared.len(), threshold, limit)
    }

    fn rescore(
        &self,
        pq: &PreparedQuery,
        candidates: impl Iterator<Item = usize>,
        threshold: f64,
        limit: usize,
    ) -> Vec<Match> {
        let mut out: Vec<Match> = Vec::new();
        for i in candidates {
            let (Some(pe), Some(entry)) = (self.prepared.get(i), self.entries.get(i)) else {
                continue;
            };
            // Cheap name-only pass first: qualifiers add at most `max_bonus`, and an
            // identifier match lifts to the floor, so only those can still reach the threshold.
            if self.scorer.name_score(pq, pe) + self.scorer.max_bonus() < threshold
                && !pq.shares_identifier(pe)
            {
                continue;
            }
            let s = self.scorer.score(pq, pe);
            if s.score >= threshold {
                out.push(Match {
                    id: entry.id.clone(),
                    name: entry.names.get(s.name_index).cloned().unwrap_or_default(),
                    score: s.score,
                    reasons: s.reasons,
                    entry: i,
                });
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        out.truncate(limit);
        out
    }

    /// Candidate entries for a query, best-evidence first, at most `max_candidates`.
    pub fn candidates(&self, pq: &PreparedQuery) -> Vec<usize> {
        let n = self.prepared.len();
        let mut scratch = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| Scratch {
                acc: vec![0.0; n],
                stamp: vec![0; n],
                part_stamp: vec![0; n],
                generation: 0,
                touched: Vec::new(),
            });
        // Gather (part weight, [(key weight, posting list)]) per query part, rarest first.
        let mut groups: Vec<QueryGroup<'_>> = Vec::new();
        for name in &pq.names {
            for (w, keys) in name_key_groups(name, true) {
                let mut lists: Vec<(f32, &[u32])> = keys
                    .iter()
                    .map(|(kw, k)| (*kw, self.postings_for(*k)))
                    .filter(|(_, l)| !l.is_empty())
                    .collect();
                // Strongest evidence first, so an entry hit by several keys of one part
                // keeps the best (the part stamp stops later, weaker hits).
                lists.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.len().cmp(&b.1.len())));
                lists.dedup_by_key(|l| l.1.as_ptr() as usize);
                let total = lists.iter().map(|l| l.1.len()).sum();
                if total > 0 {
                    groups.push((w, lists, total));
                }
            }
        }
        groups.sort_by_key(|g| g.2);
        scratch.generation = scratch.generation.wrapping_add(1);
        if scratch.generation == 0 {
            scratch.stamp.iter_mut().for_each(|s| *s = 0);
            scratch.part_stamp.iter_mut().for_each(|s| *s = 0);
            scratch.generation = 1;
        }
        scratch.touched.clear();
        let qgen = scratch.generation;
        let nf = n.max(1) as f32;
        for (gi, (w, lists, _)) in groups.iter().enumerate() {
            let pgen = qgen.wrapping_mul(64).wrapping_add(gi as u32 + 1);
            let Scratch {
                acc,
                stamp,
                part_stamp,
                touched,
                ..
            } = &mut scratch;
            for (kw, list) in lists {
                let idf = (nf / (1.0 + list.len() as f32)).ln().max(0.1);
                let add = w * kw * idf;
                if list.len() <= self.config.posting_cap || touched.is_empty() {
                    for &e in list.iter() {
                        let e = e as usize;
                        let (Some(ps), Some(st), Some(a)) =
                            (part_stamp.get_mut(e), stamp.get_mut(e), acc.get_mut(e))
                        else {
                            continue;
                        };
                        if *ps == pgen {
                            continue;
                        }
                        *ps = pgen;
                        if *st != qgen {
                            *st = qgen;
                            *a = 0.0;
                            touched.push(e as u32);
                        }
                        *a += add;
                    }
                } else {
                    // Probing costs a binary search per candidate: keep the best few
                    // thousand candidates so common names stay bounded.
                    if touched.len() > PROBE_LIMIT {
                        let score = |e: &u32| acc.get(*e as usize).copied().unwrap_or(0.0);
                        touched.select_nth_unstable_by(PROBE_LIMIT, |a, b| {
                            score(b).total_cmp(&score(a))
                        });
                        touched.truncate(PROBE_LIMIT);
                    }
                    for &e in touched.iter() {
                        let eu = e as usize;
                        if part_stamp.get(eu) != Some(&pgen)
                            && list.binary_search(&e).is_ok()
                            && let (Some(a), Some(ps)) = (acc.get_mut(eu), part_stamp.get_mut(eu))
                        {
                            *ps = pgen;
                            *a += add;
                        }
                    }
                }
            }
        }
        let k = self.config.max_candidates;
        let mut touched = std::mem::take(&mut scratch.touched);
        let acc = &scratch.acc;
        let score = |e: &u32| acc.get(*e as usize).copied().unwrap_or(0.0);
        if touched.len() > k {
            touched.select_nth_unstable_by(k, |a, b| score(b).total_cmp(&score(a)));
            touched.truncate(k);
        }
        touched.sort_by(|a, b| score(b).total_cmp(&score(a)));
        let result = touched.iter().map(|e| *e as usize).collect();
        scratch.touched = touched;
        if let Ok(mut p) = self.pool.lock() {
            p.push(scratch);
        }
        result
    }

    /// Candidate-generation evidence for entry `i` (diagnostics): the accumulated
    /// score it would get and whether it is among the candidates.
    pub fn candidate_rank(&self, pq: &PreparedQuery, i: usize) -> Option<usize> {
        self.candidates(pq).iter().position(|c| *c == i)
    }

    /// Name-only comparison of a query name with entry `i`'s best name (for diagnostics).
    pub fn explain(&self, query_name: &str, i: usize) -> Option<crate::compare::NameComparison> {
        let q = crate::parts::parse_name(query_name);
        let pe = self.prepared.get(i)?;
        pe.names
            .iter()
            .map(|n| compare_names(&q, n))
            .max_by(|a, b| a.score.total_cmp(&b.score))
    }

    /// Approximate heap bytes held by the key arrays (for benchmarks).
    pub fn key_bytes(&self) -> usize {
        (self.keys.len() + self.offsets.len() + self.postings.len()) * 4
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("entries", &self.entries.len())
            .field("keys", &self.keys.len())
            .finish()
    }
}
