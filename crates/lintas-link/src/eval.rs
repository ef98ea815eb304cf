//! Evaluation against a ground-truth entity label: pairwise precision/recall/F1 of predicted
//! pairs, the same for the pairs implied by clusters, and B-cubed over clusters.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::blocking::LinkType;

/// Pairwise confusion counts and scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairMetrics {
    /// Predicted pairs that are true matches.
    pub true_positives: u64,
    /// Predicted pairs that are not.
    pub false_positives: u64,
    /// True matches not predicted.
    pub false_negatives: u64,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl PairMetrics {
    fn from_counts(tp: u64, predicted: u64, actual: u64) -> Self {
        let precision = if predicted == 0 {
            0.0
        } else {
            tp as f64 / predicted as f64
        };
        let recall = if actual == 0 {
            0.0
        } else {
            tp as f64 / actual as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            true_positives: tp,
            false_positives: predicted.saturating_sub(tp),
            false_negatives: actual.saturating_sub(tp),
            precision,
            recall,
            f1,
        }
    }
}

/// Maps truth labels to dense ids; a missing label makes the record its own entity.
pub fn truth_ids<S: AsRef<str>>(labels: &[Option<S>]) -> Vec<u32> {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut next = 0u32;
    labels
        .iter()
        .map(|l| match l {
            Some(s) => *ids.entry(s.as_ref()).or_insert_with(|| {
                next += 1;
                next - 1
            }),
            None => {
                next += 1;
                next - 1
            }
        })
        .collect()
}

fn eligible(link_type: LinkType, sources: &[u16], a: u32, b: u32) -> bool {
    link_type != LinkType::Link || sources.get(a as usize) != sources.get(b as usize)
}

/// Number of eligible pairs within groups of records sharing a label.
fn pairs_within(labels: &[u32], link_type: LinkType, sources: &[u16]) -> u64 {
    let mut groups: FxHashMap<u32, u64> = FxHashMap::default();
    let mut per_source: FxHashMap<(u32, u16), u64> = FxHashMap::default();
    for (i, &l) in labels.iter().enumerate() {
        *groups.entry(l).or_default() += 1;
        *per_source
            .entry((l, sources.get(i).copied().unwrap_or_default()))
            .or_default() += 1;
    }
    let c2 = |k: u64| k * k.saturating_sub(1) / 2;
    let all: u64 = groups.values().map(|&k| c2(k)).sum();
    if link_type == LinkType::Link {
        all - per_source.values().map(|&k| c2(k)).sum::<u64>()
    } else {
        all
    }
}

/// Pairwise metrics of predicted pairs against truth ids (one per record).
pub fn pairwise(
    predicted: impl IntoIterator<Item = (u32, u32)>,
    truth: &[u32],
    link_type: LinkType,
    sources: &[u16],
) -> PairMetrics {
    let (mut tp, mut n) = (0u64, 0u64);
    for (a, b) in predicted {
        if !eligible(link_type, sources, a, b) {
            continue;
        }
        n += 1;
        if truth.get(a as usize).is_some() && truth.get(a as usize) == truth.get(b as usize) {
            tp += 1;
        }
    }
    PairMetrics::from_counts(tp, n, pairs_within(truth, link_type, sources))
}

/// Pairwise metrics of the pairs implied by a clustering (every two records in one cluster).
pub fn cluster_pairwise(
    clusters: &[u32],
    truth: &[u32],
    link_type: LinkType,
    sources: &[u16],
) -> PairMetrics {
    let both: Vec<u32> = {
        let mut ids: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        clusters
            .iter()
            .zip(truth)
            .map(|(&c, &t)| {
                let next = ids.len() as u32;
                *ids.entry((c, t)).or_insert(next)
            })
            .collect()
    };
    PairMetrics::from_counts(
        pairs_within(&both, link_type, sources),
        pairs_within(clusters, link_type, sources),
        pairs_within(truth, link_type, sources),
    )
}

/// B-cubed precision, recall and F1 of a clustering against truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BCubed {
    /// Mean over records of the share of its cluster that truly matches it.
    pub precision: f64,
    /// Mean over records of the share of its true entity found in its cluster.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// B-cubed scores (Bagga & Baldwin 1998).
pub fn b_cubed(clusters: &[u32], truth: &[u32]) -> BCubed {
    let mut cell: FxHashMap<(u32, u32), f64> = FxHashMap::default();
    let mut csize: FxHashMap<u32, f64> = FxHashMap::default();
    let mut tsize: FxHashMap<u32, f64> = FxHashMap::default();
    for (&c, &t) in clusters.iter().zip(truth) {
        *cell.entry((c, t)).or_default() += 1.0;
        *csize.entry(c).or_default() += 1.0;
        *tsize.entry(t).or_default() += 1.0;
    }
    let n = clusters.len().min(truth.len()) as f64;
    if n == 0.0 {
        return BCubed {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (&(c, t), &k) in &cell {
        p += k * k / csize.get(&c).copied().unwrap_or(1.0);
        r += k * k / tsize.get(&t).copied().unwrap_or(1.0);
    }
    let (p, r) = (p / n, r / n);
    BCubed {
        precision: p,
        recall: r,
        f1: if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts() {
        let truth = truth_ids(&[Some("a"), Some("a"), Some("a"), Some("b"), None]);
        let src = [0u16; 5];
        // true pairs: (0,1),(0,2),(1,2)
        let m = pairwise([(0, 1), (2, 3)], &truth, LinkType::Dedupe, &src);
        assert_eq!(
            (m.true_positives, m.false_positives, m.false_negatives),
            (1, 1, 2)
        );
        assert!((m.precision - 0.5).abs() < 1e-12 && (m.recall - 1.0 / 3.0).abs() < 1e-12);
        let c = cluster_pairwise(&[0, 0, 1, 1, 2], &truth, LinkType::Dedupe, &src);
        assert_eq!(
            (c.true_positives, c.false_positives, c.false_negatives),
            (1, 1, 2)
        );
    }

    #[test]
    fn b_cubed_perfect_and_merged() {
        let truth = [0, 0, 1, 1];
        assert_eq!(b_cubed(&[5, 5, 7, 7], &truth).f1, 1.0);
        let merged = b_cubed(&[0, 0, 0, 0], &truth);
        assert!((merged.precision - 0.5).abs() < 1e-12 && merged.recall == 1.0);
    }

    #[test]
    fn link_mode_counts_only_cross_source_pairs() {
        let truth = [0, 0, 0];
        let src = [0u16, 0, 1];
        let m = pairwise([(0, 2), (0, 1)], &truth, LinkType::Link, &src);
        assert_eq!((m.true_positives, m.false_negatives), (1, 1));
    }
}
