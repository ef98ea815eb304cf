//! The end-to-end pipeline: bind comparisons, block, score pairs, train (or reuse) a model,
//! compute match weights with term-frequency adjustments, and cluster.

use std::sync::Arc;

use rayon::prelude::*;

use crate::blocking::{Blocker, PairBuf, RuleSummary};
use crate::cluster::{Clusters, Constraint, cluster_with};
use crate::comparison::{Comparator, GAMMA_NULL};
use crate::data::Dataset;
use crate::error::{LinkError, Result};
use crate::guard::{self, PersonColumns};
use crate::model::{ComparisonParams, Model, probability};
use crate::names::{NameSimilarity, StrsimNames};
use crate::settings::Settings;
use crate::train::{self, EmResult};

/// Progress reporting hooks (the CLI drives a progress bar with them).
pub trait Progress: Sync {
    /// A stage starts, with the amount of work expected.
    fn start(&self, _stage: &str, _total: u64) {}
    /// Some work is done.
    fn advance(&self, _n: u64) {}
    /// The stage ends.
    fn finish(&self) {}
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;
impl Progress for NoProgress {}

/// Scored candidate pairs at or above the threshold.
#[derive(Debug, Clone, Default)]
pub struct ScoredPairs {
    /// The pairs with their gamma vectors.
    pub pairs: PairBuf,
    /// Match weight (log2 odds) per pair.
    pub weights: Vec<f32>,
}

impl ScoredPairs {
    /// The pairs `keep` accepts (by record indices).
    pub fn retain(&self, keep: impl Fn(u32, u32, &[u8]) -> bool) -> ScoredPairs {
        let mut out = ScoredPairs {
            pairs: PairBuf {
                width: self.pairs.width,
                ..PairBuf::default()
            },
            weights: Vec::new(),
        };
        for (i, (a, b)) in self.index_pairs().enumerate() {
            if !keep(a, b, self.pairs.gammas(i)) {
                continue;
            }
            out.weights
                .push(self.weights.get(i).copied().unwrap_or_default());
            out.pairs.left.push(a);
            out.pairs.right.push(b);
            out.pairs
                .rule
                .push(self.pairs.rule.get(i).copied().unwrap_or_default());
            out.pairs
                .mask
                .push(self.pairs.mask.get(i).copied().unwrap_or_default());
            out.pairs.gamma.extend_from_slice(self.pairs.gammas(i));
        }
        out
    }

    /// Match probability of pair i.
    pub fn probability(&self, i: usize) -> f64 {
        self.weights
            .get(i)
            .map_or(0.0, |&w| probability(f64::from(w)))
    }

    /// (left, right) index pairs.
    pub fn index_pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.pairs
            .left
            .iter()
            .copied()
            .zip(self.pairs.right.iter().copied())
    }
}

/// Everything a run produces.
#[derive(Debug, Clone)]
pub struct LinkOutput {
    /// The model used (trained here or supplied).
    pub model: Model,
    /// Pairs at or above the threshold.
    pub scored: ScoredPairs,
    /// Entities.
    pub clusters: Clusters,
    /// Pairs per blocking rule.
    pub blocking: Vec<RuleSummary>,
    /// Candidate pairs scored in total.
    pub candidate_pairs: u64,
}

/// Runs linkage with a configurable name-similarity backend.
#[derive(Debug, Clone)]
pub struct Linker {
    settings: Settings,
    names: Arc<dyn NameSimilarity>,
}

impl Linker {
    /// A linker with the default (`strsim` + Double Metaphone) name similarity.
    pub fn new(settings: Settings) -> Result<Self> {
        Self::with_names(settings, Arc::new(StrsimNames::default()))
    }

    /// A linker with a custom name-similarity backend (e.g. `lintas-names`).
    pub fn with_names(settings: Settings, names: Arc<dyn NameSimilarity>) -> Result<Self> {
        settings.validate()?;
        Ok(Self { settings, names })
    }

    /// The name-similarity backend.
    pub fn names(&self) -> Arc<dyn NameSimilarity> {
        self.names.clone()
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Binds the comparisons to a dataset.
    pub fn comparators(&self, data: &Dataset) -> Result<Vec<Comparator>> {
        self.settings
            .comparisons
            .iter()
            .map(|c| Comparator::new(c, data, self.names.clone()))
            .collect()
    }

    /// Blocks the dataset and scores the gamma vectors of every candidate pair.
    pub fn candidates(
        &self,
        data: &Dataset,
        comps: &[Comparator],
        progress: &dyn Progress,
    ) -> Result<(PairBuf, Vec<RuleSummary>, Blocker)> {
        let blocker = Blocker::new(
            &self.settings.blocking_rules,
            data,
            self.settings.link_type,
            self.settings.max_pairs_per_rule,
            self.names.as_ref(),
        )?;
        progress.start("comparing pairs", blocker.counts().iter().sum());
        let (pairs, summary) = blocker.generate(
            data,
            comps.len(),
            |a, b, out| {
                for (c, g) in comps.iter().zip(out.iter_mut()) {
                    *g = c.gamma(data, a, b);
                }
            },
            |n| progress.advance(n),
        );
        progress.finish();
        Ok((pairs, summary, blocker))
    }

    /// Trains a model on a dataset and links it.
    pub fn link(&self, data: &Dataset, progress: &dyn Progress) -> Result<LinkOutput> {
        self.run(data, None, progress)
    }

    /// Links a dataset with an already trained model (its comparisons and blocking rules win
    /// over the settings'; thresholds come from the settings).
    pub fn link_with_model(
        &self,
        data: &Dataset,
        model: &Model,
        progress: &dyn Progress,
    ) -> Result<LinkOutput> {
        self.run(data, Some(model), progress)
    }

    fn run(
        &self,
        data: &Dataset,
        model: Option<&Model>,
        progress: &dyn Progress,
    ) -> Result<LinkOutput> {
        let linker;
        let this = match model {
            Some(m) => {
                check_model(m, data)?;
                let mut s = self.settings.clone();
                s.comparisons = m.comparisons.iter().map(|c| c.spec.clone()).collect();
                s.blocking_rules = m.blocking_rules.clone();
                s.link_type = m.link_type;
                linker = Linker::with_names(s, self.names.clone())?;
                &linker
            }
            None => self,
        };
        let comps = this.comparators(data)?;
        let (pairs, blocking, blocker) = this.candidates(data, &comps, progress)?;
        let mut model = match model {
            Some(m) => m.clone(),
            None => this.train(data, &comps, &pairs, &blocker, progress)?,
        };
        let evidence = this.evidence(data, &comps, &model, &pairs, progress);
        if model.lambda.is_nan() {
            let total = train::total_pairs(data, model.link_type);
            let (lambda, iterations) = estimate_lambda(&evidence, total);
            model.lambda = lambda;
            model.lambda_source = format!(
                "{LAMBDA_FROM_CANDIDATES}: {:.1} expected matches among {} candidate pairs / {total} pairs ({iterations} iterations)",
                lambda * total,
                pairs.len()
            );
        }
        let mut scored = this.select(&model, pairs, &evidence);
        let person = this
            .settings
            .person
            .as_ref()
            .map(|p| PersonView::new(p, data));
        let mut rules = GuardRules::default();
        if let (Some(view), Some(cols)) = (&person, this.settings.person.as_ref()) {
            rules = GuardRules::measure(cols, view, &model, &comps, data, &scored);
            scored = scored.retain(|a, b, g| rules.pair_ok(&view.get(a), &view.get(b), g));
        }
        let edges: Vec<(u32, u32, f64)> = (0..scored.weights.len())
            .map(|i| {
                (
                    scored.pairs.left.get(i).copied().unwrap_or_default(),
                    scored.pairs.right.get(i).copied().unwrap_or_default(),
                    scored.probability(i),
                )
            })
            .collect();
        let classes = person.as_ref().map(PersonView::classes);
        let conflict = |x: u32, y: u32| match (&person, &classes) {
            (Some(v), Some((_, reps))) => {
                let rep = |c: u32| reps.get(c as usize).copied().unwrap_or_default();
                rules.conflict(&v.get(rep(x)), &v.get(rep(y)))
            }
            _ => false,
        };
        let constraint = classes.as_ref().map(|(class, _)| Constraint {
            class,
            conflict: &conflict,
        });
        let clusters = cluster_with(
            data.len(),
            &edges,
            this.settings.threshold,
            this.settings.bridge_threshold,
            constraint.as_ref(),
        );
        let candidate_pairs = blocking.iter().map(|b| b.generated).sum();
        if person.is_some() {
            model.guard = rules.describe();
        }
        Ok(LinkOutput {
            model,
            scored,
            clusters,
            blocking,
            candidate_pairs,
        })
    }

    /// Estimates u by random sampling, m by EM sessions over blocked pairs, and λ.
    pub fn train(
        &self,
        data: &Dataset,
        comps: &[Comparator],
        pairs: &PairBuf,
        blocker: &Blocker,
        progress: &dyn Progress,
    ) -> Result<Model> {
        let s = &self.settings;
        progress.start("estimating u", s.training.u_samples);
        let u = train::estimate_u(
            data,
            comps,
            s.link_type,
            s.training.u_samples,
            s.training.seed,
        );
        progress.finish();
        let m0: Vec<Vec<f64>> = comps
            .iter()
            .map(|c| train::initial_m(c.n_gammas()))
            .collect();
        // A field with a handful of values (sex, nationality) agrees by chance so often that EM,
        // left to itself, can take it for the match signal and chain strangers; its m is fixed
        // (agreement unless mis-recorded) and it takes no part in EM.
        let fixed: Vec<Option<usize>> = comps
            .iter()
            .map(|c| {
                let k = c.distinct_values(data);
                (k <= LOW_CARDINALITY).then_some(k)
            })
            .collect();
        let run_session = |active: &[bool], keep: &(dyn Fn(usize) -> bool + Sync)| -> EmResult {
            let pats = train::patterns(pairs, active, keep);
            train::em(
                &pats,
                active,
                &m0,
                &u,
                0.3,
                train::EmOptions {
                    fix_u: s.training.fix_u,
                    max_iterations: s.training.max_iterations,
                    tolerance: s.training.tolerance,
                },
            )
        };
        progress.start("expectation-maximisation", blocker.rules().len() as u64 + 1);
        // Session over all candidate pairs: a fallback for comparisons every rule blocks on,
        // and the blocked match rate used to estimate λ when nothing else is given.
        let all_active: Vec<bool> = fixed.iter().map(Option::is_none).collect();
        let global = run_session(&all_active, &|_| true);
        progress.advance(1);
        let mut sums: Vec<Vec<f64>> = m0.iter().map(|v| vec![0.0; v.len()]).collect();
        let mut counts = vec![0usize; comps.len()];
        let mut iterations = vec![global.iterations];
        let mut u_final = if s.training.fix_u {
            u.clone()
        } else {
            global.u.clone()
        };
        for (k, rule) in blocker.rules().iter().enumerate() {
            let blocked: Vec<&str> = rule.columns().collect();
            let active: Vec<bool> = s
                .comparisons
                .iter()
                .zip(&fixed)
                .map(|(c, f)| f.is_none() && !blocked.contains(&c.column.as_str()))
                .collect();
            if !active.iter().any(|&a| a) {
                continue;
            }
            let bit = 1u16 << k;
            let r = run_session(&active, &|i| {
                pairs.mask.get(i).is_some_and(|m| m & bit != 0)
            });
            progress.advance(1);
            iterations.push(r.iterations);
            if r.pairs == 0 {
                continue;
            }
            for (c, on) in active.iter().enumerate() {
                if !on {
                    continue;
                }
                if let (Some(acc), Some(est)) = (sums.get_mut(c), r.m.get(c)) {
                    acc.iter_mut().zip(est).for_each(|(a, e)| *a += e);
                }
                if let Some(n) = counts.get_mut(c) {
                    *n += 1;
                }
            }
        }
        progress.finish();
        let m: Vec<Vec<f64>> = sums
            .iter()
            .zip(&counts)
            .zip(&global.m)
            .zip(comps.iter().zip(&fixed))
            .map(|(((sum, &n), fallback), (comp, f))| {
                if f.is_some() {
                    fixed_m(comp.n_gammas())
                } else if n == 0 {
                    fallback.clone()
                } else {
                    sum.iter().map(|x| x / n as f64).collect()
                }
            })
            .collect();
        if !s.training.fix_u {
            u_final = global.u;
        }
        let total = train::total_pairs(data, s.link_type).max(1.0);
        let (lambda, lambda_source) = if let Some(p) = s.probability_two_random_records_match {
            (p, "settings".to_string())
        } else if !s.deterministic_rules.is_empty() {
            let det = Blocker::new(
                &s.deterministic_rules,
                data,
                s.link_type,
                s.max_pairs_per_rule,
                self.names.as_ref(),
            )?;
            let n = det.count_union(data.sources()) as f64;
            (
                (n / s.deterministic_recall / total).clamp(1e-12, 0.5),
                format!(
                    "{n} pairs from deterministic rules / recall {} / {total} pairs",
                    s.deterministic_recall
                ),
            )
        } else {
            // Estimated after scoring, from the candidates' weights (see `estimate_lambda`).
            (f64::NAN, LAMBDA_FROM_CANDIDATES.to_string())
        };
        let comparisons = s
            .comparisons
            .iter()
            .zip(comps.iter().zip(&fixed))
            .zip(m.into_iter().zip(u_final))
            .map(|((spec, (comp, f)), (m, u))| ComparisonParams {
                spec: spec.clone(),
                labels: spec.level_labels(),
                tf_gamma: if spec.tf_adjust {
                    comp.exact_gamma()
                } else {
                    None
                },
                tf_levels: if spec.tf_adjust {
                    comp.same_letters_gamma().into_iter().collect()
                } else {
                    Vec::new()
                },
                tf_fuzzy: if spec.tf_adjust && s.tf_fuzzy {
                    comp.tf_fuzzy_gammas()
                } else {
                    Vec::new()
                },
                estimation: match f {
                    Some(k) => format!(
                        "fixed: {k} distinct values, m = {:.2} on agreement (not learnt by EM); u from the agreement rate of random pairs",
                        m.get(1).copied().unwrap_or_default()
                    ),
                    None => "m by EM, u from random pairs".to_string(),
                },
                m,
                u,
            })
            .collect();
        Ok(Model {
            version: Model::VERSION,
            link_type: s.link_type,
            blocking_rules: s.blocking_rules.clone(),
            lambda,
            lambda_source,
            comparisons,
            tf_min: s.tf_min,
            em_iterations: iterations,
            guard: String::new(),
        })
    }

    /// Match weights of all candidate pairs; keeps those at or above the threshold.
    pub fn score(
        &self,
        data: &Dataset,
        comps: &[Comparator],
        model: &Model,
        pairs: PairBuf,
        progress: &dyn Progress,
    ) -> ScoredPairs {
        let evidence = self.evidence(data, comps, model, &pairs, progress);
        self.select(model, pairs, &evidence)
    }

    /// Per pair, the sum of the comparisons' log2 Bayes factors (the match weight without the prior).
    pub fn evidence(
        &self,
        data: &Dataset,
        comps: &[Comparator],
        model: &Model,
        pairs: &PairBuf,
        progress: &dyn Progress,
    ) -> Vec<f32> {
        progress.start("scoring", pairs.len() as u64);
        let weights: Vec<f32> = (0..pairs.len())
            .into_par_iter()
            .map(|i| {
                let l = pairs.left.get(i).copied().unwrap_or_default() as usize;
                let r = pairs.right.get(i).copied().unwrap_or_default() as usize;
                model.evidence_weight(pairs.gammas(i), |c, g| comps.get(c)?.tf_pair(data, g, l, r))
                    as f32
            })
            .collect();
        progress.advance(pairs.len() as u64);
        progress.finish();
        weights
    }

    /// Keeps the pairs whose match probability reaches the threshold.
    pub fn select(&self, model: &Model, pairs: PairBuf, evidence: &[f32]) -> ScoredPairs {
        let prior = model.prior_weight() as f32;
        let min_w = {
            let t = self.settings.threshold;
            (t / (1.0 - t)).log2() as f32
        };
        let mut out = ScoredPairs {
            pairs: PairBuf {
                width: pairs.width,
                ..PairBuf::default()
            },
            weights: Vec::new(),
        };
        for (i, &e) in evidence.iter().enumerate() {
            let w = e + prior;
            if w < min_w {
                continue;
            }
            out.weights.push(w);
            out.pairs
                .left
                .push(pairs.left.get(i).copied().unwrap_or_default());
            out.pairs
                .right
                .push(pairs.right.get(i).copied().unwrap_or_default());
            out.pairs
                .rule
                .push(pairs.rule.get(i).copied().unwrap_or_default());
            out.pairs
                .mask
                .push(pairs.mask.get(i).copied().unwrap_or_default());
            out.pairs.gamma.extend_from_slice(pairs.gammas(i));
        }
        out
    }
}

/// Which guard rules hold on this data. A rule is enforced only when the data bears it out:
/// among the confident pairs (probability ≥ 0.9999 on the other comparisons alone), at most 4 %
/// break it. Where birth dates or names are often replaced wholesale in true duplicates (FEBRL,
/// the Splink sets), the rule would cut true matches, and the model's own weights decide.
#[derive(Debug, Clone)]
pub struct GuardRules {
    /// Whole names must be close for a pair.
    pub names: bool,
    /// Birth dates must not conflict (pairs and clusters).
    pub birth: bool,
    /// Sexes must not conflict (clusters).
    pub sex: bool,
    /// Confident pairs seen and the share that broke each rule (names, birth, sex).
    pub evidence: [(usize, f64); 3],
    /// Name comparisons and their `else` gamma.
    name_else: Vec<(usize, u8)>,
    /// Name levels too weak to say the names agree: one name's parts all within the other's
    /// (`dilani` / `dilani kumari`), as twins and siblings of one household are written.
    name_weak: Vec<(usize, u8)>,
}

impl Default for GuardRules {
    fn default() -> Self {
        Self {
            names: true,
            birth: true,
            sex: true,
            evidence: [(0, 0.0); 3],
            name_else: Vec::new(),
            name_weak: Vec::new(),
        }
    }
}

/// Whether a pair breaks a rule (None: the rule cannot tell).
type RuleTest = dyn Fn(&guard::Person<'_>, &guard::Person<'_>) -> Option<bool>;

/// Largest share of confident pairs that may break a rule for it to be enforced.
const GUARD_MAX_BREAKS: f64 = 0.04;
/// Probability on the other comparisons alone that makes a pair confident.
const GUARD_CONFIDENT: f64 = 0.9999;
/// Fewer confident pairs than this cannot establish a rule; it is not enforced.
const GUARD_MIN_PAIRS: usize = 30;

impl GuardRules {
    fn measure(
        cols: &PersonColumns,
        view: &PersonView<'_>,
        model: &Model,
        comps: &[Comparator],
        data: &Dataset,
        scored: &ScoredPairs,
    ) -> Self {
        let uses = |c: &ComparisonParams, col: &Option<String>| {
            col.as_deref().is_some_and(|name| {
                c.spec.column == name || c.spec.with_columns.iter().any(|w| w == name)
            })
        };
        let index = |col: &Option<String>| -> Vec<usize> {
            model
                .comparisons
                .iter()
                .enumerate()
                .filter(|(_, c)| uses(c, col))
                .map(|(i, _)| i)
                .collect()
        };
        let names_idx: Vec<usize> = [index(&cols.given), index(&cols.family)].concat();
        let tests: [(Vec<usize>, &RuleTest); 3] = [
            // Judged on the gammas below: the name comparisons all fell to `else`. Phones
            // are left out of the confidence too: a household shares one, so a phone cannot
            // vouch for whose name is on the record (twins, siblings).
            (
                names_idx
                    .iter()
                    .copied()
                    .chain(model.comparisons.iter().enumerate().filter_map(|(i, c)| {
                        c.spec
                            .effective_levels()
                            .iter()
                            .any(|l| matches!(l, crate::comparison::Level::DigitsSuffix(_)))
                            .then_some(i)
                    }))
                    .collect(),
                &|_, _| None,
            ),
            (index(&cols.birth_date), &|a, b| match (a.birth, b.birth) {
                (Some(x), Some(y)) => Some(guard::birth_dates_conflict(x, y)),
                _ => None,
            }),
            (index(&cols.sex), &|a, b| match (a.sex, b.sex) {
                (Some(x), Some(y)) => Some(x != y),
                _ => None,
            }),
        ];
        let mut out = Self {
            name_else: names_idx
                .iter()
                .filter_map(|&c| {
                    let n = comps.get(c)?.n_gammas();
                    Some((c, u8::try_from(n.checked_sub(1)?).ok()?))
                })
                .collect(),
            name_weak: names_idx
                .iter()
                .filter_map(|&c| Some((c, comps.get(c)?)))
                .flat_map(|(c, comp)| {
                    comp.levels()
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| matches!(l, crate::comparison::Level::TokenSubset))
                        .filter_map(move |(i, _)| Some((c, u8::try_from(i + 1).ok()?)))
                })
                .collect(),
            ..Self::default()
        };
        for (k, (idx, test)) in tests.iter().enumerate() {
            let (mut seen, mut broken) = (0usize, 0usize);
            for (i, (a, b)) in scored.index_pairs().enumerate() {
                let g = scored.pairs.gammas(i);
                let l = a as usize;
                let own: f64 = model.evidence_weight(
                    &g.iter()
                        .enumerate()
                        .map(|(c, &x)| if idx.contains(&c) { x } else { 0 })
                        .collect::<Vec<u8>>(),
                    |c, gm| comps.get(c)?.tf_pair(data, gm, l, b as usize),
                );
                let total = f64::from(scored.weights.get(i).copied().unwrap_or_default());
                if probability(total - own) < GUARD_CONFIDENT {
                    continue;
                }
                let verdict = if k == 0 {
                    out.names_differ(g, both_named(&view.get(a), &view.get(b)))
                } else {
                    test(&view.get(a), &view.get(b))
                };
                if let Some(bad) = verdict {
                    seen += 1;
                    broken += usize::from(bad);
                }
            }
            let share = broken as f64 / seen.max(1) as f64;
            let hold = seen >= GUARD_MIN_PAIRS && share <= GUARD_MAX_BREAKS;
            match k {
                0 => out.names = hold,
                1 => out.birth = hold,
                _ => out.sex = hold,
            }
            if let Some(e) = out.evidence.get_mut(k) {
                *e = (seen, share);
            }
        }
        out
    }

    /// Some(true) when every name comparison of the pair fell to `else`, or to a weak level
    /// (one name's parts a subset of the other's) while both records have a given and a
    /// family name (with a field missing on one side, a subset is the expected match); None
    /// when no name comparison had values on both sides.
    fn names_differ(&self, gammas: &[u8], both_named: bool) -> Option<bool> {
        let mut any = false;
        for &(c, else_gamma) in &self.name_else {
            let g = gammas.get(c).copied().unwrap_or(GAMMA_NULL);
            if g == GAMMA_NULL {
                continue;
            }
            if g != else_gamma && !(both_named && self.name_weak.contains(&(c, g))) {
                return Some(false);
            }
            any = true;
        }
        any.then_some(true)
    }

    fn pair_ok(&self, a: &guard::Person<'_>, b: &guard::Person<'_>, gammas: &[u8]) -> bool {
        (!self.names || self.names_differ(gammas, both_named(a, b)) != Some(true))
            && !(self.birth
                && matches!((a.birth, b.birth), (Some(x), Some(y)) if guard::birth_dates_conflict(x, y)))
    }

    fn conflict(&self, a: &guard::Person<'_>, b: &guard::Person<'_>) -> bool {
        let birth = self.birth
            && matches!((a.birth, b.birth), (Some(x), Some(y)) if guard::birth_dates_conflict(x, y));
        let sex = self.sex && matches!((a.sex, b.sex), (Some(x), Some(y)) if x != y);
        birth || sex
    }

    fn describe(&self) -> String {
        let rule = |on: bool, what: &str, (n, share): (usize, f64)| {
            format!(
                "{what}: {} ({n} confident pairs, {:.1} % break it)",
                if on { "enforced" } else { "not enforced" },
                share * 100.0
            )
        };
        [
            rule(self.names, "some name level agrees", self.evidence[0]),
            rule(self.birth, "birth dates consistent", self.evidence[1]),
            rule(self.sex, "sexes consistent in a cluster", self.evidence[2]),
        ]
        .join("; ")
    }
}

/// Whether both records have a given and a family name.
fn both_named(a: &guard::Person<'_>, b: &guard::Person<'_>) -> bool {
    [a.given, a.family, b.given, b.family]
        .iter()
        .all(Option::is_some)
}

/// The person columns of a dataset, read for the guard.
pub struct PersonView<'a> {
    cols: [Option<&'a crate::data::Column>; 4],
}

impl<'a> PersonView<'a> {
    /// Binds the named person columns of `data` (absent columns read as missing).
    pub fn new(p: &PersonColumns, data: &'a Dataset) -> Self {
        let col = |name: &Option<String>| {
            let i = data.column_index(name.as_deref()?)?;
            data.columns().get(i)
        };
        Self {
            cols: [
                col(&p.given),
                col(&p.family),
                col(&p.birth_date),
                col(&p.sex),
            ],
        }
    }

    /// Record `r`'s identity fields.
    pub fn get(&self, r: u32) -> guard::Person<'a> {
        let v = |k: usize| {
            self.cols
                .get(k)
                .copied()
                .flatten()
                .and_then(|c| c.value(r as usize))
        };
        guard::Person {
            given: v(0),
            family: v(1),
            birth: v(2),
            sex: v(3),
        }
    }

    /// One class per distinct (birth date, sex): the class of each record and a representative
    /// record of each class.
    pub fn classes(&self) -> (Vec<u32>, Vec<u32>) {
        let id = |k: usize, r: usize| {
            self.cols
                .get(k)
                .copied()
                .flatten()
                .and_then(|c| c.ids.get(r).copied())
                .unwrap_or(u32::MAX)
        };
        let n = self
            .cols
            .iter()
            .flatten()
            .map(|c| c.ids.len())
            .max()
            .unwrap_or(0);
        let mut index: rustc_hash::FxHashMap<(u32, u32), u32> = rustc_hash::FxHashMap::default();
        let mut reps = Vec::new();
        let class = (0..n)
            .map(|r| {
                let next = u32::try_from(reps.len()).unwrap_or(u32::MAX);
                *index.entry((id(2, r), id(3, r))).or_insert_with(|| {
                    reps.push(r as u32);
                    next
                })
            })
            .collect();
        (class, reps)
    }
}

/// A comparison over at most this many distinct values gets fixed m instead of EM's.
pub const LOW_CARDINALITY: usize = 12;

/// Share of matching pairs assumed to disagree on a low-cardinality field (recording errors).
const FIXED_DISAGREEMENT: f64 = 0.05;

/// m of a low-cardinality comparison: agreement unless mis-recorded, the rest spread evenly.
fn fixed_m(n_gammas: usize) -> Vec<f64> {
    let rest = n_gammas.saturating_sub(2).max(1) as f64;
    (0..n_gammas)
        .map(|g| match g {
            0 => 0.0,
            1 => 1.0 - FIXED_DISAGREEMENT,
            _ => FIXED_DISAGREEMENT / rest,
        })
        .collect()
}

/// How `Model::lambda_source` marks a prior estimated from the candidate pairs.
pub const LAMBDA_FROM_CANDIDATES: &str =
    "EM over all pairs with m and u fixed, pairs outside the blocks taken as non-matches";

/// Estimates λ by EM over the whole pair space with m and u fixed: λ is the expected number of
/// matches among the candidates (the sum of their posteriors under λ) divided by all pairs,
/// iterated to a fixed point. Returns λ and the iterations used.
pub fn estimate_lambda(evidence: &[f32], total_pairs: f64) -> (f64, usize) {
    let total = total_pairs.max(1.0);
    let mut lambda = (evidence.len() as f64 / total * 0.1).clamp(1e-12, 0.5);
    for it in 1..=200 {
        let prior = (lambda / (1.0 - lambda)).log2();
        let expected: f64 = evidence
            .par_iter()
            .map(|&e| probability(f64::from(e) + prior))
            .sum();
        let next = (expected / total).clamp(1e-12, 0.5);
        if ((next - lambda) / lambda).abs() < 1e-6 {
            return (next, it);
        }
        lambda = next;
    }
    (lambda, 200)
}

/// Checks that a model's comparisons can be applied to a dataset.
pub fn check_model(model: &Model, data: &Dataset) -> Result<()> {
    if model.version != Model::VERSION {
        return Err(LinkError::ModelMismatch(format!(
            "model version {} is not {}",
            model.version,
            Model::VERSION
        )));
    }
    for c in &model.comparisons {
        data.column(
            &c.spec.column,
            &format!("model comparison `{}`", c.spec.display_name()),
        )?;
        let n = c.spec.level_labels().len();
        if c.m.len() != n || c.u.len() != n {
            return Err(LinkError::ModelMismatch(format!(
                "comparison `{}` has {} levels but {} m and {} u values",
                c.spec.display_name(),
                n,
                c.m.len(),
                c.u.len()
            )));
        }
    }
    Ok(())
}
