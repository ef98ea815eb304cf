//! The engine's entry point: plain series in (from a CSV file or from stored incidents),
//! one result per series and evaluated period out, Benjamini–Hochberg across series.

use std::collections::BTreeMap;

use crate::ears::{EarsControl, EarsMethod, ears_at};
use crate::error::StatsError;
use crate::farrington::{FarringtonControl, farrington_at_excluding};
use crate::fdr::bh_reject;
use crate::glrnb::{GlrnbControl, glrnb};
use crate::period::{Period, span};

/// A count series over consecutive periods of one interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub periods: Vec<Period>,
    pub counts: Vec<u64>,
}

impl Series {
    /// Build a series from (period, count) points in any order; periods missing between
    /// the first and the last count as zero.
    pub fn from_points(name: &str, points: &[(Period, u64)]) -> Result<Series, StatsError> {
        let mut map = BTreeMap::new();
        let interval = points.first().map(|p| p.0.interval());
        for (p, c) in points {
            if let Some(interval) = interval
                && p.interval() != interval
            {
                return Err(StatsError::MixedIntervals {
                    series: name.to_owned(),
                    label: p.to_string(),
                    found: p.interval().name(),
                    expected: interval.name(),
                });
            }
            if map.insert(*p, *c).is_some() {
                return Err(StatsError::DuplicatePeriod {
                    series: name.to_owned(),
                    label: p.to_string(),
                });
            }
        }
        let (Some(&lo), Some(&hi)) = (map.keys().next(), map.keys().next_back()) else {
            return Ok(Series {
                name: name.to_owned(),
                periods: Vec::new(),
                counts: Vec::new(),
            });
        };
        let periods = span(lo, hi);
        let counts = periods
            .iter()
            .map(|p| map.get(p).copied().unwrap_or(0))
            .collect();
        Ok(Series {
            name: name.to_owned(),
            periods,
            counts,
        })
    }
}

/// Which method to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Farrington where `b` years of history exist, EARS C2 before that.
    Auto,
    Farrington,
    EarsC1,
    EarsC2,
    EarsC3,
    Glrnb,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "auto" => Method::Auto,
            "farrington" => Method::Farrington,
            "ears-c1" => Method::EarsC1,
            "ears-c2" => Method::EarsC2,
            "ears-c3" => Method::EarsC3,
            "glrnb" => Method::Glrnb,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Farrington => "farrington",
            Method::EarsC1 => "ears-c1",
            Method::EarsC2 => "ears-c2",
            Method::EarsC3 => "ears-c3",
            Method::Glrnb => "glrnb",
        }
    }
}

/// Options of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub method: Method,
    /// Significance of each method's own test, and the BH false discovery rate.
    pub alpha: f64,
    /// Periods to evaluate, inclusive; `None` = from the first / to the last.
    pub from: Option<Period>,
    pub to: Option<Period>,
    /// Farrington controls (its `alpha` is replaced by `Options::alpha`).
    pub farrington: FarringtonControl,
    pub glrnb: GlrnbControl,
    /// EARS baseline length.
    pub ears_baseline: usize,
    /// Periods per series (by name) confirmed as outbreaks: left out of Farrington's
    /// baselines, as its reweighting intends, so a confirmed surge does not raise later
    /// bounds. Evaluated periods themselves are still evaluated.
    pub exclude: BTreeMap<String, Vec<Period>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::Auto,
            alpha: 0.01,
            from: None,
            to: None,
            farrington: FarringtonControl::default(),
            glrnb: GlrnbControl::default(),
            ears_baseline: 7,
            exclude: BTreeMap::new(),
        }
    }
}

/// One series at one evaluated period.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub series: String,
    pub period: Period,
    pub observed: u64,
    pub expected: Option<f64>,
    pub upper: Option<f64>,
    /// The method that ran (`auto` resolves to one of the others).
    pub method: Method,
    /// The method's own alarm, before any multiple-testing adjustment.
    pub alarm: bool,
    /// `alarm` and rejected by Benjamini–Hochberg across all series of the run.
    pub alarm_fdr: bool,
    pub score: Option<f64>,
    pub p_value: Option<f64>,
    /// First and last period of the baseline the bound came from.
    pub baseline: Option<(Period, Period)>,
    /// Why this method, or why no result.
    pub reason: String,
}

fn ears_method(m: Method) -> EarsMethod {
    match m {
        Method::EarsC1 => EarsMethod::C1,
        Method::EarsC3 => EarsMethod::C3,
        _ => EarsMethod::C2,
    }
}

fn blank(s: &Series, k: usize, method: Method, reason: String) -> Detection {
    Detection {
        series: s.name.clone(),
        period: s.periods[k],
        observed: s.counts[k],
        expected: None,
        upper: None,
        method,
        alarm: false,
        alarm_fdr: false,
        score: None,
        p_value: None,
        baseline: None,
        reason,
    }
}

fn run_ears(s: &Series, k: usize, method: Method, opts: &Options, why: &str) -> Detection {
    let ctl = EarsControl {
        baseline: opts.ears_baseline,
        ..EarsControl::new(ears_method(method), opts.alpha)
    };
    match ears_at(&s.counts, k, &ctl) {
        Some(r) => Detection {
            expected: r.expected,
            upper: r.upper,
            alarm: r.alarm,
            score: r.score,
            p_value: r.p_value,
            baseline: Some((s.periods[r.baseline.0], s.periods[r.baseline.1])),
            reason: why.to_owned(),
            ..blank(s, k, method, String::new())
        },
        None => blank(
            s,
            k,
            method,
            format!("{why}; fewer than {} earlier periods", ctl.max_lag()),
        ),
    }
}

/// Evaluate one series. Results for periods outside the series are not produced.
pub fn detect(s: &Series, opts: &Options) -> Result<Vec<Detection>, StatsError> {
    if !(opts.alpha > 0.0 && opts.alpha < 1.0) {
        return Err(StatsError::Control {
            name: "alpha",
            reason: "must lie in (0, 1)".into(),
        });
    }
    let n = s.periods.len();
    let lo = opts
        .from
        .map_or(0, |f| s.periods.partition_point(|p| p.start() < f.start()));
    let hi = opts
        .to
        .map_or(n, |t| s.periods.partition_point(|p| p.start() <= t.start()));
    if lo >= hi {
        return Ok(Vec::new());
    }
    let interval = s.periods[0].interval();
    let fctl = FarringtonControl {
        alpha: opts.alpha,
        ..opts.farrington.clone()
    };
    fctl.validate()?;
    let mut out = Vec::with_capacity(hi - lo);
    match opts.method {
        Method::EarsC1 | Method::EarsC2 | Method::EarsC3 => {
            for k in lo..hi {
                out.push(run_ears(s, k, opts.method, opts, "requested"));
            }
        }
        Method::Farrington | Method::Auto => {
            let first = fctl.first_index(interval);
            let excluded: Vec<usize> = opts
                .exclude
                .get(&s.name)
                .map(|ps| {
                    ps.iter()
                        .filter_map(|p| s.periods.binary_search(p).ok())
                        .collect()
                })
                .unwrap_or_default();
            for k in lo..hi {
                let years = k as f64 / interval.freq() as f64;
                let fr = (k >= first)
                    .then(|| farrington_at_excluding(&s.periods, &s.counts, k, &fctl, &excluded))
                    .flatten();
                match (fr, opts.method) {
                    (Some(r), _) => out.push(Detection {
                        expected: r.expected,
                        upper: r.upper,
                        alarm: r.alarm,
                        score: r.score,
                        p_value: r.p_value,
                        baseline: Some((s.periods[r.baseline.0], s.periods[r.baseline.1])),
                        reason: format!(
                            "{:.1} years of history (b = {}){}{}",
                            years,
                            fctl.b,
                            if r.trend { "; trend kept" } else { "" },
                            if r.upper.is_none() {
                                format!("; fewer than {} cases in the last {} periods", fctl.limit54.0, fctl.limit54.1)
                            } else {
                                String::new()
                            }
                        ),
                        ..blank(s, k, Method::Farrington, String::new())
                    }),
                    (None, Method::Auto) => {
                        let why = if k < first {
                            format!("{years:.1} years of history, Farrington needs {} years and {} periods", fctl.b, fctl.w)
                        } else {
                            "the Farrington model could not be fitted".to_owned()
                        };
                        out.push(run_ears(s, k, Method::EarsC2, opts, &why));
                    }
                    (None, _) => out.push(blank(
                        s,
                        k,
                        Method::Farrington,
                        if k < first {
                            format!("{years:.1} years of history, fewer than b = {} years and w = {} periods", fctl.b, fctl.w)
                        } else {
                            "the model could not be fitted".to_owned()
                        },
                    )),
                }
            }
        }
        Method::Glrnb => {
            let freq = interval.freq();
            let start = if lo >= freq { lo } else { freq };
            let fitted = if start < n {
                glrnb(&s.counts, freq, start, &opts.glrnb).map_err(|e| e.to_string())
            } else {
                Err(format!("fewer than {freq} periods of baseline"))
            };
            for k in lo..hi {
                match &fitted {
                    Ok((res, model)) if k >= start => {
                        let why = format!(
                            "mu0 fitted on {} .. {}, alpha = {:.4}",
                            s.periods[0],
                            s.periods[start - 1],
                            model.alpha
                        );
                        match res.get(k - start) {
                            Some(r) => out.push(Detection {
                                expected: Some(r.mu0),
                                upper: r.cases,
                                alarm: r.alarm,
                                score: Some(r.glr).filter(|g| g.is_finite()),
                                baseline: Some((s.periods[0], s.periods[start - 1])),
                                reason: why,
                                ..blank(s, k, Method::Glrnb, String::new())
                            }),
                            None => out.push(blank(s, k, Method::Glrnb, why)),
                        }
                    }
                    Ok(_) => out.push(blank(
                        s,
                        k,
                        Method::Glrnb,
                        "baseline period of the mu0 model".into(),
                    )),
                    Err(e) => out.push(blank(s, k, Method::Glrnb, format!("no mu0 model: {e}"))),
                }
            }
        }
    }
    Ok(out)
}

/// Evaluate many series and apply Benjamini–Hochberg at level `alpha` across all series
/// within each period. Methods without a p-value (GLR-CUSUM) keep their own alarm.
pub fn detect_all(series: &[Series], opts: &Options) -> Result<Vec<Detection>, StatsError> {
    let mut out = Vec::new();
    for s in series {
        out.extend(detect(s, opts)?);
    }
    let mut by_period: BTreeMap<Period, Vec<usize>> = BTreeMap::new();
    for (i, d) in out.iter().enumerate() {
        by_period.entry(d.period).or_default().push(i);
    }
    for idx in by_period.values() {
        let p: Vec<Option<f64>> = idx.iter().map(|&i| out[i].p_value).collect();
        let rej = bh_reject(&p, opts.alpha);
        for (&i, r) in idx.iter().zip(rej) {
            let d = &mut out[i];
            d.alarm_fdr = d.alarm && (r || d.p_value.is_none());
        }
    }
    Ok(out)
}
