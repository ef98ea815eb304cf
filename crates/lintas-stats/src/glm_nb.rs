//! Negative-binomial regression with estimated theta, as R's `MASS::glm.nb` (alternating
//! IRLS fits at fixed theta with `theta.ml` Newton steps), and `theta.ml` itself. Used for
//! the in-control mean of the GLR-CUSUM, which R's `glrnb` fits this way by default.

use crate::dist::{digamma, ln_gamma, trigamma};
use crate::error::StatsError;
use crate::glm::{Family, Fit, glm_fit};

const MAXIT: usize = 25;
const EPSILON: f64 = 1e-8;

/// `MASS::theta.ml(y, mu, limit = 25)` with unit weights.
fn theta_ml(y: &[f64], mu: &[f64]) -> f64 {
    let n = y.len() as f64;
    let eps = f64::EPSILON.powf(0.25);
    let mut t0 = n / y
        .iter()
        .zip(mu)
        .map(|(y, m)| (y / m - 1.0).powi(2))
        .sum::<f64>();
    let mut it = 0;
    let mut del: f64 = 1.0;
    loop {
        it += 1;
        if !(it < MAXIT && del.abs() > eps) {
            break;
        }
        t0 = t0.abs();
        let (mut score, mut info) = (0.0, 0.0);
        for (&y, &m) in y.iter().zip(mu) {
            score +=
                digamma(t0 + y) - digamma(t0) + t0.ln() + 1.0 - (t0 + m).ln() - (y + t0) / (m + t0);
            info += -trigamma(t0 + y) + trigamma(t0) - 1.0 / t0 + 2.0 / (m + t0)
                - (y + t0) / (m + t0).powi(2);
        }
        del = score / info;
        t0 += del;
    }
    t0.max(0.0)
}

fn loglik(th: f64, mu: &[f64], y: &[f64]) -> f64 {
    y.iter()
        .zip(mu)
        .map(|(&y, &m)| {
            let z = if y == 0.0 { 1.0 } else { 0.0 };
            ln_gamma(th + y) - ln_gamma(th) - ln_gamma(y + 1.0) + th * th.ln() + y * (m + z).ln()
                - (th + y) * (th + m).ln()
        })
        .sum()
}

/// `MASS::glm.nb(y ~ x)`: the final fit and theta.
pub(crate) fn glm_nb(x: &[Vec<f64>], y: &[f64]) -> Result<(Fit, f64), StatsError> {
    let ones = vec![1.0; y.len()];
    let mut fit = glm_fit(x, y, &ones, Family::Poisson, None)?;
    let mut mu = fit.mu.clone();
    let mut th = theta_ml(y, &mu);
    let d1 = (2.0 * fit.df_residual.max(1.0)).sqrt();
    let d2 = 1.0;
    let mut del: f64 = 1.0;
    let mut lm = loglik(th, &mu, y);
    let mut lm0 = lm + 2.0 * d1;
    let mut iter = 0;
    loop {
        iter += 1;
        if !(iter <= MAXIT && ((lm0 - lm).abs() / d1 + del.abs() / d2) > EPSILON) {
            break;
        }
        if th.is_nan() || th <= 0.0 || th.is_infinite() {
            return Err(StatsError::Fit("theta estimate is not positive and finite"));
        }
        let eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
        fit = glm_fit(x, y, &ones, Family::NegBin(th), Some(&eta))?;
        let t0 = th;
        th = theta_ml(y, &mu);
        mu.clone_from(&fit.mu);
        del = t0 - th;
        lm0 = lm;
        lm = loglik(th, &mu, y);
    }
    if th.is_nan() || th <= 0.0 || th.is_infinite() {
        return Err(StatsError::Fit("theta estimate is not positive and finite"));
    }
    Ok((fit, th))
}
