//! Parameter estimation as Splink does it: u from randomly sampled record pairs, m by
//! expectation–maximisation over blocked pairs (one session per blocking rule, each leaving out
//! the comparisons whose columns the rule blocks on, with u held fixed), and the prior λ
//! estimated separately.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::blocking::{LinkType, PairBuf};
use crate::comparison::{Comparator, GAMMA_NULL};
use crate::data::Dataset;
use crate::model::PROB_FLOOR;

/// Maximum number of comparisons in one model (gamma patterns are packed in a fixed array).
pub const MAX_COMPARISONS: usize = 32;

type Pattern = [u8; MAX_COMPARISONS];

/// Number of record pairs eligible under a link type.
pub fn total_pairs(data: &Dataset, link_type: LinkType) -> f64 {
    let n = data.len() as f64;
    let all = n * (n - 1.0) / 2.0;
    match link_type {
        LinkType::Dedupe | LinkType::LinkAndDedupe => all,
        LinkType::Link => {
            let same: f64 = data
                .source_sizes()
                .iter()
                .map(|&k| (k as f64) * (k as f64 - 1.0) / 2.0)
                .sum();
            all - same
        }
    }
}

/// u probabilities from `samples` random eligible pairs (seeded). Levels never seen among the
/// sample get one pseudo-count so their weight stays finite.
pub fn estimate_u(
    data: &Dataset,
    comps: &[Comparator],
    link_type: LinkType,
    samples: u64,
    seed: u64,
) -> Vec<Vec<f64>> {
    let n = data.len();
    let sources = data.sources();
    let mut rng = StdRng::seed_from_u64(seed);
    let eligible_total = total_pairs(data, link_type);
    let samples = (samples as f64).min(eligible_total).max(0.0) as usize;
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(samples);
    if n >= 2 && eligible_total >= 1.0 {
        let mut attempts = 0usize;
        while pairs.len() < samples && attempts < samples.saturating_mul(50) {
            attempts += 1;
            let a = rng.random_range(0..n);
            let b = rng.random_range(0..n);
            if a == b || (link_type == LinkType::Link && sources.get(a) == sources.get(b)) {
                continue;
            }
            pairs.push((a as u32, b as u32));
        }
    }
    let zero: Vec<Vec<u64>> = comps.iter().map(|c| vec![0u64; c.n_gammas()]).collect();
    let counts = pairs
        .par_iter()
        .fold(
            || zero.clone(),
            |mut acc, &(a, b)| {
                for (c, slot) in comps.iter().zip(acc.iter_mut()) {
                    let g = usize::from(c.gamma(data, a as usize, b as usize));
                    if let Some(x) = slot.get_mut(g) {
                        *x += 1;
                    }
                }
                acc
            },
        )
        .reduce(
            || zero.clone(),
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    for (p, q) in x.iter_mut().zip(y) {
                        *p += q;
                    }
                }
                a
            },
        );
    counts
        .iter()
        .map(|c| {
            let non_null: u64 = c.iter().skip(1).sum();
            let denom = (non_null as f64).max(1.0) + 1.0;
            c.iter()
                .enumerate()
                .map(|(g, &k)| {
                    if g == 0 {
                        0.0
                    } else {
                        (k as f64).max(if k == 0 { 1.0 } else { 0.0 }) / denom
                    }
                })
                .collect()
        })
        .collect()
}

/// Starting m: geometrically decreasing from the most similar level.
pub fn initial_m(n_gammas: usize) -> Vec<f64> {
    let levels = n_gammas.saturating_sub(1);
    let raw: Vec<f64> = (0..levels).map(|i| 0.5f64.powi(i as i32)).collect();
    let sum: f64 = raw.iter().sum();
    std::iter::once(0.0)
        .chain(raw.iter().map(|x| x / sum.max(f64::MIN_POSITIVE)))
        .collect()
}

/// Result of one EM session.
#[derive(Debug, Clone)]
pub struct EmResult {
    /// m per comparison (only active comparisons were updated).
    pub m: Vec<Vec<f64>>,
    /// u per comparison (updated only when not fixed).
    pub u: Vec<Vec<f64>>,
    /// Proportion of matches among the session's pairs.
    pub lambda: f64,
    /// Iterations run.
    pub iterations: usize,
    /// Pairs the session used.
    pub pairs: u64,
}

/// Distinct gamma patterns (inactive comparisons set to null) with their counts over the pairs
/// selected by `keep`.
pub fn patterns(
    pairs: &PairBuf,
    active: &[bool],
    keep: impl Fn(usize) -> bool + Sync,
) -> Vec<(Pattern, u64)> {
    let map = (0..pairs.len())
        .into_par_iter()
        .filter(|&i| keep(i))
        .fold(FxHashMap::<Pattern, u64>::default, |mut m, i| {
            let mut key = [GAMMA_NULL; MAX_COMPARISONS];
            for ((k, &g), &on) in key.iter_mut().zip(pairs.gammas(i)).zip(active) {
                if on {
                    *k = g;
                }
            }
            *m.entry(key).or_default() += 1;
            m
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    map.into_iter().collect()
}

/// How EM runs.
#[derive(Debug, Clone, Copy)]
pub struct EmOptions {
    /// Hold u fixed.
    pub fix_u: bool,
    /// Iteration cap.
    pub max_iterations: usize,
    /// Stop when no parameter moves more than this.
    pub tolerance: f64,
}

/// Expectation–maximisation over gamma patterns.
pub fn em(
    patterns: &[(Pattern, u64)],
    active: &[bool],
    m_init: &[Vec<f64>],
    u_init: &[Vec<f64>],
    lambda_init: f64,
    opts: EmOptions,
) -> EmResult {
    let EmOptions {
        fix_u,
        max_iterations,
        tolerance,
    } = opts;
    let mut m = m_init.to_vec();
    let mut u = u_init.to_vec();
    let mut lambda = lambda_init.clamp(1e-4, 0.9999);
    let total: u64 = patterns.iter().map(|(_, c)| c).sum();
    let mut iterations = 0;
    if total == 0 {
        return EmResult {
            m,
            u,
            lambda,
            iterations,
            pairs: 0,
        };
    }
    for _ in 0..max_iterations {
        iterations += 1;
        let mut m_acc: Vec<Vec<f64>> = m.iter().map(|v| vec![0.0; v.len()]).collect();
        let mut u_acc: Vec<Vec<f64>> = u.iter().map(|v| vec![0.0; v.len()]).collect();
        let mut match_mass = 0.0;
        for (pat, count) in patterns {
            let (mut pm, mut pu) = (lambda, 1.0 - lambda);
            for (c, &g) in pat.iter().enumerate().take(m.len()) {
                if g == GAMMA_NULL || !active.get(c).copied().unwrap_or(false) {
                    continue;
                }
                let g = usize::from(g);
                pm *= m
                    .get(c)
                    .and_then(|v| v.get(g))
                    .copied()
                    .unwrap_or(PROB_FLOOR)
                    .max(PROB_FLOOR);
                pu *= u
                    .get(c)
                    .and_then(|v| v.get(g))
                    .copied()
                    .unwrap_or(PROB_FLOOR)
                    .max(PROB_FLOOR);
            }
            let r = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
            let n = *count as f64;
            match_mass += r * n;
            for (c, &g) in pat.iter().enumerate().take(m.len()) {
                if g == GAMMA_NULL {
                    continue;
                }
                let g = usize::from(g);
                if let Some(x) = m_acc.get_mut(c).and_then(|v| v.get_mut(g)) {
                    *x += r * n;
                }
                if let Some(x) = u_acc.get_mut(c).and_then(|v| v.get_mut(g)) {
                    *x += (1.0 - r) * n;
                }
            }
        }
        let mut change: f64 = 0.0;
        for (c, on) in active.iter().enumerate() {
            if !on {
                continue;
            }
            let targets: Vec<(&mut Vec<f64>, &Vec<f64>)> = if fix_u {
                m.get_mut(c).into_iter().zip(m_acc.get(c)).collect()
            } else {
                m.get_mut(c)
                    .into_iter()
                    .zip(m_acc.get(c))
                    .chain(u.get_mut(c).into_iter().zip(u_acc.get(c)))
                    .collect()
            };
            for (cur, acc) in targets {
                let s: f64 = acc.iter().sum();
                if s <= 0.0 {
                    continue;
                }
                for (x, a) in cur.iter_mut().zip(acc).skip(1) {
                    let nx = a / s;
                    change = change.max((nx - *x).abs());
                    *x = nx;
                }
            }
        }
        let new_lambda = (match_mass / total as f64).clamp(1e-9, 1.0 - 1e-9);
        change = change.max((new_lambda - lambda).abs());
        lambda = new_lambda;
        if change < tolerance {
            break;
        }
    }
    EmResult {
        m,
        u,
        lambda,
        iterations,
        pairs: total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simulated gamma patterns with known m and u: EM with fixed u must recover m and λ.
    #[test]
    fn em_recovers_known_parameters() {
        let m_true = [
            vec![0.0, 0.8, 0.15, 0.05],
            vec![0.0, 0.9, 0.1],
            vec![0.0, 0.7, 0.2, 0.1],
        ];
        let u_true = [
            vec![0.0, 0.01, 0.09, 0.9],
            vec![0.0, 0.05, 0.95],
            vec![0.0, 0.02, 0.08, 0.9],
        ];
        let lambda_true = 0.2;
        let mut counts: FxHashMap<Pattern, u64> = FxHashMap::default();
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..200_000 {
            let is_match = rng.random::<f64>() < lambda_true;
            let mut pat = [0u8; MAX_COMPARISONS];
            for c in 0..3 {
                let dist = if is_match { &m_true[c] } else { &u_true[c] };
                let x: f64 = rng.random();
                let mut acc = 0.0;
                for (g, p) in dist.iter().enumerate().skip(1) {
                    acc += p;
                    if x < acc {
                        pat[c] = g as u8;
                        break;
                    }
                }
                if pat[c] == 0 {
                    pat[c] = (dist.len() - 1) as u8;
                }
            }
            *counts.entry(pat).or_default() += 1;
        }
        let pats: Vec<_> = counts.into_iter().collect();
        let m0: Vec<Vec<f64>> = m_true.iter().map(|v| initial_m(v.len())).collect();
        let opts = EmOptions {
            fix_u: true,
            max_iterations: 200,
            tolerance: 1e-7,
        };
        let r = em(&pats, &[true; 3], &m0, &u_true, 0.5, opts);
        assert!((r.lambda - lambda_true).abs() < 0.01, "lambda {}", r.lambda);
        for (est, truth) in r.m.iter().zip(&m_true) {
            for (a, b) in est.iter().zip(truth) {
                assert!((a - b).abs() < 0.02, "{est:?} vs {truth:?}");
            }
        }
    }

    #[test]
    fn initial_m_sums_to_one_and_decreases() {
        let m = initial_m(5);
        assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(m[1] > m[2] && m[2] > m[3] && m[3] > m[4]);
    }
}
