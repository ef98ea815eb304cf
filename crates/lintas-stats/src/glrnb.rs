//! The negative-binomial GLR-CUSUM of Höhle & Paul (2008), as R's `surveillance::glrnb`
//! with its defaults: the in-control mean `mu0` is fitted on the periods before the
//! evaluated range (`y ~ 1 + cos(2 pi t / freq) + sin(2 pi t / freq)` by `MASS::glm.nb`,
//! which also gives the dispersion `alpha = 1/theta` unless it is fixed), the change is an
//! intercept shift `mu1 = mu0 * exp(kappa)` in the increasing direction, the GLR
//! statistic is maximised over all change points since the last alarm (`M = -1`,
//! `Mtilde = 1`), and an alarm at `c.ARL` (default 5) restarts the chart.
//!
//! Implemented options: `c.ARL`, `alpha` (estimated, fixed, or 0 for the Poisson chart),
//! `dir` (inc/dec), `M` (window), the harmonics `S` and `trend` of the mu0 model.
//! Not implemented: `change = "epi"`, known `theta` (the plain CUSUM), `mu0` refitting.
//!
//! `ret = "cases"` is computed as the smallest count at a period that would raise the
//! statistic to `c.ARL` there (R finds the same number by stepping one case at a time,
//! and returns 1e99 for periods with zero cases in its negative-binomial version).

use crate::error::StatsError;
use crate::glm::{Family, glm_fit};
use crate::glm_nb::glm_nb;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inc,
    Dec,
}

impl Direction {
    fn sign(self) -> f64 {
        match self {
            Direction::Inc => 1.0,
            Direction::Dec => -1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GlrnbControl {
    pub c_arl: f64,
    /// `None`: estimated as `1/theta` by `glm.nb`; `Some(0.0)`: Poisson chart.
    pub alpha: Option<f64>,
    pub mtilde: usize,
    /// Window: look back at most `M` periods; `None` is R's `M = -1` (no limit).
    pub m: Option<usize>,
    pub dir: Direction,
    /// Harmonics of the mu0 model.
    pub s: usize,
    pub trend: bool,
    /// Compute the number of cases needed for an alarm (R's `ret = "cases"`).
    pub cases: bool,
}

impl Default for GlrnbControl {
    fn default() -> Self {
        GlrnbControl {
            c_arl: 5.0,
            alpha: None,
            mtilde: 1,
            m: None,
            dir: Direction::Inc,
            s: 1,
            trend: false,
            cases: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GlrnbResult {
    pub mu0: f64,
    /// The GLR statistic (R's `upperbound` with `ret = "value"`).
    pub glr: f64,
    /// Cases needed at this period for an alarm (R's `ret = "cases"`).
    pub cases: Option<f64>,
    pub alarm: bool,
}

/// The fitted in-control model for the periods `range_start..n`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mu0 {
    pub mu0: Vec<f64>,
    /// Dispersion used by the chart (0 for Poisson).
    pub alpha: f64,
}

fn design_row(t: f64, freq: f64, ctl: &GlrnbControl) -> Vec<f64> {
    let mut r = vec![1.0];
    if ctl.trend {
        r.push(t);
    }
    for s in 1..=ctl.s {
        let a = 2.0 * s as f64 * std::f64::consts::PI / freq * t;
        r.push(a.cos());
        r.push(a.sin());
    }
    r
}

/// `estimateGLRNbHook`: fit on periods `0..range_start` (R's `t = 1..range[1]-1`).
pub fn estimate_mu0(
    counts: &[u64],
    freq: usize,
    range_start: usize,
    ctl: &GlrnbControl,
) -> Result<Mu0, StatsError> {
    if range_start == 0 || range_start >= counts.len() {
        return Err(StatsError::Control {
            name: "range",
            reason: "glrnb needs baseline periods before the evaluated range".into(),
        });
    }
    let f = freq as f64;
    let rows: Vec<Vec<f64>> = (1..=range_start)
        .map(|t| design_row(t as f64, f, ctl))
        .collect();
    let p = rows[0].len();
    let x: Vec<Vec<f64>> = (0..p)
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect();
    let y: Vec<f64> = counts[..range_start].iter().map(|&c| c as f64).collect();
    let (fit, alpha) = match ctl.alpha {
        None => {
            let (fit, theta) = glm_nb(&x, &y)?;
            (fit, 1.0 / theta)
        }
        Some(0.0) => (
            glm_fit(&x, &y, &vec![1.0; y.len()], Family::Poisson, None)?,
            0.0,
        ),
        Some(a) => (
            glm_fit(&x, &y, &vec![1.0; y.len()], Family::NegBin(1.0 / a), None)?,
            a,
        ),
    };
    let mu0 = (range_start + 1..=counts.len())
        .map(|t| {
            fit.linear_predictor(&design_row(t as f64, f, ctl))
                .exp()
                .max(f64::EPSILON)
        })
        .collect();
    Ok(Mu0 { mu0, alpha })
}

/// Poisson GLR at `n` (R's C `glr`: every change point from `n` back to 0).
fn glr_pois(n: usize, x: &[f64], mu0: &[f64], dir: f64) -> f64 {
    let mut max = -1e99;
    let (mut sumx, mut summu0) = (0.0, 0.0);
    for k in (0..=n).rev() {
        sumx += x[k];
        summu0 += mu0[k];
        let kappa = dir * (dir * (sumx / summu0).ln()).max(0.0);
        let sum = kappa * sumx + (1.0 - kappa.exp()) * summu0;
        if sum > max {
            max = sum;
        }
    }
    max
}

/// Negative-binomial GLR at `n` (R's C `glr_nb_window`), with its Newton iterations.
fn glr_nb(
    n: usize,
    x: &[f64],
    mu0: &[f64],
    alpha: f64,
    dir: f64,
    low: usize,
    mtilde: usize,
) -> f64 {
    let mut max = -1e99;
    let mut kappa_ml = 0.5;
    let up = n + 1 - mtilde;
    for k in low..=up {
        let mut kappa_old = 0.4;
        let mut kappa_new: f64 = kappa_ml;
        let mut iter = 0;
        while kappa_new > -18.0 && (kappa_new - kappa_old).abs() > 1e-6 && iter < 1000 {
            iter += 1;
            kappa_old = kappa_new;
            let e = kappa_old.exp();
            let (mut score, mut fisher) = (0.0, 0.0);
            for i in k..=n {
                let d = 1.0 + alpha * e * mu0[i];
                score += (x[i] - e * mu0[i]) / d;
                fisher += mu0[i] * (alpha * x[i] + 1.0) / (d * d);
            }
            kappa_new = kappa_old + score / (e * fisher);
        }
        kappa_ml = dir * (dir * kappa_new).max(0.0);
        let e = kappa_ml.exp();
        let lnk: f64 = (k..=n)
            .map(|i| {
                kappa_ml * x[i]
                    + (x[i] + 1.0 / alpha)
                        * ((1.0 + alpha * mu0[i]) / (1.0 + alpha * mu0[i] * e)).ln()
            })
            .sum();
        if lnk > max {
            max = lnk;
        }
    }
    max
}

/// Run the chart over `x` (the evaluated range) with in-control means `mu0`.
pub fn glr_chart(
    x: &[u64],
    model: &Mu0,
    ctl: &GlrnbControl,
) -> Result<Vec<GlrnbResult>, StatsError> {
    if ctl.c_arl.is_nan()
        || ctl.c_arl <= 0.0
        || ctl.mtilde == 0
        || model.mu0.len() != x.len()
        || (model.alpha == 0.0 && ctl.m.is_some())
    {
        return Err(StatsError::Control {
            name: "glrnb",
            reason: "c.ARL must be positive, Mtilde at least 1, mu0 as long as the data, no window M for the Poisson chart".into(),
        });
    }
    let xf: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let dir = ctl.dir.sign();
    let alpha = model.alpha;
    let mut out = Vec::with_capacity(x.len());
    let mut seg = 0;
    while seg < x.len() {
        let xs = &xf[seg..];
        let ms = &model.mu0[seg..];
        let glr_at = |n: usize, xs: &[f64]| -> f64 {
            let low = ctl.m.map_or(0, |m| n.saturating_sub(m));
            if alpha == 0.0 {
                glr_pois(n, xs, ms, dir)
            } else {
                glr_nb(n, xs, ms, alpha, dir, low, ctl.mtilde)
            }
        };
        let mut alarm_at = None;
        #[allow(clippy::needless_range_loop)] // n is the chart's time, used beyond indexing
        for n in 0..xs.len() {
            let (glr, cases) = if n + 1 < ctl.mtilde {
                (0.0, None)
            } else {
                let glr = glr_at(n, xs);
                let cases = (ctl.cases && ctl.dir == Direction::Inc)
                    .then(|| cases_needed(n, xs, &glr_at, ctl.c_arl))
                    .flatten();
                (glr, cases)
            };
            let alarm = glr >= ctl.c_arl;
            out.push(GlrnbResult {
                mu0: ms[n],
                glr,
                cases,
                alarm,
            });
            if alarm {
                alarm_at = Some(n);
                break;
            }
        }
        match alarm_at {
            Some(n) => seg += n + 1,
            None => break,
        }
    }
    Ok(out)
}

/// Smallest count at `n` for which the statistic reaches `c` (it is non-decreasing in
/// that count for an increasing chart).
fn cases_needed(
    n: usize,
    xs: &[f64],
    glr_at: &dyn Fn(usize, &[f64]) -> f64,
    c: f64,
) -> Option<f64> {
    let mut tmp = xs[..=n].to_vec();
    let mut at = |v: f64| {
        tmp[n] = v;
        glr_at(n, &tmp) >= c
    };
    if at(0.0) {
        return Some(0.0);
    }
    let mut hi = 1.0;
    while !at(hi) {
        hi *= 2.0;
        if hi > 1e9 {
            return None;
        }
    }
    let mut lo = hi / 2.0;
    if lo < 1.0 {
        lo = 0.0;
    }
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if at(mid) { hi = mid } else { lo = mid }
    }
    Some(hi)
}

/// `glrnb` over a whole series: fit mu0 on `0..range_start`, chart `range_start..`.
pub fn glrnb(
    counts: &[u64],
    freq: usize,
    range_start: usize,
    ctl: &GlrnbControl,
) -> Result<(Vec<GlrnbResult>, Mu0), StatsError> {
    let model = estimate_mu0(counts, freq, range_start, ctl)?;
    let res = glr_chart(&counts[range_start..], &model, ctl)?;
    Ok((res, model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sustained_shift_alarms_and_restarts() {
        let mut c: Vec<u64> = (0..150).map(|i| 10 + (i * 37 % 7) as u64).collect();
        for v in &mut c[120..130] {
            *v += 15;
        }
        let ctl = GlrnbControl::default();
        let (res, model) = glrnb(&c, 52, 104, &ctl).unwrap();
        assert_eq!(res.len(), 46);
        assert!(model.alpha >= 0.0);
        let first = res.iter().position(|r| r.alarm).unwrap();
        assert!((16..=18).contains(&first), "alarm at {first}");
        assert!(!res[..10].iter().any(|r| r.alarm));
        // After an alarm the chart restarts: the next value is the chart of that period alone.
        let alone = glr_chart(
            &c[104 + first + 1..104 + first + 2],
            &Mu0 {
                mu0: model.mu0[first + 1..first + 2].to_vec(),
                alpha: model.alpha,
            },
            &ctl,
        )
        .unwrap();
        assert!((res[first + 1].glr - alone[0].glr).abs() < 1e-12);
        for r in &res {
            let cases = r.cases.unwrap();
            assert!(cases >= 0.0);
        }
    }

    #[test]
    fn cases_bound_is_tight() {
        let c: Vec<u64> = (0..80).map(|i| 4 + (i % 3) as u64).collect();
        let ctl = GlrnbControl {
            alpha: Some(0.0),
            ..GlrnbControl::default()
        };
        let (res, model) = glrnb(&c, 52, 60, &ctl).unwrap();
        let r = &res[5];
        let need = r.cases.unwrap() as u64;
        let mut x = c[60..].to_vec();
        x[5] = need;
        let again = glr_chart(
            &x[..6],
            &Mu0 {
                mu0: model.mu0[..6].to_vec(),
                alpha: 0.0,
            },
            &ctl,
        )
        .unwrap();
        assert!(again[5].alarm);
        x[5] = need - 1;
        let below = glr_chart(
            &x[..6],
            &Mu0 {
                mu0: model.mu0[..6].to_vec(),
                alpha: 0.0,
            },
            &ctl,
        )
        .unwrap();
        assert!(!below[5].alarm);
    }
}
