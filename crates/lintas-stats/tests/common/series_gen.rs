//! Seeded weekly count series shaped like the region's reporting: a baseline mean, a
//! yearly season, a slow trend and negative-binomial overdispersion (a gamma-mixed
//! Poisson). Shared by the R reference test and the simulation example.
#![allow(dead_code)]

use rand010::SeedableRng;
use rand010::distr::Distribution;
use rand010::rngs::StdRng;
use statrs::distribution::{Gamma, Poisson};

#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Mean count per week at the start, before season and trend.
    pub mean: f64,
    /// Variance / mean (1 = Poisson).
    pub overdispersion: f64,
    /// Relative change of the mean per year (0.1 = +10 % a year).
    pub trend: f64,
    /// Amplitude of the yearly season, relative to the mean (0 = none).
    pub season: f64,
}

impl Shape {
    /// The in-control mean of week `t`.
    pub fn mean_at(&self, t: usize) -> f64 {
        let years = t as f64 / 52.0;
        let season = 1.0 + self.season * (2.0 * std::f64::consts::PI * years).sin();
        (self.mean * (1.0 + self.trend).powf(years) * season).max(1e-3)
    }

    /// Standard deviation of week `t`'s count.
    pub fn sd_at(&self, t: usize) -> f64 {
        (self.mean_at(t) * self.overdispersion).sqrt()
    }
}

/// One negative-binomial draw with mean `mu` and variance `mu * od`.
pub fn draw(rng: &mut StdRng, mu: f64, od: f64) -> u64 {
    let lambda = if od > 1.0 {
        // Gamma mixing: shape k = mu / (od - 1) gives variance mu + mu^2/k = mu * od.
        let k = mu / (od - 1.0);
        match Gamma::new(k, k / mu) {
            Ok(g) => g.sample(rng),
            Err(_) => mu,
        }
    } else {
        mu
    };
    if lambda <= 0.0 {
        return 0;
    }
    match Poisson::new(lambda) {
        Ok(p) => {
            let v: f64 = p.sample(rng);
            v as u64
        }
        Err(_) => 0,
    }
}

/// `n` in-control weeks of `shape` from `seed`.
pub fn series(shape: &Shape, n: usize, seed: u64) -> Vec<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .map(|t| draw(&mut rng, shape.mean_at(t), shape.overdispersion))
        .collect()
}
