//! Farrington flexible (Noufaily et al. 2013), as R's `surveillance::farringtonFlexible`:
//! a quasi-Poisson GLM on the weeks around the same time in the `b` previous years plus
//! a `noPeriods`-level seasonal factor over the rest of the year, fitted by IRLS,
//! reweighted by Anscombe residuals, an optional trend kept only when significant and not
//! extrapolating, and a negative-binomial quantile threshold.
//!
//! The reference is R's code, including its quirks, because the contract is "the same
//! bounds and alarms as R": `summary`/`predict` after the reweighting read the prior
//! weights where R's own glm would read working weights; the score mixes the link scale
//! and the count scale; zero-length seasonal blocks overwrite a neighbour (R's `a:b`
//! counts down when `b < a`).

use crate::dist;
use crate::error::StatsError;
use crate::glm::{Family, Fit, glm_fit};
use crate::period::{Interval, Period};

/// How the upper bound is derived from the fitted mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// Negative-binomial quantile at the upper `1 - alpha` bound of the mean (Noufaily).
    Muan,
    /// Negative-binomial quantile at the fitted mean itself.
    NbPlugin,
}

/// The controls of `farringtonFlexible`. `Default` is the settled Lintas configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct FarringtonControl {
    pub b: usize,
    pub w: usize,
    pub no_periods: usize,
    pub past_weeks_not_included: usize,
    pub weights_threshold: f64,
    pub p_threshold_trend: f64,
    pub threshold: Threshold,
    /// `limit54`: no alarm unless at least `.0` cases in the last `.1` periods.
    pub limit54: (u64, usize),
    pub alpha: f64,
    pub trend: bool,
    pub reweight: bool,
}

impl Default for FarringtonControl {
    fn default() -> Self {
        FarringtonControl {
            b: 3,
            w: 3,
            no_periods: 10,
            past_weeks_not_included: 26,
            weights_threshold: 2.58,
            p_threshold_trend: 1.0,
            threshold: Threshold::Muan,
            limit54: (5, 4),
            alpha: 0.01,
            trend: true,
            reweight: true,
        }
    }
}

impl FarringtonControl {
    pub fn validate(&self) -> Result<(), StatsError> {
        let bad = |name, reason: &str| {
            Err(StatsError::Control {
                name,
                reason: reason.to_owned(),
            })
        };
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return bad("alpha", "must lie in (0, 1)");
        }
        if self.b == 0 {
            return bad("b", "must be at least 1");
        }
        if self.no_periods == 0 {
            return bad("noPeriods", "must be at least 1");
        }
        if self.limit54.1 == 0 {
            return bad("limit54", "the period must be positive");
        }
        Ok(())
    }

    /// First index (0-based) that R's default `range` would evaluate: `freq*b + w + 1`.
    pub fn first_index(&self, interval: Interval) -> usize {
        interval.freq() * self.b + self.w
    }
}

/// One evaluated period.
#[derive(Debug, Clone, PartialEq)]
pub struct FarringtonResult {
    pub upper: Option<f64>,
    pub expected: Option<f64>,
    pub score: Option<f64>,
    /// P(Y >= observed) under the fitted negative binomial (or Poisson).
    pub p_value: Option<f64>,
    pub alarm: bool,
    /// Whether the time trend stayed in the final model.
    pub trend: bool,
    pub phi: f64,
    /// First and last index of the periods the model was fitted on.
    pub baseline: (usize, usize),
}

/// R's `max(x, 1)`, which keeps NaN.
fn rmax1(x: f64) -> f64 {
    if x.is_nan() { x } else { x.max(1.0) }
}

/// R's `seq.Date(d, by = "-1 year")`: same month and day `years` back; 29 February in a
/// common year rolls to 1 March, as `mktime` normalises it.
fn years_back(d: time::Date, years: usize) -> Option<time::Date> {
    let y = d.year() - i32::try_from(years).ok()?;
    time::Date::from_calendar_date(y, d.month(), d.day())
        .ok()
        .or_else(|| time::Date::from_calendar_date(y, time::Month::March, 1).ok())
}

/// Indices of the period `k` and of the periods "a year back" 1..=b times, found by date;
/// for weeks, the date is moved to the nearest day with the same weekday as `k`'s.
fn reference_points(periods: &[Period], k: usize, b: usize) -> Option<Vec<usize>> {
    let now = periods.get(k)?;
    let day0 = now.start();
    let mut out = Vec::with_capacity(b + 1);
    for y in 0..=b {
        let mut d = years_back(day0, y)?;
        if now.interval() == Interval::Week {
            let diff = i64::from(d.weekday().number_days_from_monday())
                - i64::from(day0.weekday().number_days_from_monday());
            let a = d - time::Duration::days(diff);
            let alt = if a > d {
                a - time::Duration::days(7)
            } else {
                a + time::Duration::days(7)
            };
            d = if (a - d).whole_days().abs() > (alt - d).whole_days().abs() {
                alt
            } else {
                a
            };
        }
        let idx = periods.binary_search_by(|p| p.start().cmp(&d)).ok()?;
        out.push(idx);
    }
    Some(out)
}

/// R's `a:b` on 1-based indices.
fn r_colon(a: i64, b: i64) -> Box<dyn Iterator<Item = i64>> {
    if a <= b {
        Box::new(a..=b)
    } else {
        Box::new((b..=a).rev())
    }
}

/// Assign `value` at R indices `idx` (1-based; 0 is ignored, negatives are an error).
fn assign(
    v: &mut [Option<usize>],
    idx: impl Iterator<Item = i64>,
    value: Option<usize>,
) -> Option<()> {
    for i in idx {
        if i < 0 {
            return None;
        }
        if i == 0 {
            continue;
        }
        let slot = v.get_mut(usize::try_from(i - 1).ok()?)?;
        *slot = value;
    }
    Some(())
}

/// R's `blocks()`: the seasonal factor level of each period (None outside the baseline).
fn blocks(n: usize, refs: &[usize], w: usize, p: usize) -> Option<Vec<Option<usize>>> {
    let mut f = vec![None; n];
    let w = i64::try_from(w).ok()?;
    let pi = i64::try_from(p).ok()?;
    let r1 = |i: usize| i64::try_from(i).ok().map(|v| v + 1);
    let now = r1(refs[0])?;
    assign(&mut f, r_colon(now - w, now), Some(p))?;
    for i in 1..refs.len() {
        let ref_week = r1(refs[i])?;
        assign(&mut f, r_colon(ref_week - w, ref_week + w), Some(p))?;
        if p != 1 {
            let period = r1(refs[i - 1])? - 2 * w - 1 - ref_week;
            if period < pi - (2 * w + 1) {
                return None;
            }
            let len = period.div_euclid(pi - 1);
            let rest = period.rem_euclid(pi - 1);
            let mut cum = vec![0i64; p];
            for j in 1..p {
                let extra = i64::from(i64::try_from(j).ok()? <= rest);
                cum[j] = cum[j - 1] + len + extra;
            }
            for j in 1..p {
                let start = ref_week + w + 1;
                assign(
                    &mut f,
                    r_colon(start + cum[j - 1], start + cum[j] - 1),
                    Some(j),
                )?;
            }
        }
    }
    Some(f)
}

/// A fitted baseline model with what the threshold needs.
struct Model {
    fit: Fit,
    phi: f64,
    /// The weights `summary`/`predict` see (the prior weights after reweighting).
    summary_w: Vec<f64>,
    trend: bool,
}

struct GlmData {
    y: Vec<f64>,
    wtime: Vec<f64>,
    /// Level index (0-based into `levels`) per row.
    level: Vec<usize>,
    levels: Vec<usize>,
}

impl GlmData {
    fn design(&self, trend: bool, factors: bool) -> Vec<Vec<f64>> {
        let mut x = vec![vec![1.0; self.y.len()]];
        if trend {
            x.push(self.wtime.clone());
        }
        if factors {
            for l in 1..self.levels.len() {
                x.push(
                    self.level
                        .iter()
                        .map(|&v| f64::from(u8::from(v == l)))
                        .collect(),
                );
            }
        }
        x
    }

    fn x0(&self, trend: bool, factors: bool, wtime0: f64, level0: usize) -> Vec<f64> {
        let mut x = vec![1.0];
        if trend {
            x.push(wtime0);
        }
        if factors {
            for l in 1..self.levels.len() {
                x.push(f64::from(u8::from(l == level0)));
            }
        }
        x
    }
}

/// `algo.farrington.fitGLM.flexible`.
fn fit_fun(d: &GlmData, trend: bool, factors: bool, ctl: &FarringtonControl) -> Option<Model> {
    let n = d.y.len();
    let ones = vec![1.0; n];
    let mut trend = trend;
    let mut m = glm_fit(
        &d.design(trend, factors),
        &d.y,
        &ones,
        Family::Poisson,
        None,
    )
    .ok()?;
    if !m.converged {
        if trend {
            trend = false;
            m = glm_fit(
                &d.design(false, factors),
                &d.y,
                &ones,
                Family::Poisson,
                None,
            )
            .ok()?;
        }
        if !m.converged {
            return None;
        }
    }
    let mut phi = rmax1(m.dispersion_with(&m.working_w));
    if !ctl.reweight {
        let summary_w = m.working_w.clone();
        return Some(Model {
            fit: m,
            phi,
            summary_w,
            trend,
        });
    }
    let s: Vec<f64> = (0..n)
        .map(|i| {
            let (y, mu) = (d.y[i], m.mu[i]);
            1.5 * (y.powf(2.0 / 3.0) * mu.powf(-1.0 / 6.0) - mu.sqrt())
                / (phi * (1.0 - m.hat[i])).sqrt()
        })
        .collect();
    if s.iter().any(|v| v.is_nan()) {
        return None;
    }
    let thr = ctl.weights_threshold;
    let denom: f64 = s
        .iter()
        .map(|&v| if v > thr { v.powi(-2) } else { 1.0 })
        .sum();
    let gamma = n as f64 / denom;
    let omega: Vec<f64> = s
        .iter()
        .map(|&v| if v > thr { gamma * v.powi(-2) } else { gamma })
        .collect();
    let m2 = glm_fit(
        &d.design(trend, factors),
        &d.y,
        &omega,
        Family::Poisson,
        None,
    )
    .ok()?;
    phi = rmax1(m2.dispersion_with(&m2.working_w));
    Some(Model {
        fit: m2,
        phi,
        summary_w: omega,
        trend,
    })
}

/// Evaluate period `k` of a dated series. `None` when R gives no result for it (too
/// little history, a reference period missing, or a model that does not converge).
pub fn farrington_at(
    periods: &[Period],
    counts: &[u64],
    k: usize,
    ctl: &FarringtonControl,
) -> Option<FarringtonResult> {
    farrington_at_excluding(periods, counts, k, ctl, &[])
}

/// [`farrington_at`] with the periods at indices `excluded` (confirmed outbreaks) left out
/// of the baseline the model is fitted on.
pub fn farrington_at_excluding(
    periods: &[Period],
    counts: &[u64],
    k: usize,
    ctl: &FarringtonControl,
    excluded: &[usize],
) -> Option<FarringtonResult> {
    let n = periods.len();
    if k >= n || counts.len() != n || n < 2 {
        return None;
    }
    let refs = reference_points(periods, k, ctl.b)?;
    let p = ctl.no_periods;
    let blocks = blocks(n, &refs, ctl.w, p)?;
    let mut ids = blocks.clone();
    let k1 = i64::try_from(k).ok()? + 1;
    let pw = i64::try_from(ctl.past_weeks_not_included).ok()?;
    assign(&mut ids, r_colon(k1 - pw, k1), None)?;
    let idx: Vec<usize> = (0..n)
        .filter(|&i| ids[i].is_some() && !excluded.contains(&i))
        .collect();
    let first = *idx.first()?;
    let last = *idx.last()?;
    let step = (periods[1].day_number() - periods[0].day_number()) as f64;
    let day = |i: usize| periods[i].day_number() as f64;
    let mut levels: Vec<usize> = idx.iter().filter_map(|&i| blocks[i]).collect();
    levels.sort_unstable();
    levels.dedup();
    let factors = p != 1;
    if factors && levels.len() < 2 {
        return None;
    }
    let data = GlmData {
        y: idx.iter().map(|&i| counts[i] as f64).collect(),
        wtime: idx.iter().map(|&i| (day(i) - day(first)) / step).collect(),
        level: idx
            .iter()
            .map(|&i| {
                levels
                    .iter()
                    .position(|&l| Some(l) == blocks[i])
                    .unwrap_or(0)
            })
            .collect(),
        levels: levels.clone(),
    };
    let level0 = levels.iter().position(|&l| l == p)?;
    let wtime0 = (day(k) - day(first)) / step;
    let ymax = data.y.iter().copied().fold(f64::NEG_INFINITY, f64::max);

    let mut model = fit_fun(&data, ctl.trend, factors, ctl)?;
    let mut do_trend = false;
    if model.trend {
        let x0 = data.x0(true, factors, wtime0, level0);
        let fit_resp = model.fit.linear_predictor(&x0).exp().max(f64::EPSILON);
        let disp = model.fit.dispersion_with(&model.summary_w);
        let se = (disp * model.fit.unscaled_coef_var(1)).sqrt();
        let t = model.fit.coef[1] / se;
        let pval = 2.0 * dist::pt(-t.abs(), model.fit.df_residual);
        let significant = pval < ctl.p_threshold_trend;
        do_trend = ctl.b >= 3 && significant && fit_resp <= ymax;
        if !do_trend {
            model = fit_fun(&data, false, factors, ctl)?;
        }
    }
    let x0 = data.x0(model.trend, factors, wtime0, level0);
    let eta0 = model.fit.linear_predictor(&x0);
    let disp = model.fit.dispersion_with(&model.summary_w);
    let se = (disp * model.fit.unscaled_var(&x0)).sqrt();
    let phi = model.phi;
    let y = counts[k];
    let mu0q = match ctl.threshold {
        Threshold::Muan => (eta0 + dist::qnorm(1.0 - ctl.alpha) * se).exp(),
        Threshold::NbPlugin => eta0.exp(),
    };
    if mu0q.is_nan() {
        return None;
    }
    let (upper, prob) = if mu0q == f64::INFINITY {
        (None, None)
    } else if phi > 1.0 {
        let size = mu0q / (phi - 1.0);
        (
            dist::qnbinom(1.0 - ctl.alpha, size, 1.0 / phi).map(|u| u as f64),
            Some(dist::nbinom_at_least(y, size, 1.0 / phi)),
        )
    } else {
        (
            dist::qpois(1.0 - ctl.alpha, mu0q).map(|u| u as f64),
            Some(dist::pois_at_least(y, mu0q)),
        )
    };
    let lo = k.saturating_sub(ctl.limit54.1 - 1);
    let enough = counts[lo..=k].iter().sum::<u64>() >= ctl.limit54.0;
    let score = upper
        .map(|u| (y as f64 - eta0) / (u - eta0))
        .filter(|s| !s.is_nan());
    let score = score.filter(|_| enough);
    let alarm = score.is_some_and(|s| s > 1.0) && y != 0;
    Some(FarringtonResult {
        upper: upper.filter(|_| enough),
        expected: upper.and(Some(eta0.exp())).filter(|_| enough),
        score,
        p_value: prob.filter(|p| !p.is_nan() && enough),
        alarm,
        trend: do_trend && model.trend,
        phi,
        baseline: (first, last),
    })
}

/// Evaluate every period from `from` to `to` (inclusive indices).
pub fn farrington(
    periods: &[Period],
    counts: &[u64],
    from: usize,
    to: usize,
    ctl: &FarringtonControl,
) -> Result<Vec<Option<FarringtonResult>>, StatsError> {
    ctl.validate()?;
    Ok((from..=to.min(periods.len().saturating_sub(1)))
        .map(|k| farrington_at(periods, counts, k, ctl))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(n: usize) -> Vec<Period> {
        let mut p = Period::parse("2015-W01").unwrap();
        let mut out = vec![p];
        for _ in 1..n {
            p = p.next().unwrap();
            out.push(p);
        }
        out
    }

    #[test]
    fn reference_points_fall_a_year_back_on_the_same_weekday() {
        let p = weeks(300);
        let r = reference_points(&p, 250, 3).unwrap();
        assert_eq!(r[0], 250);
        for pair in r.windows(2) {
            let gap = pair[0] - pair[1];
            assert!(gap == 52 || gap == 53, "{r:?}");
        }
        assert!(reference_points(&p, 100, 3).is_none());
    }

    #[test]
    fn blocks_cover_each_year_with_ten_levels() {
        let p = weeks(300);
        let r = reference_points(&p, 250, 3).unwrap();
        let f = blocks(p.len(), &r, 3, 10).unwrap();
        // The now-window is level 10, the weeks just after each reference window start
        // level 1, and nothing before the oldest reference window is in the baseline.
        assert_eq!(f[250], Some(10));
        assert_eq!(f[r[1] + 3], Some(10));
        assert_eq!(f[r[1] + 4], Some(1));
        assert_eq!(f[r[3] - 4], None);
        let levels: std::collections::BTreeSet<_> = f.iter().flatten().collect();
        assert_eq!(levels.len(), 10);
    }

    #[test]
    fn r_colon_counts_down() {
        assert_eq!(r_colon(5, 4).collect::<Vec<_>>(), vec![5, 4]);
        assert_eq!(r_colon(2, 4).collect::<Vec<_>>(), vec![2, 3, 4]);
    }

    #[test]
    fn a_spike_alarms_and_a_quiet_week_does_not() {
        let p = weeks(220);
        // Seasonal counts around 20 with a deterministic wiggle.
        let mut c: Vec<u64> = (0..220)
            .map(|i| {
                (20.0
                    + 6.0 * (i as f64 * 2.0 * std::f64::consts::PI / 52.0).sin()
                    + ((i * 7919) % 5) as f64) as u64
            })
            .collect();
        let ctl = FarringtonControl::default();
        let quiet = farrington_at(&p, &c, 210, &ctl).unwrap();
        assert!(!quiet.alarm);
        let up = quiet.upper.unwrap();
        assert!(up > c[210] as f64);
        c[210] = (up as u64) * 3;
        let loud = farrington_at(&p, &c, 210, &ctl).unwrap();
        assert!(loud.alarm);
        assert!(loud.p_value.unwrap() < ctl.alpha);
        // The baseline does not include the evaluated period.
        assert_eq!(loud.upper, quiet.upper);
    }

    #[test]
    fn a_confirmed_outbreak_leaves_later_baselines() {
        let p = weeks(220);
        let mut c: Vec<u64> = (0..220).map(|i| 20 + ((i * 7919) % 5) as u64).collect();
        // A surge one year before the evaluated week, inside its reference window.
        c[155..=159].fill(90);
        let ctl = FarringtonControl::default();
        let with = farrington_at(&p, &c, 210, &ctl).unwrap();
        let without =
            farrington_at_excluding(&p, &c, 210, &ctl, &[155, 156, 157, 158, 159]).unwrap();
        assert!(
            without.upper.unwrap() < with.upper.unwrap(),
            "{without:?} vs {with:?}"
        );
        // Excluding nothing is the plain method.
        assert_eq!(farrington_at_excluding(&p, &c, 210, &ctl, &[]), Some(with));
    }
}
