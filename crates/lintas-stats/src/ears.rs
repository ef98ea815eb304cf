//! EARS C1, C2 and C3 (Hutwagner et al. 2003) as R's `surveillance::earsC`: the mean and
//! standard deviation of a short moving baseline (the `baseline` periods just before, or
//! with a two-period guard band for C2/C3) give an upper bound `mean + z * sd`.
//!
//! C3 follows R exactly, including its bound `observed + sd * (z - lags)`, where `lags`
//! is the sum of `max(0, C2 - 1)` over the two previous periods: with that bound the alarm
//! at `t` fires when `lags > z`, so the reported score for C3 is `lags`.

use crate::dist;
use crate::error::StatsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarsMethod {
    C1,
    C2,
    C3,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EarsControl {
    pub method: EarsMethod,
    pub baseline: usize,
    pub alpha: f64,
    pub min_sigma: f64,
}

impl EarsControl {
    pub fn new(method: EarsMethod, alpha: f64) -> Self {
        EarsControl {
            method,
            baseline: 7,
            alpha,
            min_sigma: 0.0,
        }
    }

    pub fn validate(&self) -> Result<(), StatsError> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(StatsError::Control {
                name: "alpha",
                reason: "must lie in (0, 1)".into(),
            });
        }
        if self.baseline < 3 {
            return Err(StatsError::Control {
                name: "baseline",
                reason: "minimum baseline is 3".into(),
            });
        }
        if self.min_sigma.is_nan() || self.min_sigma < 0.0 {
            return Err(StatsError::Control {
                name: "minSigma",
                reason: "must be non-negative".into(),
            });
        }
        Ok(())
    }

    /// Periods of history needed before the first evaluable period.
    pub fn max_lag(&self) -> usize {
        match self.method {
            EarsMethod::C1 => self.baseline,
            EarsMethod::C2 => self.baseline + 2,
            EarsMethod::C3 => self.baseline + 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EarsResult {
    pub upper: Option<f64>,
    pub expected: Option<f64>,
    pub score: Option<f64>,
    pub p_value: Option<f64>,
    pub alarm: bool,
    /// First and last index of the baseline periods.
    pub baseline: (usize, usize),
}

/// R's `pmax(a, b)` for scalars: NaN wins.
fn pmax(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

fn mean_sd(v: &[u64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
    let ss: f64 = v.iter().map(|&x| (x as f64 - mean).powi(2)).sum();
    (mean, (ss / (n - 1.0)).sqrt())
}

/// Baseline of the C2 statistic at `t` (guard band of two periods).
fn c2_window(counts: &[u64], t: usize, baseline: usize) -> Option<(usize, usize)> {
    let last = t.checked_sub(3)?;
    let first = t.checked_sub(baseline + 2)?;
    (last < counts.len()).then_some((first, last))
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Evaluate period `t`; `None` before `max_lag` periods of history.
pub fn ears_at(counts: &[u64], t: usize, ctl: &EarsControl) -> Option<EarsResult> {
    if t >= counts.len() || t < ctl.max_lag() {
        return None;
    }
    let z = dist::qnorm(1.0 - ctl.alpha);
    let y = counts[t] as f64;
    let b = ctl.baseline;
    let (window, upper, mean, score) = match ctl.method {
        EarsMethod::C1 | EarsMethod::C2 => {
            let (first, last) = if ctl.method == EarsMethod::C1 {
                (t - b, t - 1)
            } else {
                c2_window(counts, t, b)?
            };
            let (mean, sd) = mean_sd(&counts[first..=last]);
            let sigma = pmax(sd, ctl.min_sigma);
            ((first, last), mean + z * sigma, mean, (y - mean) / sigma)
        }
        EarsMethod::C3 => {
            let c2 = |s: usize| -> Option<f64> {
                let (first, last) = c2_window(counts, s, b)?;
                let (mean, sd) = mean_sd(&counts[first..=last]);
                Some((counts[s] as f64 - mean) / pmax(sd, ctl.min_sigma))
            };
            let lags = pmax(0.0, c2(t - 2)? - 1.0) + pmax(0.0, c2(t - 1)? - 1.0);
            let (first, last) = c2_window(counts, t, b)?;
            let (mean, sd) = mean_sd(&counts[first..=last]);
            let upper = pmax(0.0, y + pmax(sd, ctl.min_sigma) * (z - lags));
            ((first, last), upper, mean, lags)
        }
    };
    let upper = finite(upper);
    let score = finite(score).or(if score.is_infinite() {
        Some(score)
    } else {
        None
    });
    Some(EarsResult {
        upper,
        expected: finite(mean),
        alarm: upper.is_some_and(|u| y > u),
        p_value: score.map(dist::pnorm_upper),
        score: score.and_then(finite),
        baseline: window,
    })
}

/// Evaluate every period from `from` to `to` (inclusive indices).
pub fn ears(
    counts: &[u64],
    from: usize,
    to: usize,
    ctl: &EarsControl,
) -> Result<Vec<Option<EarsResult>>, StatsError> {
    ctl.validate()?;
    Ok((from..=to.min(counts.len().saturating_sub(1)))
        .map(|t| ears_at(counts, t, ctl))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_bound_is_mean_plus_z_sd() {
        let c = [2, 4, 3, 5, 4, 3, 4, 20];
        let r = ears_at(&c, 7, &EarsControl::new(EarsMethod::C1, 0.001)).unwrap();
        let (m, sd) = mean_sd(&c[0..7]);
        assert!((r.upper.unwrap() - (m + dist::qnorm(0.999) * sd)).abs() < 1e-12);
        assert!(r.alarm);
        assert!(r.p_value.unwrap() < 0.001);
        assert_eq!(r.baseline, (0, 6));
        assert!(ears_at(&c, 6, &EarsControl::new(EarsMethod::C1, 0.001)).is_none());
    }

    #[test]
    fn constant_baseline_has_no_bound_but_does_not_panic() {
        let c = [3u64; 20];
        for m in [EarsMethod::C1, EarsMethod::C2, EarsMethod::C3] {
            let r = ears_at(&c, 19, &EarsControl::new(m, 0.01)).unwrap();
            assert!(!r.alarm);
            assert!(r.upper.is_none_or(f64::is_finite));
        }
    }

    #[test]
    fn c3_alarms_after_two_high_weeks() {
        let mut c = vec![5u64, 6, 4, 5, 7, 5, 6, 4, 5, 6, 5, 5];
        c.extend([30, 30, 5]);
        let r = ears_at(&c, 14, &EarsControl::new(EarsMethod::C3, 0.025)).unwrap();
        assert!(r.alarm);
    }
}
