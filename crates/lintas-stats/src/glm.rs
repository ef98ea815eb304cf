//! Generalised linear models with a log link, fitted by iteratively reweighted least
//! squares exactly as R's `glm.fit` does it (same start values, same deviance-based
//! convergence test, same step halving, mu floored at machine epsilon), because the
//! reference results depend on the iteration path when a block of zeros drives a
//! coefficient towards minus infinity.
//!
//! The least-squares step is a Householder QR. It is ours rather than a linear-algebra
//! crate's because R's rank rule (a column whose remaining norm falls below 1e-11 of its
//! own is aliased) and the pieces the methods need (hat values, R^-1) come out of the
//! same few loops; designs here have at most a dozen columns.

use crate::error::StatsError;

const MAXIT: usize = 25;
const EPSILON: f64 = 1e-8;
const QR_TOL: f64 = 1e-11;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Family {
    /// Poisson / quasi-Poisson (same fit; the dispersion is estimated afterwards).
    Poisson,
    /// Negative binomial with known `theta` (R's `MASS::negative.binomial(theta)`).
    NegBin(f64),
}

impl Family {
    fn variance(self, mu: f64) -> f64 {
        match self {
            Family::Poisson => mu,
            Family::NegBin(theta) => mu + mu * mu / theta,
        }
    }

    fn dev_resid(self, y: f64, mu: f64, wt: f64) -> f64 {
        match self {
            Family::Poisson => {
                if y > 0.0 {
                    2.0 * wt * (y * (y / mu).ln() - (y - mu))
                } else {
                    2.0 * mu * wt
                }
            }
            Family::NegBin(theta) => {
                2.0 * wt
                    * (y * (y.max(1.0) / mu).ln() - (y + theta) * ((y + theta) / (mu + theta)).ln())
            }
        }
    }

    fn mustart(self, y: f64) -> f64 {
        match self {
            Family::Poisson => y + 0.1,
            Family::NegBin(_) => y + if y == 0.0 { 1.0 / 6.0 } else { 0.0 },
        }
    }
}

/// R's log link: `pmax(exp(eta), .Machine$double.eps)` for both the inverse and its
/// derivative.
fn linkinv(eta: f64) -> f64 {
    eta.exp().max(f64::EPSILON)
}

/// A fitted model: what `glm` returns that the methods read.
#[derive(Debug, Clone)]
pub(crate) struct Fit {
    pub coef: Vec<f64>,
    pub mu: Vec<f64>,
    /// R's `fit$weights`: working weights of the last iteration.
    pub working_w: Vec<f64>,
    /// R's `fit$residuals`: working residuals at the final mu.
    pub working_resid: Vec<f64>,
    /// Inverse of the last QR's R factor (upper triangular, row-major p x p).
    pub rinv: Vec<Vec<f64>>,
    /// Diagonal of the hat matrix of the last weighted least-squares step.
    pub hat: Vec<f64>,
    pub converged: bool,
    pub df_residual: f64,
}

impl Fit {
    /// `summary.glm`'s dispersion estimate, `sum(w * r^2) / df` over positive weights.
    /// `w` is normally `working_w`; farringtonFlexible overwrites the fit's weights with
    /// its prior weights before calling `summary`/`predict`, so it passes those.
    pub fn dispersion_with(&self, w: &[f64]) -> f64 {
        if self.df_residual <= 0.0 {
            return f64::NAN;
        }
        let s: f64 = w
            .iter()
            .zip(&self.working_resid)
            .filter(|(w, _)| **w > 0.0)
            .map(|(w, r)| w * r * r)
            .sum();
        s / self.df_residual
    }

    pub fn linear_predictor(&self, x0: &[f64]) -> f64 {
        x0.iter().zip(&self.coef).map(|(a, b)| a * b).sum()
    }

    /// `x0' (R'R)^-1 x0`, the unscaled variance of the linear predictor at `x0`.
    pub fn unscaled_var(&self, x0: &[f64]) -> f64 {
        let p = self.coef.len();
        (0..p)
            .map(|j| {
                let v: f64 = (0..=j).map(|i| self.rinv[i][j] * x0[i]).sum();
                v * v
            })
            .sum()
    }

    /// Unscaled variance of coefficient `j`: `((R'R)^-1)_jj`.
    pub fn unscaled_coef_var(&self, j: usize) -> f64 {
        self.rinv[j][j..].iter().map(|v| v * v).sum()
    }
}

/// Householder QR of the n x p matrix `a` (columns), solving `a b = z` in least squares.
struct Qr {
    coef: Vec<f64>,
    rinv: Vec<Vec<f64>>,
    hat: Vec<f64>,
}

fn qr_solve(mut a: Vec<Vec<f64>>, mut z: Vec<f64>) -> Result<Qr, StatsError> {
    let p = a.len();
    let n = z.len();
    if n < p {
        return Err(StatsError::Fit("fewer observations than parameters"));
    }
    let norms: Vec<f64> = a
        .iter()
        .map(|c| c.iter().map(|v| v * v).sum::<f64>().sqrt())
        .collect();
    let mut vs: Vec<Vec<f64>> = Vec::with_capacity(p);
    let mut r = vec![vec![0.0; p]; p];
    for k in 0..p {
        let col = &a[k];
        let alpha_norm = col[k..].iter().map(|v| v * v).sum::<f64>().sqrt();
        if alpha_norm.is_nan() || alpha_norm <= norms[k] * QR_TOL || alpha_norm.is_infinite() {
            return Err(StatsError::Fit("design matrix is rank deficient"));
        }
        let alpha = if col[k] > 0.0 {
            -alpha_norm
        } else {
            alpha_norm
        };
        let mut v = vec![0.0; n];
        v[k] = col[k] - alpha;
        v[k + 1..].copy_from_slice(&col[k + 1..]);
        let vnorm2: f64 = v[k..].iter().map(|x| x * x).sum();
        // Apply H = I - 2 v v' / (v'v) to the remaining columns and to z.
        let apply = |x: &mut [f64]| {
            if vnorm2 == 0.0 {
                return;
            }
            let dot: f64 = (k..n).map(|i| v[i] * x[i]).sum();
            let f = 2.0 * dot / vnorm2;
            for i in k..n {
                x[i] -= f * v[i];
            }
        };
        for col in a.iter_mut().skip(k + 1) {
            apply(col);
        }
        apply(&mut z);
        r[k][k] = alpha;
        for j in k + 1..p {
            r[k][j] = a[j][k];
        }
        vs.push(v);
    }
    // Back substitution for the coefficients and for R^-1.
    let mut coef = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|j| r[i][j] * coef[j]).sum();
        coef[i] = (z[i] - s) / r[i][i];
    }
    let mut rinv = vec![vec![0.0; p]; p];
    #[allow(clippy::needless_range_loop)] // column-wise back substitution reads earlier rows
    for col in 0..p {
        for i in (0..=col).rev() {
            let e = if i == col { 1.0 } else { 0.0 };
            let s: f64 = (i + 1..=col).map(|j| r[i][j] * rinv[j][col]).sum();
            rinv[i][col] = (e - s) / r[i][i];
        }
    }
    // Thin Q: apply the reflections in reverse order to the first p unit vectors.
    let mut hat = vec![0.0; n];
    for j in 0..p {
        let mut e = vec![0.0; n];
        e[j] = 1.0;
        for (k, v) in vs.iter().enumerate().rev() {
            let vnorm2: f64 = v[k..].iter().map(|x| x * x).sum();
            if vnorm2 == 0.0 {
                continue;
            }
            let dot: f64 = (k..n).map(|i| v[i] * e[i]).sum();
            let f = 2.0 * dot / vnorm2;
            for i in k..n {
                e[i] -= f * v[i];
            }
        }
        for i in 0..n {
            hat[i] += e[i] * e[i];
        }
    }
    for h in &mut hat {
        if *h > 1.0 - 10.0 * f64::EPSILON {
            *h = 1.0;
        }
    }
    Ok(Qr { coef, rinv, hat })
}

fn eta_of(x: &[Vec<f64>], coef: &[f64], n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| x.iter().zip(coef).map(|(c, b)| c[i] * b).sum())
        .collect()
}

/// R's `glm.fit(x, y, weights = prior, family, etastart)` with a log link.
pub(crate) fn glm_fit(
    x: &[Vec<f64>],
    y: &[f64],
    prior: &[f64],
    family: Family,
    etastart: Option<&[f64]>,
) -> Result<Fit, StatsError> {
    let n = y.len();
    let p = x.len();
    let mut eta: Vec<f64> = match etastart {
        Some(e) => e.to_vec(),
        None => y.iter().map(|&v| family.mustart(v).ln()).collect(),
    };
    let mut mu: Vec<f64> = eta.iter().map(|&e| linkinv(e)).collect();
    let deviance = |mu: &[f64]| -> f64 {
        (0..n)
            .map(|i| family.dev_resid(y[i], mu[i], prior[i]))
            .sum()
    };
    let mut devold = deviance(&mu);
    let mut coefold: Option<Vec<f64>> = None;
    let mut converged = false;
    let mut last: Option<(Qr, Vec<usize>, Vec<f64>)> = None;
    let mut coef = vec![0.0; p];
    for _iter in 0..MAXIT {
        let good: Vec<usize> = (0..n).filter(|&i| prior[i] > 0.0).collect();
        let mut z = Vec::with_capacity(good.len());
        let mut w = Vec::with_capacity(good.len());
        for &i in &good {
            let mu_eta = linkinv(eta[i]);
            z.push(eta[i] + (y[i] - mu[i]) / mu_eta);
            w.push((prior[i] * mu_eta * mu_eta / family.variance(mu[i])).sqrt());
        }
        let a: Vec<Vec<f64>> = x
            .iter()
            .map(|c| good.iter().zip(&w).map(|(&i, wi)| c[i] * wi).collect())
            .collect();
        let zw: Vec<f64> = z.iter().zip(&w).map(|(a, b)| a * b).collect();
        let qr = qr_solve(a, zw)?;
        coef.clone_from(&qr.coef);
        eta = eta_of(x, &coef, n);
        mu = eta.iter().map(|&e| linkinv(e)).collect();
        let mut dev = deviance(&mu);
        // Step halving towards the previous coefficients while the fit is invalid.
        let mut halvings = 0;
        while !dev.is_finite() || mu.iter().any(|m| !m.is_finite()) {
            let Some(old) = &coefold else {
                return Err(StatsError::Fit("no valid set of coefficients"));
            };
            halvings += 1;
            if halvings > MAXIT {
                return Err(StatsError::Fit("inner loop: cannot correct step size"));
            }
            for (c, o) in coef.iter_mut().zip(old) {
                *c = (*c + o) / 2.0;
            }
            eta = eta_of(x, &coef, n);
            mu = eta.iter().map(|&e| linkinv(e)).collect();
            dev = deviance(&mu);
        }
        last = Some((qr, good, w));
        if (dev - devold).abs() / (dev.abs() + 0.1) < EPSILON {
            converged = true;
            break;
        }
        devold = dev;
        coefold = Some(coef.clone());
    }
    let Some((qr, good, w)) = last else {
        return Err(StatsError::Fit("no iterations"));
    };
    let mut working_w = vec![0.0; n];
    let mut hat = vec![0.0; n];
    for ((&i, wi), h) in good.iter().zip(&w).zip(&qr.hat) {
        working_w[i] = wi * wi;
        hat[i] = *h;
    }
    let working_resid = (0..n).map(|i| (y[i] - mu[i]) / linkinv(eta[i])).collect();
    let n_ok = prior.iter().filter(|w| **w != 0.0).count();
    Ok(Fit {
        coef,
        mu,
        working_w,
        working_resid,
        rinv: qr.rinv,
        hat,
        converged,
        df_residual: n_ok as f64 - p as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_regression_matches_r() {
        // R: glm(y ~ t, family = quasipoisson) with y = c(2,3,6,7,8,9,10,12,15), t = 1:9
        // coef = (0.9818450317, 0.1948376784), dispersion 0.2079377713.
        let y = [2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 15.0];
        let t: Vec<f64> = (1..=9).map(f64::from).collect();
        let x = vec![vec![1.0; 9], t];
        let fit = glm_fit(&x, &y, &[1.0; 9], Family::Poisson, None).unwrap();
        assert!(fit.converged);
        let disp = fit.dispersion_with(&fit.working_w);
        assert!(
            (fit.coef[0] - 0.981_845_031_7).abs() < 1e-9,
            "{:?}",
            fit.coef
        );
        assert!(
            (fit.coef[1] - 0.194_837_678_4).abs() < 1e-9,
            "{:?}",
            fit.coef
        );
        assert!((disp - 0.207_937_771_3).abs() < 1e-9, "{disp}");
        let hsum: f64 = fit.hat.iter().sum();
        assert!(
            (hsum - 2.0).abs() < 1e-9,
            "trace of the hat matrix is the rank"
        );
    }

    #[test]
    fn collinear_design_is_an_error() {
        let y = [1.0, 2.0, 3.0];
        let x = vec![vec![1.0; 3], vec![2.0; 3]];
        assert!(glm_fit(&x, &y, &[1.0; 3], Family::Poisson, None).is_err());
    }
}
