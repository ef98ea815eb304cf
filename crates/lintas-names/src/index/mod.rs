//! In-memory watchlist index: candidate generation from an inverted index over name-part
//! keys, then exact re-scoring of the candidates with the [`Scorer`].
//!
//! Names are interned: each distinct name string is parsed and keyed once (a *form*),
//! postings map keys to forms, and a form lists the entries that carry it. A query
//! ranks forms by IDF-weighted key evidence ([`candidates`]), computes the exact name
//! similarity of the best forms once each, and expands the forms that can reach the
//! threshold to their entries, whose final score (qualifiers included) is the
//! scorer's own. Entries sharing a document number with the query are always scored.

mod build;
mod candidates;
mod keys;

use crate::compare::{CommonPartRule, NameUnits, PartMemo};
use crate::model::{Entry, Query};
use crate::score::{PreparedQuery, Scorer};
use build::Built;
use candidates::Scratch;
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
    /// How many distinct names (best evidence first) are re-scored exactly.
    pub max_candidates: usize,
    /// How many candidates long posting lists are checked for.
    pub probe_limit: usize,
    /// How matches carried by common name parts are lowered.
    pub common: CommonPartRule,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            posting_cap: 2_000,
            max_candidates: 64,
            probe_limit: 400,
            common: CommonPartRule::default(),
        }
    }
}

/// An in-memory, read-only watchlist index. `Sync`: share one across threads.
pub struct Index {
    entries: Vec<Entry>,
    built: Built,
    scorer: Scorer,
    config: IndexConfig,
    pool: Mutex<Vec<Scratch>>,
}

/// An entry that reached the threshold: its score, then its position.
struct Hit {
    score: f64,
    entry: u32,
}

impl Index {
    /// Builds an index with the default scorer and limits.
    pub fn build(entries: Vec<Entry>) -> Index {
        Index::build_with(entries, Scorer::default(), IndexConfig::default())
    }

    /// Builds an index with the given scorer and limits (parallel over the available
    /// cores, through rayon's global pool).
    pub fn build_with(entries: Vec<Entry>, scorer: Scorer, config: IndexConfig) -> Index {
        let built = build::build(&entries);
        Index {
            entries,
            built,
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

    /// Number of distinct names (an entry's names and aliases, identical strings once).
    pub fn distinct_names(&self) -> usize {
        self.built.forms.len()
    }

    /// The entry at position `i`.
    pub fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    /// The scorer used for re-scoring.
    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }

    /// Matches for `query` at or above `threshold`, best first, at most `limit`.
    pub fn search(&self, query: &Query, threshold: f64, limit: usize) -> Vec<Match> {
        let pq = PreparedQuery::new(query.clone());
        self.search_prepared(&pq, threshold, limit)
    }

    /// As [`Index::search`], for a query already prepared.
    pub fn search_prepared(&self, pq: &PreparedQuery, threshold: f64, limit: usize) -> Vec<Match> {
        if limit == 0 {
            return Vec::new();
        }
        let mut s = self.scratch();
        s.begin();
        let forms = self.candidate_forms(pq, &mut s, self.config.max_candidates);
        let mut memo = self.memo();
        let qunits: Vec<NameUnits<'_>> = pq.names.iter().map(NameUnits::new).collect();
        let hits = self.expand(pq, &qunits, &mut s, &mut memo, &forms, threshold, limit);
        let out = self.matches(pq, hits, Some((&mut memo, &s)));
        self.release(s);
        out
    }

    /// Scores every entry (no index): the reference the index's recall is measured against.
    pub fn search_exhaustive(&self, query: &Query, threshold: f64, limit: usize) -> Vec<Match> {
        let pq = PreparedQuery::new(query.clone());
        let mut hits: Vec<Hit> = Vec::new();
        for (e, quals) in self.built.quals.iter().enumerate() {
            if !self.admits(&pq, e) {
                continue;
            }
            // A memo per entry: the same comparisons as the index's, with nothing shared.
            let mut memo = self.memo();
            let ns = self
                .entry_forms(e)
                .map(|n| self.scorer.name_score_memo(&pq, n, &mut memo))
                .fold(0.0, f64::max);
            let score = self.scorer.qualified_score(&pq, quals, ns);
            if score >= threshold {
                hits.push(Hit {
                    score,
                    entry: e as u32,
                });
            }
        }
        self.sort_hits(&mut hits);
        hits.truncate(limit);
        self.matches(&pq, hits, None)
    }

    /// A part-similarity memo for one query, with the list's part frequencies.
    fn memo(&self) -> PartMemo<'_> {
        PartMemo::with_freq(&self.built.freq, self.config.common)
    }

    /// The explained score of entry `e` when the query has one name and the entry's
    /// name similarities are memoised in `s` (they are for every entry `expand`
    /// considered): only the best name is compared again, with explanation, instead of
    /// every name. `None` when that does not apply.
    fn explain_best<'a>(
        &'a self,
        pq: &PreparedQuery,
        e: usize,
        memo: &mut PartMemo<'a>,
        s: &Scratch,
    ) -> Option<crate::score::Scored> {
        let [qn] = pq.names.as_slice() else {
            return None;
        };
        let quals = self.built.quals.get(e)?;
        // As `Scorer::best_name`: the first name with the highest similarity; none
        // when every similarity is 0.
        let mut best: Option<(f64, usize, &crate::parts::NameParts)> = None;
        for (ei, f) in self
            .built
            .entry_forms
            .row(e)
            .iter()
            .filter(|&&f| self.built.forms.get(f as usize).is_some())
            .enumerate()
        {
            let sim = s.cached_sim(*f as usize)?;
            if sim > best.map_or(0.0, |b| b.0) {
                best = Some((sim, ei, self.built.forms.get(*f as usize)?));
            }
        }
        Some(match best {
            Some((_, ei, form)) => {
                let cmp = crate::compare::compare_names_memo(qn, form, memo, 0);
                self.scorer.scored_from(pq, quals, cmp.score, ei, &cmp)
            }
            None => self.scorer.scored_from(
                pq,
                quals,
                0.0,
                0,
                &crate::compare::NameComparison::default(),
            ),
        })
    }

    /// True when entry `e`'s kind may match the query (persons only unless the query
    /// asks for every entity type).
    fn admits(&self, pq: &PreparedQuery, e: usize) -> bool {
        self.entries
            .get(e)
            .is_some_and(|entry| pq.query.admits(entry.kind))
    }

    fn entry_forms(&self, e: usize) -> impl Iterator<Item = &crate::parts::NameParts> + Clone {
        self.built
            .entry_forms
            .row(e)
            .iter()
            .filter_map(|&f| self.built.forms.get(f as usize))
    }

    fn scratch(&self) -> Scratch {
        self.pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| Scratch::new(self.built.forms.len()))
    }

    fn release(&self, s: Scratch) {
        if let Ok(mut p) = self.pool.lock() {
            p.push(s);
        }
    }

    /// Exact name similarity of form `f` to the query, memoised for this query.
    fn form_sim<'a>(
        &'a self,
        qunits: &[NameUnits<'_>],
        s: &mut Scratch,
        memo: &mut PartMemo<'a>,
        f: usize,
    ) -> f64 {
        if let Some(v) = s.cached_sim(f) {
            return v;
        }
        let v = self
            .built
            .forms
            .get(f)
            .map_or(0.0, |n| self.scorer.name_score_units(qunits, n, memo));
        s.store_sim(f, v);
        v
    }

    /// The entries of the candidate forms (and those sharing a document number with
    /// the query) that reach the threshold, best first, at most `limit`.
    #[allow(clippy::too_many_arguments)]
    fn expand<'a>(
        &'a self,
        pq: &PreparedQuery,
        qunits: &[NameUnits<'_>],
        s: &mut Scratch,
        memo: &mut PartMemo<'a>,
        forms: &[u32],
        threshold: f64,
        limit: usize,
    ) -> Vec<Hit> {
        let mut ranked: Vec<(f64, u32)> = forms
            .iter()
            .map(|&f| (self.form_sim(qunits, s, memo, f as usize), f))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let bonus = self.scorer.max_bonus();
        let qualified = pq.has_qualifiers();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut hits: Vec<Hit> = Vec::new();
        let mut consider = |this: &'a Self,
                            s: &mut Scratch,
                            memo: &mut PartMemo<'a>,
                            e: u32,
                            hits: &mut Vec<Hit>| {
            let eu = e as usize;
            if !this.admits(pq, eu) || !seen.insert(e) {
                return;
            }
            let ns = this
                .built
                .entry_forms
                .row(eu)
                .iter()
                .map(|&g| this.form_sim(qunits, s, memo, g as usize))
                .fold(0.0, f64::max);
            let Some(quals) = this.built.quals.get(eu) else {
                return;
            };
            let score = this.scorer.qualified_score(pq, quals, ns);
            if score >= threshold {
                hits.push(Hit { score, entry: e });
            }
        };
        for id in pq.identifiers() {
            if let Some(list) = self.built.identifiers.get(id.as_str()) {
                for &e in list {
                    consider(self, s, memo, e, &mut hits);
                }
            }
        }
        for &(sim, f) in &ranked {
            // Qualifiers add at most `bonus` (document numbers were handled above).
            if sim + bonus < threshold {
                break;
            }
            let mut at_sim = 0usize;
            for &e in self.built.form_entries.row(f as usize) {
                if !self.admits(pq, e as usize) {
                    continue;
                }
                consider(self, s, memo, e, &mut hits);
                // Entries are in id order: when every one scores the name similarity
                // (no qualifiers in the query), later ones with the same score lose
                // the tie-break to the first `limit`.
                if !qualified {
                    at_sim += 1;
                    if at_sim >= limit {
                        break;
                    }
                }
            }
        }
        self.sort_hits(&mut hits);
        hits.truncate(limit);
        hits
    }

    fn sort_hits(&self, hits: &mut [Hit]) {
        let id = |e: u32| self.entries.get(e as usize).map_or("", |x| x.id.as_str());
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| id(a.entry).cmp(id(b.entry)))
        });
    }

    /// Explained matches for ranked hits (reasons are built for these only).
    fn matches<'a>(
        &'a self,
        pq: &PreparedQuery,
        hits: Vec<Hit>,
        mut memo: Option<(&mut PartMemo<'a>, &Scratch)>,
    ) -> Vec<Match> {
        hits.into_iter()
            .filter_map(|h| {
                let eu = h.entry as usize;
                let entry = self.entries.get(eu)?;
                let quals = self.built.quals.get(eu)?;
                let best = memo
                    .as_mut()
                    .and_then(|(m, s)| self.explain_best(pq, eu, m, s));
                let scored = match best {
                    Some(scored) => scored,
                    None => match memo.as_mut() {
                        Some((m, _)) => self.scorer.score_parts_memo(
                            pq,
                            self.entry_forms(eu),
                            quals,
                            Some(&mut **m),
                        ),
                        None => self.scorer.score_parts_memo(
                            pq,
                            self.entry_forms(eu),
                            quals,
                            Some(&mut self.memo()),
                        ),
                    },
                };
                Some(Match {
                    id: entry.id.clone(),
                    name: entry
                        .names
                        .get(scored.name_index)
                        .cloned()
                        .unwrap_or_default(),
                    score: scored.score,
                    reasons: scored.reasons,
                    entry: eu,
                })
            })
            .collect()
    }

    /// Candidate entries for a query, best evidence first (diagnostics): the entries
    /// of the best `max_candidates` distinct names.
    pub fn candidates(&self, pq: &PreparedQuery) -> Vec<usize> {
        let mut s = self.scratch();
        s.begin();
        let forms = self.candidate_forms(pq, &mut s, self.config.max_candidates);
        self.release(s);
        forms
            .iter()
            .flat_map(|&f| self.built.form_entries.row(f as usize).iter())
            .map(|&e| e as usize)
            .collect()
    }

    /// Position of entry `i` among the candidates for `pq` (diagnostics).
    pub fn candidate_rank(&self, pq: &PreparedQuery, i: usize) -> Option<usize> {
        self.candidates(pq).iter().position(|c| *c == i)
    }

    /// Name-only comparison of a query name with entry `i`'s best name (for diagnostics).
    pub fn explain(&self, query_name: &str, i: usize) -> Option<crate::compare::NameComparison> {
        let q = crate::parts::parse_name(query_name);
        let mut memo = self.memo();
        self.entry_forms(i)
            .map(|n| crate::compare::compare_names_memo(&q, n, &mut memo, 0))
            .max_by(|a, b| a.score.total_cmp(&b.score))
    }

    /// Approximate heap bytes held by the key and row arrays (for benchmarks).
    pub fn key_bytes(&self) -> usize {
        self.built.keys.len() * 4
            + self.built.postings.heap_bytes()
            + self.built.entry_forms.heap_bytes()
            + self.built.form_entries.heap_bytes()
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("entries", &self.entries.len())
            .field("distinct_names", &self.built.forms.len())
            .field("keys", &self.built.keys.len())
            .finish()
    }
}
