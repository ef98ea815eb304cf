//! The distribution functions the methods need, with R's conventions (`qnbinom`'s
//! size/prob parametrisation, left-continuous discrete quantiles). Densities and
//! cumulative functions come from `statrs`; only the discrete quantile search and
//! trigamma (which `statrs` lacks) are ours.

use statrs::distribution::{
    ContinuousCDF, DiscreteCDF, NegativeBinomial, Normal, Poisson, StudentsT,
};

/// R's `qnorm(p)` for the standard normal; NaN outside (0, 1).
pub fn qnorm(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    Normal::standard().inverse_cdf(p)
}

/// R's `pnorm(x, lower.tail = FALSE)`.
pub fn pnorm_upper(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    Normal::standard().sf(x)
}

/// R's `pt(x, df)`.
pub fn pt(x: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) if !x.is_nan() => t.cdf(x),
        _ => f64::NAN,
    }
}

/// Smallest `y` with `cdf(y) >= p`, fuzzed as R does so that a `p` equal to a jump of
/// the cdf returns that jump's point. `None` if the search does not terminate.
fn discrete_quantile(p: f64, cdf: impl Fn(u64) -> f64) -> Option<u64> {
    if !(0.0..1.0).contains(&p) {
        return None;
    }
    let target = p * (1.0 - 64.0 * f64::EPSILON);
    if cdf(0) >= target {
        return Some(0);
    }
    let mut hi: u64 = 1;
    while cdf(hi) < target {
        hi = hi.checked_mul(2)?;
        if hi > (1u64 << 53) {
            return None;
        }
    }
    let mut lo = hi / 2; // cdf(lo) < target
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if cdf(mid) >= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// R's `qnbinom(p, size, prob)`.
pub fn qnbinom(p: f64, size: f64, prob: f64) -> Option<u64> {
    let d = NegativeBinomial::new(size, prob).ok()?;
    discrete_quantile(p, |y| d.cdf(y))
}

/// R's `qpois(p, lambda)`.
pub fn qpois(p: f64, lambda: f64) -> Option<u64> {
    if lambda == 0.0 {
        return Some(0);
    }
    let d = Poisson::new(lambda).ok()?;
    discrete_quantile(p, |y| d.cdf(y))
}

/// R's `pnbinom(y - 1, size, prob, lower.tail = FALSE)`: P(Y >= y).
pub fn nbinom_at_least(y: u64, size: f64, prob: f64) -> f64 {
    if y == 0 {
        return 1.0;
    }
    NegativeBinomial::new(size, prob).map_or(f64::NAN, |d| d.sf(y - 1))
}

/// R's `ppois(y - 1, lambda, lower.tail = FALSE)`: P(Y >= y).
pub fn pois_at_least(y: u64, lambda: f64) -> f64 {
    if y == 0 {
        return 1.0;
    }
    if lambda == 0.0 {
        return 0.0;
    }
    Poisson::new(lambda).map_or(f64::NAN, |d| d.sf(y - 1))
}

pub fn digamma(x: f64) -> f64 {
    statrs::function::gamma::digamma(x)
}

pub fn ln_gamma(x: f64) -> f64 {
    statrs::function::gamma::ln_gamma(x)
}

/// Trigamma by recurrence up to x >= 10, then the asymptotic series (error < 1e-14).
pub fn trigamma(mut x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || x.is_infinite() {
        return f64::NAN;
    }
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    // 1/x + 1/(2x^2) + sum B_2k / x^(2k+1)
    let series = x2
        * (1.0 / 6.0
            - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 * (1.0 / 30.0 - x2 * (5.0 / 66.0)))));
    acc + 1.0 / x + 0.5 * x2 + series / x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_r() {
        // Values from R (`Rscript -e`): qnbinom(0.99, 2.5, 0.4) = 14, qpois(0.99, 3.2) = 8,
        // qnorm(0.99) = 2.326347874040841.
        assert_eq!(qnbinom(0.99, 2.5, 0.4), Some(14));
        assert_eq!(qpois(0.99, 3.2), Some(8));
        assert!((qnorm(0.99) - 2.326_347_874_040_841).abs() < 1e-12);
        // At an exact jump (P(Y <= 0) for Poisson(ln 2) is 0.5) the quantile is that point.
        assert_eq!(qpois(0.5, std::f64::consts::LN_2), Some(0));
    }

    #[test]
    fn trigamma_known_values() {
        // trigamma(1) = pi^2/6, trigamma(0.5) = pi^2/2.
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-13);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-12);
        assert!((trigamma(25.3) - 0.040_317_120_341_256_5).abs() < 1e-14);
    }
}
