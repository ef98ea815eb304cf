//! Trained Fellegi–Sunter parameters and match weights.

use serde::{Deserialize, Serialize};

use crate::blocking::{BlockingRule, LinkType};
use crate::comparison::{ComparisonSpec, GAMMA_NULL};

/// Smallest probability used in a log ratio, so an unseen level never yields an infinite weight.
pub const PROB_FLOOR: f64 = 1e-6;

/// Parameters of one comparison: m and u per gamma value (index 0, the null level, unused).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonParams {
    /// The comparison.
    pub spec: ComparisonSpec,
    /// Labels per gamma value (null, levels…, else).
    pub labels: Vec<String>,
    /// P(level | match).
    pub m: Vec<f64>,
    /// P(level | non-match).
    pub u: Vec<f64>,
    /// Gamma of the exact level when term-frequency adjustment applies to it.
    #[serde(default)]
    pub tf_gamma: Option<u8>,
    /// Further gammas whose Bayes factor is term-frequency adjusted (e.g. the same letters in
    /// another order of a whole name), with the frequency of the value that level compares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tf_levels: Vec<u8>,
    /// Fuzzy gammas (a name with a variant spelling, a dropped part) whose Bayes factor is
    /// scaled by how common the name is, as Splink's term-frequency adjustment of fuzzy
    /// levels: m/u × u(exact)/tf, with tf the frequency of the commoner of the two values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tf_fuzzy: Vec<u8>,
    /// How m and u were obtained (EM, or fixed for a low-cardinality field), for the record.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub estimation: String,
}

impl ComparisonParams {
    /// log2 Bayes factor of a gamma value (0 for the null level).
    pub fn log2_bf(&self, gamma: u8) -> f64 {
        if gamma == GAMMA_NULL {
            return 0.0;
        }
        let g = usize::from(gamma);
        let m = self.m.get(g).copied().unwrap_or(PROB_FLOOR).max(PROB_FLOOR);
        let u = self.u.get(g).copied().unwrap_or(PROB_FLOOR).max(PROB_FLOOR);
        (m / u).log2()
    }

    /// log2 Bayes factor of an exact agreement on a value with relative frequency `tf`:
    /// m / tf in place of m / u, so agreeing on a common value counts for less.
    pub fn log2_bf_tf(&self, gamma: u8, tf: f64, tf_min: f64) -> f64 {
        let g = usize::from(gamma);
        let m = self.m.get(g).copied().unwrap_or(PROB_FLOOR).max(PROB_FLOOR);
        (m / tf.max(tf_min).max(PROB_FLOOR)).log2()
    }

    /// log2 Bayes factor of a fuzzy level on a name of frequency `tf`: the level's m/u scaled
    /// by u(exact)/tf, the boost for a rare name capped at [`TF_FUZZY_MAX_BOOST`] bits.
    pub fn log2_bf_tf_fuzzy(&self, gamma: u8, tf: f64, tf_min: f64) -> f64 {
        let base = self.log2_bf(gamma);
        let Some(ue) = self
            .tf_gamma
            .and_then(|e| self.u.get(usize::from(e)).copied())
        else {
            return base;
        };
        let scale = (ue.max(PROB_FLOOR) / tf.max(tf_min).max(PROB_FLOOR)).log2();
        base + scale.min(TF_FUZZY_MAX_BOOST)
    }
}

/// Most a rare name may add (in bits) to a fuzzy level's weight: a variant spelling of a rare
/// name is strong evidence, but the level's u was measured over all names.
pub const TF_FUZZY_MAX_BOOST: f64 = 4.0;

impl ComparisonParams {
    /// Whether gamma `g` is term-frequency adjusted as an exact agreement.
    fn tf_exact(&self, g: u8) -> bool {
        g != GAMMA_NULL && (self.tf_gamma == Some(g) || self.tf_levels.contains(&g))
    }
}

/// A trained model, serialisable to `model.json` and reusable on new data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Format version.
    pub version: u32,
    /// Dedupe or link.
    pub link_type: LinkType,
    /// Blocking rules used to generate candidate pairs.
    pub blocking_rules: Vec<BlockingRule>,
    /// Prior probability that two random records match (λ).
    pub lambda: f64,
    /// How λ was estimated.
    pub lambda_source: String,
    /// Per-comparison parameters.
    pub comparisons: Vec<ComparisonParams>,
    /// Lower bound on the relative frequency used in term-frequency adjustments.
    pub tf_min: f64,
    /// EM iterations run per training session (for the record).
    pub em_iterations: Vec<usize>,
    /// The person guard's rules as measured on the data this model linked (for the record).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guard: String,
}

impl Model {
    /// Current format version.
    pub const VERSION: u32 = 1;

    /// Prior log2 odds.
    pub fn prior_weight(&self) -> f64 {
        let l = self.lambda.clamp(PROB_FLOOR, 1.0 - PROB_FLOOR);
        (l / (1.0 - l)).log2()
    }

    /// Match weight of a gamma vector. `tf(c)` gives the relative frequency of the agreed value
    /// for comparisons with term-frequency adjustment when the pair agrees exactly.
    pub fn match_weight(&self, gammas: &[u8], tf: impl Fn(usize, u8) -> Option<f64>) -> f64 {
        self.prior_weight() + self.evidence_weight(gammas, tf)
    }

    /// The match weight without the prior: the sum of the comparisons' log2 Bayes factors.
    pub fn evidence_weight(&self, gammas: &[u8], tf: impl Fn(usize, u8) -> Option<f64>) -> f64 {
        let mut w = 0.0;
        for (c, (p, &g)) in self.comparisons.iter().zip(gammas).enumerate() {
            let fuzzy = g != GAMMA_NULL && p.tf_fuzzy.contains(&g);
            let f = if p.tf_exact(g) || fuzzy {
                tf(c, g)
            } else {
                None
            };
            w += match f {
                Some(f) if fuzzy => p.log2_bf_tf_fuzzy(g, f, self.tf_min),
                Some(f) => p.log2_bf_tf(g, f, self.tf_min),
                None => p.log2_bf(g),
            };
        }
        w
    }
}

/// Converts a match weight (log2 odds) to a probability.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comparison::Preset;

    fn params(tf: bool) -> ComparisonParams {
        ComparisonParams {
            spec: ComparisonSpec::preset("surname", Preset::Exact, tf),
            labels: vec!["null".into(), "exact".into(), "else".into()],
            m: vec![0.0, 0.9, 0.1],
            u: vec![0.0, 0.01, 0.99],
            tf_gamma: tf.then_some(1),
            tf_levels: vec![],
            tf_fuzzy: vec![],
            estimation: String::new(),
        }
    }

    #[test]
    fn weights_follow_fellegi_sunter() {
        let model = Model {
            version: 1,
            link_type: LinkType::Dedupe,
            blocking_rules: vec![],
            lambda: 0.5,
            lambda_source: "test".into(),
            comparisons: vec![params(true)],
            tf_min: 0.0,
            em_iterations: vec![],
            guard: String::new(),
        };
        assert!((model.match_weight(&[1], |_, _| None) - (90f64).log2()).abs() < 1e-9);
        assert_eq!(model.match_weight(&[0], |_, _| None), 0.0);
        // A common surname (20 % of records) is weaker evidence than a rare one (0.1 %).
        let common = model.match_weight(&[1], |_, _| Some(0.2));
        let rare = model.match_weight(&[1], |_, _| Some(0.001));
        assert!(common < rare);
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn fuzzy_levels_weigh_by_the_commoner_name_with_a_capped_boost() {
        let mut p = params(true);
        p.labels = vec![
            "null".into(),
            "exact".into(),
            "variant".into(),
            "else".into(),
        ];
        p.m = vec![0.0, 0.6, 0.3, 0.1];
        p.u = vec![0.0, 0.001, 0.004, 0.995];
        p.tf_fuzzy = vec![2];
        let base = p.log2_bf(2);
        // A name ten times commoner than the average agreement weighs 3.3 bits less.
        let common = p.log2_bf_tf_fuzzy(2, 0.01, 0.0);
        assert!((base - common - 10f64.log2()).abs() < 1e-9);
        // A very rare name gains at most the cap.
        let rare = p.log2_bf_tf_fuzzy(2, 1e-7, 0.0);
        assert!((rare - base - TF_FUZZY_MAX_BOOST).abs() < 1e-9);
        let model = Model {
            version: 1,
            link_type: LinkType::Dedupe,
            blocking_rules: vec![],
            lambda: 0.5,
            lambda_source: "test".into(),
            comparisons: vec![p],
            tf_min: 0.0,
            em_iterations: vec![],
            guard: String::new(),
        };
        assert!((model.evidence_weight(&[2], |_, _| Some(0.01)) - common).abs() < 1e-9);
        assert!((model.evidence_weight(&[2], |_, _| None) - base).abs() < 1e-9);
    }
}
