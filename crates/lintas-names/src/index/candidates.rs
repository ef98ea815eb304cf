//! Candidate generation: IDF-weighted evidence per distinct name (form), accumulated
//! from the posting lists of the query parts' keys.
//!
//! Short posting lists are scanned; long ones (common parts, short skeletons) only add
//! evidence to the best candidates found so far, by binary search. When the parts with
//! a short list carry less than half of the query's weight, the strongest lists of the
//! rarest remaining parts are scanned too, so that a name made only of common parts is
//! still found.

use super::Index;
use super::keys::name_key_groups;
use crate::score::PreparedQuery;

/// Evidence of one form during a query (16 bytes: four to a cache line, and one line
/// access per posting; the slot array of a million-entry list then mostly stays in
/// cache).
#[derive(Clone, Copy, Default)]
struct Slot {
    /// Query parts that hit the form, one bit per part; 0 while the form is not a
    /// candidate of the current query.
    hit: u32,
    /// IDF-weighted evidence.
    acc: f32,
    /// Query part weight matched (without IDF), for the length penalty.
    matched: f32,
    /// Query part weight matched, each times the similarity its key implies.
    sim: f32,
}

/// Per-query working memory, pooled so that `search` takes `&self`.
pub(super) struct Scratch {
    slots: Vec<Slot>,
    generation: u32,
    touched: Vec<u32>,
    /// Every form that became a candidate in this query (its slot is reset after).
    created: Vec<u32>,
    /// Packed (rank, form) keys of [`Scratch::keep_best`].
    ranked: Vec<u64>,
    /// Working keys of [`Scratch::narrow`].
    sample: Vec<u64>,
    /// Name similarity per form, valid where `sim_stamp` equals the generation.
    sim: Vec<f64>,
    sim_stamp: Vec<u32>,
}

impl Scratch {
    pub(super) fn new(forms: usize) -> Scratch {
        Scratch {
            slots: vec![Slot::default(); forms],
            generation: 0,
            touched: Vec::new(),
            created: Vec::new(),
            ranked: Vec::new(),
            sample: Vec::new(),
            sim: vec![0.0; forms],
            sim_stamp: vec![0; forms],
        }
    }

    /// Starts a query: invalidates memoised similarities (evidence slots were reset
    /// when the previous query's candidates were chosen).
    pub(super) fn begin(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.sim_stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.touched.clear();
    }

    /// Asks the CPU to start loading form `f`'s slot: postings are scattered over the
    /// slot array, which at a million entries does not stay in cache.
    #[inline(always)]
    fn prefetch(&self, f: u32) {
        if let Some(slot) = self.slots.get(f as usize) {
            prefetch(slot);
        }
    }

    /// Clears the evidence of this query's candidates.
    fn reset_slots(&mut self) {
        for &f in &self.created {
            if let Some(slot) = self.slots.get_mut(f as usize) {
                *slot = Slot::default();
            }
        }
        self.created.clear();
    }

    /// Adds evidence `add` (query part weight `w`, part bit `bit`, `simw` = `w` times
    /// the key's [`key_similarity`]) to form `f`, once per part; a form not yet a
    /// candidate becomes one only when `new_ok`.
    fn credit(&mut self, f: u32, bit: u32, add: f32, w: f32, simw: f32, new_ok: bool) {
        let Some(slot) = self.slots.get_mut(f as usize) else {
            return;
        };
        if slot.hit == 0 {
            if !new_ok {
                return;
            }
            self.touched.push(f);
            self.created.push(f);
        }
        if slot.hit & bit != 0 {
            return;
        }
        slot.hit |= bit;
        slot.acc += add;
        slot.matched += w;
        slot.sim += simw;
    }

    /// Keeps the `k` touched forms of highest rank, best first (ties: lower form id).
    fn keep_best(&mut self, rank: impl Fn(Slot, f32) -> f32, weights: &[f32], k: usize) {
        let slots = &self.slots;
        let touched = &self.touched;
        self.ranked.clear();
        // (rank descending, form id ascending) packed into one u64 compared as an
        // integer: selection over thousands of touched forms is the hot part.
        self.ranked
            .extend(touched.iter().enumerate().map(|(i, &f)| {
                // Form weights are read in no order: load them ahead.
                if let Some(w) = touched
                    .get(i + PREFETCH_AHEAD)
                    .and_then(|&g| weights.get(g as usize))
                {
                    prefetch(w);
                }
                let slot = slots.get(f as usize).copied().unwrap_or_default();
                let bits = rank(slot, weights.get(f as usize).copied().unwrap_or(0.0)).to_bits();
                // f32 total order as an unsigned integer, then inverted for descending.
                let ordered = if bits & 0x8000_0000 != 0 {
                    !bits
                } else {
                    bits | 0x8000_0000
                };
                (u64::from(!ordered) << 32) | u64::from(f)
            }));
        if self.ranked.len() > k {
            self.narrow(k);
            self.ranked.select_nth_unstable(k);
            self.ranked.truncate(k);
        }
        self.ranked.sort_unstable();
        self.touched.clear();
        self.touched
            .extend(self.ranked.iter().map(|&r| (r & 0xffff_ffff) as u32));
    }

    /// Drops keys of `ranked` that cannot be among its `k` smallest, when a sample
    /// shows that most cannot: the selection then partitions hundreds of keys rather
    /// than thousands. Keys are distinct (the form id is in them), so when at least `k`
    /// keys are at most `t`, the `k` smallest all are.
    fn narrow(&mut self, k: usize) {
        let n = self.ranked.len();
        if n < 4 * k || k == 0 {
            return;
        }
        self.sample.clear();
        self.sample
            .extend(self.ranked.iter().step_by((n / 256).max(1)).copied());
        // Twice the sample's share of the `k` best, so the cut rarely falls short.
        let want = k * self.sample.len() / n * 2 + 8;
        if want >= self.sample.len() {
            return;
        }
        let (_, &mut t, _) = self.sample.select_nth_unstable(want);
        self.sample.clear();
        self.sample.extend(self.ranked.iter().filter(|&&x| x <= t));
        if self.sample.len() >= k {
            std::mem::swap(&mut self.ranked, &mut self.sample);
        }
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

/// Candidate rank of a form: its evidence, lowered like the name comparison lowers a
/// score for the form's parts the query did not hit (without this, an exact short name
/// drowns among the many longer names sharing its parts).
fn rank(slot: Slot, weight: f32) -> f32 {
    let m = slot.matched.max(0.1);
    let extra = (weight - m).max(0.0);
    slot.acc * m / (m + EXTRA_PENALTY * extra)
}

/// The name similarity a key hit suggests (by its evidence weight: exact spelling,
/// listed variant, skeleton, one deletion), as the name comparison counts it (fuzzy
/// similarities squared).
fn key_similarity(kw: f32) -> f32 {
    if kw >= 0.95 {
        1.0
    } else if kw >= 0.85 {
        0.93
    } else if kw >= 0.5 {
        0.72
    } else {
        0.55
    }
}

/// Estimated name similarity of a form, shaped like the name comparison's score:
/// matched weight against the query's and the form's leftover parts, a conflict
/// factor when both have leftovers. Candidates are finally chosen by it, since the
/// exact score (which knows nothing of rarity) decides what is returned.
fn estimate(slot: Slot, form_weight: f32, query_weight: f32) -> f32 {
    let m = slot.matched.min(query_weight).max(1e-3);
    let avg = (slot.sim / slot.matched.max(1e-3)).min(1.0);
    let uq = (query_weight - m).max(0.0);
    let uc = (form_weight - m).max(0.0);
    let (pq, pc, conflict) = if uq > 0.05 && uc > 0.05 {
        (1.0, 1.0, 0.7)
    } else {
        (0.8, 0.45, 1.0)
    };
    avg * 2.0 * m / (2.0 * m + pq * uq + pc * uc) * conflict
}

/// Weight of a form's unmatched parts in the candidate ranking (the name comparison's
/// penalty for parts the query lacks).
const EXTRA_PENALTY: f32 = 0.45;

/// Asks the CPU to start loading the cache line of `x` (a hint: no effect on results).
#[inline(always)]
pub(super) fn prefetch<T>(x: &T) {
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing into the program; the address
    // is a valid reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            std::ptr::from_ref(x).cast(),
        );
    }
}

/// How many probed forms ahead of the one checked its key row is prefetched.
const PROBE_AHEAD: usize = 4;

/// How many postings ahead of the one credited its slot is prefetched.
const PREFETCH_AHEAD: usize = 16;

/// Query parts tracked separately per form (bits of `Slot::hit`).
const MAX_GROUPS: usize = 32;

/// Lists of at least this key weight (exact spelling, skeleton) open a common part.
const OPEN_KEY_WEIGHT: f32 = 0.5;

/// A query part's posting lists: (part weight, [(key weight, postings)], total length).
type QueryGroup<'a> = (f32, Vec<(f32, &'a [u32], u32)>, usize);

/// A common key of the query, checked on the best candidates rather than scanned.
struct LongKey {
    bit: u32,
    add: f32,
    w: f32,
    simw: f32,
    key: u32,
}

/// The long keys of a query as a small set: a 256-bit filter on the key's low bits,
/// then the distinct keys with the positions (bits) in the long-key list that carry
/// them. A candidate's keys are checked in one pass instead of one search per key.
struct LongKeySet {
    filter: [u64; 4],
    keys: Vec<(u32, u64)>,
}

impl LongKeySet {
    /// `None` when there are more long keys than bits in a mask.
    fn new(long: &[LongKey]) -> Option<LongKeySet> {
        if long.len() > 64 {
            return None;
        }
        let mut filter = [0u64; 4];
        let mut keys: Vec<(u32, u64)> = Vec::with_capacity(long.len());
        for (i, l) in long.iter().enumerate() {
            if let Some(w) = filter.get_mut(((l.key >> 6) & 3) as usize) {
                *w |= 1 << (l.key & 63);
            }
            match keys.iter_mut().find(|(k, _)| *k == l.key) {
                Some((_, m)) => *m |= 1 << i,
                None => keys.push((l.key, 1 << i)),
            }
        }
        Some(LongKeySet { filter, keys })
    }

    /// The positions of the long keys among `form_keys`, as a mask.
    fn found_in(&self, form_keys: &[u32]) -> u64 {
        let mut found = 0;
        for &k in form_keys {
            let w = self
                .filter
                .get(((k >> 6) & 3) as usize)
                .copied()
                .unwrap_or(0);
            if w & (1 << (k & 63)) != 0
                && let Some((_, m)) = self.keys.iter().find(|(x, _)| *x == k)
            {
                found |= m;
            }
        }
        found
    }
}

impl Index {
    fn postings_for(&self, key: u32) -> &[u32] {
        let h = (key >> 16) as usize;
        let (Some(&lo), Some(&hi)) = (self.built.key_dir.get(h), self.built.key_dir.get(h + 1))
        else {
            return &[];
        };
        let bucket = self.built.keys.get(lo as usize..hi as usize).unwrap_or(&[]);
        match bucket.binary_search(&key) {
            Ok(i) => self.built.postings.row(lo as usize + i),
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
                let mut lists: Vec<(f32, &[u32], u32)> = keys
                    .iter()
                    .map(|(kw, k)| (*kw, self.postings_for(*k), *k))
                    .filter(|l| !l.1.is_empty())
                    .collect();
                // Strongest evidence first, so a form hit by several keys of one part
                // keeps the best (the part's bit stops later, weaker hits).
                lists.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.len().cmp(&b.1.len())));
                lists.dedup_by_key(|l| l.1.as_ptr() as usize);
                let total = lists.iter().map(|l| l.1.len()).sum();
                if total > 0 {
                    groups.push((w, lists, total));
                }
            }
        }
        // The query's weight as the comparison counts it: single core parts, best name.
        let query_weight = pq
            .names
            .iter()
            .map(|n| {
                n.parts()
                    .filter(|p| p.tag.weight() >= 0.8)
                    .map(|p| p.weight() as f32)
                    .sum::<f32>()
            })
            .fold(0.0f32, f32::max);
        // A form's hit parts are a bit mask: parts beyond it (garbage-long queries)
        // give no evidence.
        groups.truncate(MAX_GROUPS);
        let nf = self.built.forms.len().max(1) as f32;
        let cap = self.config.posting_cap;
        let idf = |len: usize| (nf / (1.0 + len as f32)).ln().max(0.1);
        let bit = |gi: usize| 1u32 << gi.min(31);
        // Which lists are scanned: the short ones, plus the strong lists of the rarest
        // common parts until half of the query's weight is covered.
        let mut scan: Vec<Vec<bool>> = groups
            .iter()
            .map(|g| g.1.iter().map(|l| l.1.len() <= cap).collect())
            .collect();
        let total: f32 = groups.iter().map(|g| g.0).sum();
        let mut covered: f32 = groups
            .iter()
            .zip(&scan)
            .filter(|(_, sc)| sc.iter().any(|x| *x))
            .map(|(g, _)| g.0)
            .sum();
        while covered < 0.5 * total {
            let Some((gi, _)) = groups
                .iter()
                .enumerate()
                .filter(|(gi, _)| scan.get(*gi).is_some_and(|sc| !sc.iter().any(|x| *x)))
                .min_by_key(|(_, g)| g.1.first().map_or(usize::MAX, |l| l.1.len()))
            else {
                break;
            };
            let (Some(g), Some(sc)) = (groups.get(gi), scan.get_mut(gi)) else {
                break;
            };
            for (x, l) in sc.iter_mut().zip(&g.1) {
                *x = l.0 >= OPEN_KEY_WEIGHT;
            }
            if let Some(first) = sc.first_mut() {
                *first = true;
            }
            covered += g.0;
        }
        // Within a part, strongest key first, since a part counts once per form.
        for (gi, ((w, lists, _), sc)) in groups.iter().zip(&scan).enumerate() {
            for ((kw, list, _), _) in lists.iter().zip(sc).filter(|(_, x)| **x) {
                let add = w * kw * idf(list.len());
                let simw = w * key_similarity(*kw);
                for (i, &f) in list.iter().enumerate() {
                    if let Some(&ahead) = list.get(i + PREFETCH_AHEAD) {
                        s.prefetch(ahead);
                    }
                    s.credit(f, bit(gi), add, *w, simw, true);
                }
            }
        }
        let weights = &self.built.form_weight;
        let has_long = scan.iter().any(|sc| sc.iter().any(|x| !*x));
        if has_long {
            s.keep_best(rank, weights, self.config.probe_limit);
            // Probe through each candidate's own sorted keys (a few dozen, contiguous)
            // rather than searching the long posting lists.
            let mut long: Vec<LongKey> = Vec::new();
            for (gi, ((w, lists, _), sc)) in groups.iter().zip(&scan).enumerate() {
                for ((kw, list, key), _) in lists.iter().zip(sc).filter(|(_, x)| !**x) {
                    long.push(LongKey {
                        bit: bit(gi),
                        add: w * kw * idf(list.len()),
                        w: *w,
                        simw: w * key_similarity(*kw),
                        key: *key,
                    });
                }
            }
            let probe = s.touched.clone();
            match LongKeySet::new(&long) {
                Some(set) => {
                    let rows = &self.built.form_keys;
                    for (i, &f) in probe.iter().enumerate() {
                        // Key rows are scattered: load a later form's row bounds, and
                        // the row of a nearer one, ahead.
                        if let Some(&g) = probe.get(i + 2 * PROBE_AHEAD) {
                            rows.prefetch_bounds(g as usize);
                        }
                        if let Some(k) = probe
                            .get(i + PROBE_AHEAD)
                            .and_then(|&g| rows.row(g as usize).first())
                        {
                            prefetch(k);
                        }
                        // Which long keys the form has, credited in `long`'s order
                        // (strongest key of a part first), as the search below does.
                        let mut found = set.found_in(self.built.form_keys.row(f as usize));
                        while found != 0 {
                            let i = found.trailing_zeros() as usize;
                            found &= found - 1;
                            if let Some(l) = long.get(i) {
                                s.credit(f, l.bit, l.add, l.w, l.simw, false);
                            }
                        }
                    }
                }
                None => {
                    for &f in &probe {
                        let keys = self.built.form_keys.row(f as usize);
                        for l in &long {
                            if keys.binary_search(&l.key).is_ok() {
                                s.credit(f, l.bit, l.add, l.w, l.simw, false);
                            }
                        }
                    }
                }
            }
        }
        // Half the candidates by estimated similarity (what the exact score decides),
        // the rest by evidence (rare parts shared: the identity signal a list check is
        // after, even when the estimate is off).
        let all = s.touched.clone();
        s.keep_best(|slot, w| estimate(slot, w, query_weight), weights, k / 2);
        let mut out = s.touched.clone();
        s.touched = all;
        s.keep_best(rank, weights, k);
        for &f in &s.touched {
            if out.len() >= k {
                break;
            }
            if !out.contains(&f) {
                out.push(f);
            }
        }
        s.reset_slots();
        out
    }
}
