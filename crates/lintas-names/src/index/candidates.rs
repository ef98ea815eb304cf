//! Candidate generation: IDF-weighted evidence per distinct name, accumulated from the
//! posting lists of the query parts' keys, rarest part first.

use super::Index;
use super::keys::name_key_groups;
use crate::score::PreparedQuery;

/// Per-query working memory, pooled so that `search` takes `&self`.
pub(super) struct Scratch {
    acc: Vec<f32>,
    /// Query part weight matched per form (without IDF), for the length penalty.
    matched: Vec<f32>,
    stamp: Vec<u32>,
    /// Query parts that hit the form (bit per part), valid where `stamp` is current.
    hit: Vec<u64>,
    generation: u32,
    touched: Vec<u32>,
    /// Name similarity per form, valid where `sim_stamp` equals the generation.
    pub(super) sim: Vec<f64>,
    sim_stamp: Vec<u32>,
}

impl Scratch {
    pub(super) fn new(forms: usize) -> Scratch {
        Scratch {
            acc: vec![0.0; forms],
            matched: vec![0.0; forms],
            stamp: vec![0; forms],
            hit: vec![0; forms],
            generation: 0,
            touched: Vec::new(),
            sim: vec![0.0; forms],
            sim_stamp: vec![0; forms],
        }
    }

    /// Starts a query: invalidates accumulated evidence and memoised similarities.
    pub(super) fn begin(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.sim_stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.touched.clear();
    }

    /// Adds evidence `add` (query part weight `w`, part bit `bit`) to form `f`, once
    /// per part; a form not yet a candidate becomes one only when `new_ok`.
    fn credit(&mut self, f: u32, bit: u64, add: f32, w: f32, new_ok: bool) {
        let fu = f as usize;
        let qgen = self.generation;
        let (Some(h), Some(st), Some(a), Some(m)) = (
            self.hit.get_mut(fu),
            self.stamp.get_mut(fu),
            self.acc.get_mut(fu),
            self.matched.get_mut(fu),
        ) else {
            return;
        };
        if *st != qgen {
            if !new_ok {
                return;
            }
            *st = qgen;
            *a = 0.0;
            *m = 0.0;
            *h = 0;
            self.touched.push(f);
        }
        if *h & bit != 0 {
            return;
        }
        *h |= bit;
        *a += add;
        *m += w;
    }

    /// The memoised similarity of form `f`, if computed during this query.
    pub(super) fn cached_sim(&self, f: usize) -> Option<f64> {
        (self.sim_stamp.get(f) == Some(&self.generation))
            .then(|| self.sim.get(f).copied())
            .flatten()
    }

    pub(super) fn store_sim(&mut self, f: usize, s: f64) {
        if let (Some(v), Some(st)) = (self.sim.get_mut(f), self.sim_stamp.get_mut(f)) {
            *v = s;
            *st = self.generation;
        }
    }
}

/// A query part's posting lists: (part weight, [(key weight, postings)], total length).
type QueryGroup<'a> = (f32, Vec<(f32, &'a [u32])>, usize);

/// Weight of a form's unmatched parts in the candidate ranking (the name comparison's
/// penalty for parts the query lacks).
const EXTRA_PENALTY: f32 = 0.45;

/// Query parts tracked separately per form.
const MAX_GROUPS: usize = 64;

/// Most candidates kept when long posting lists are probed rather than scanned.
const PROBE_LIMIT: usize = 2_000;

/// Candidate rank of form `f`: its evidence, lowered like the name comparison lowers
/// a score for the form's parts the query did not hit (without this, an exact short
/// name drowns among the many longer names sharing its parts).
fn rank(acc: &[f32], matched: &[f32], weights: &[f32], f: u32) -> f32 {
    let fu = f as usize;
    let a = acc.get(fu).copied().unwrap_or(0.0);
    let m = matched.get(fu).copied().unwrap_or(0.0).max(0.1);
    let extra = (weights.get(fu).copied().unwrap_or(0.0) - m).max(0.0);
    a * m / (m + EXTRA_PENALTY * extra)
}

impl Index {
    fn postings_for(&self, key: u32) -> &[u32] {
        match self.built.keys.binary_search(&key) {
            Ok(i) => self.built.postings.row(i),
            Err(_) => &[],
        }
    }

    /// The forms with the most evidence for `pq`, best first, at most `k`.
    pub(super) fn candidate_forms(
        &self,
        pq: &PreparedQuery,
        s: &mut Scratch,
        k: usize,
    ) -> Vec<u32> {
        let mut groups: Vec<QueryGroup<'_>> = Vec::new();
        for name in &pq.names {
            for (w, keys) in name_key_groups(name, true) {
                let mut lists: Vec<(f32, &[u32])> = keys
                    .iter()
                    .map(|(kw, k)| (*kw, self.postings_for(*k)))
                    .filter(|(_, l)| !l.is_empty())
                    .collect();
                // Strongest evidence first, so a form hit by several keys of one part
                // keeps the best (the part stamp stops later, weaker hits).
                lists.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.len().cmp(&b.1.len())));
                lists.dedup_by_key(|l| l.1.as_ptr() as usize);
                let total = lists.iter().map(|l| l.1.len()).sum();
                if total > 0 {
                    groups.push((w, lists, total));
                }
            }
        }
        // A form's hit parts are a 64-bit mask: parts beyond it (garbage-long queries)
        // give no evidence.
        groups.truncate(MAX_GROUPS);
        let nf = self.built.forms.len().max(1) as f32;
        let cap = self.config.posting_cap;
        let idf = |len: usize| (nf / (1.0 + len as f32)).ln().max(0.1);
        // Phase 1: every short posting list is scanned (rare spellings and skeletons
        // find their forms whatever else the query holds); within a part, strongest key
        // first, since a part counts once per form.
        for (gi, (w, lists, _)) in groups.iter().enumerate() {
            let bit = 1u64 << gi.min(63);
            for (kw, list) in lists.iter().filter(|l| l.1.len() <= cap) {
                let add = w * kw * idf(list.len());
                for &f in list.iter() {
                    s.credit(f, bit, add, *w, true);
                }
            }
        }
        // Every part is common: the shortest list opens the candidate set.
        let mut opened: Option<*const u32> = None;
        if s.touched.is_empty()
            && let Some((gi, w, kw, list)) = groups
                .iter()
                .enumerate()
                .flat_map(|(gi, (w, lists, _))| lists.iter().map(move |(kw, l)| (gi, *w, *kw, *l)))
                .min_by_key(|x| x.3.len())
        {
            let add = w * kw * idf(list.len());
            for &f in list {
                s.credit(f, 1u64 << gi.min(63), add, w, true);
            }
            opened = Some(list.as_ptr());
        }
        // Phase 2: long lists (common parts) only add evidence to the best candidates,
        // by binary search: keep the best few thousand so common names stay bounded.
        let has_long = groups.iter().any(|g| {
            g.1.iter()
                .any(|l| l.1.len() > cap && Some(l.1.as_ptr()) != opened)
        });
        if has_long && s.touched.len() > PROBE_LIMIT {
            let weights = &self.built.form_weight;
            let (acc, matched) = (&s.acc, &s.matched);
            let score = |f: &u32| rank(acc, matched, weights, *f);
            s.touched
                .select_nth_unstable_by(PROBE_LIMIT, |a, b| score(b).total_cmp(&score(a)));
            s.touched.truncate(PROBE_LIMIT);
        }
        if has_long {
            let probe = s.touched.clone();
            for (gi, (w, lists, _)) in groups.iter().enumerate() {
                let bit = 1u64 << gi.min(63);
                for (kw, list) in lists
                    .iter()
                    .filter(|l| l.1.len() > cap && Some(l.1.as_ptr()) != opened)
                {
                    let add = w * kw * idf(list.len());
                    for &f in &probe {
                        if list.binary_search(&f).is_ok() {
                            s.credit(f, bit, add, *w, false);
                        }
                    }
                }
            }
        }
        let weights = &self.built.form_weight;
        let (acc, matched) = (&s.acc, &s.matched);
        let score = |f: &u32| rank(acc, matched, weights, *f);
        let mut best = s.touched.clone();
        if best.len() > k {
            best.select_nth_unstable_by(k, |a, b| score(b).total_cmp(&score(a)));
            best.truncate(k);
        }
        best.sort_by(|a, b| score(b).total_cmp(&score(a)).then_with(|| a.cmp(b)));
        best
    }
}
