//! The end-to-end pipeline: bind comparisons, block, score pairs, train (or reuse) a model,
//! compute match weights with term-frequency adjustments, and cluster.

use std::sync::Arc;

use rayon::prelude::*;

use crate::blocking::{Blocker, PairBuf, RuleSummary};
use crate::cluster::{Clusters, cluster};
use crate::comparison::Comparator;
use crate::data::{Dataset, NULL_ID};
use crate::error::{LinkError, Result};
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
        let scored = this.select(&model, pairs, &evidence);
        let edges: Vec<(u32, u32, f64)> = (0..scored.weights.len())
            .map(|i| {
                (
                    scored.pairs.left.get(i).copied().unwrap_or_default(),
                    scored.pairs.right.get(i).copied().unwrap_or_default(),
                    scored.probability(i),
                )
            })
            .collect();
        let clusters = cluster(
            data.len(),
            &edges,
            this.settings.threshold,
            this.settings.bridge_threshold,
        );
        let candidate_pairs = blocking.iter().map(|b| b.generated).sum();
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
        let all_active = vec![true; comps.len()];
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
                .map(|c| !blocked.contains(&c.column.as_str()))
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
            .map(|((sum, &n), fallback)| {
                if n == 0 {
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
            .zip(comps)
            .zip(m.into_iter().zip(u_final))
            .map(|((spec, comp), (m, u))| ComparisonParams {
                spec: spec.clone(),
                labels: spec.level_labels(),
                m,
                u,
                tf_gamma: if spec.tf_adjust {
                    comp.exact_gamma()
                } else {
                    None
                },
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
        let tf = tf_tables(data, comps, model);
        let weights: Vec<f32> = (0..pairs.len())
            .into_par_iter()
            .map(|i| {
                let l = pairs.left.get(i).copied().unwrap_or_default() as usize;
                model.evidence_weight(pairs.gammas(i), |c| {
                    tf.get(c).and_then(|t| t.as_ref()).and_then(|t| t.freq(l))
                }) as f32
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

/// Relative frequency of each record's value in one column.
#[derive(Debug, Clone)]
pub(crate) struct TfTable<'a> {
    ids: &'a [u32],
    counts: &'a [u32],
    total: f64,
}

impl TfTable<'_> {
    pub(crate) fn freq(&self, row: usize) -> Option<f64> {
        let id = *self.ids.get(row)?;
        if id == NULL_ID {
            return None;
        }
        Some(f64::from(*self.counts.get(id as usize)?) / self.total)
    }
}

pub(crate) fn tf_tables<'a>(
    data: &'a Dataset,
    comps: &[Comparator],
    model: &Model,
) -> Vec<Option<TfTable<'a>>> {
    comps
        .iter()
        .zip(&model.comparisons)
        .map(|(c, p)| {
            p.tf_gamma?;
            let col = data.columns().get(c.column_index())?;
            Some(TfTable {
                ids: &col.ids,
                counts: &col.counts,
                total: (col.non_null() as f64).max(1.0),
            })
        })
        .collect()
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
