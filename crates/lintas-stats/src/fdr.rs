//! Benjamini–Hochberg over many tests (R's `p.adjust(method = "BH")`).

/// BH-adjusted p-values; `None` (and NaN) entries are not tests and stay `None`.
pub fn bh_adjust(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<usize> = (0..p.len())
        .filter(|&i| p[i].is_some_and(|v| !v.is_nan()))
        .collect();
    let m = idx.len() as f64;
    idx.sort_by(|&a, &b| {
        let (x, y) = (p[a].unwrap_or(1.0), p[b].unwrap_or(1.0));
        y.total_cmp(&x)
    });
    let mut out = vec![None; p.len()];
    let mut running = f64::INFINITY;
    for (r, &i) in idx.iter().enumerate() {
        let rank = m - r as f64; // descending order: largest p has rank m
        let v = p[i].unwrap_or(1.0) * m / rank;
        running = running.min(v).min(1.0);
        out[i] = Some(running);
    }
    out
}

/// Which tests BH rejects at false discovery rate `q`.
pub fn bh_reject(p: &[Option<f64>], q: f64) -> Vec<bool> {
    bh_adjust(p)
        .into_iter()
        .map(|a| a.is_some_and(|a| a <= q))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_p_adjust() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.2, 0.005), "BH")
        //  = 0.025 0.05 0.05 0.2 0.025
        let p = [
            Some(0.01),
            Some(0.04),
            Some(0.03),
            Some(0.2),
            Some(0.005),
            None,
        ];
        let a = bh_adjust(&p);
        let want = [0.025, 0.05, 0.05, 0.2, 0.025];
        for (x, w) in a.iter().zip(want) {
            assert!((x.unwrap() - w).abs() < 1e-12, "{a:?}");
        }
        assert_eq!(a[5], None);
        assert_eq!(
            bh_reject(&p, 0.03),
            [true, false, false, false, true, false]
        );
    }

    proptest::proptest! {
        #[test]
        fn adjusted_at_least_raw_and_monotone(ps in proptest::collection::vec(0.0f64..=1.0, 0..40)) {
            let p: Vec<Option<f64>> = ps.iter().copied().map(Some).collect();
            let a = bh_adjust(&p);
            for i in 0..p.len() {
                let ai = a[i].unwrap();
                proptest::prop_assert!(ai >= ps[i] - 1e-15 && ai <= 1.0);
                for j in 0..p.len() {
                    if ps[i] <= ps[j] {
                        proptest::prop_assert!(ai <= a[j].unwrap() + 1e-15);
                    }
                }
            }
        }
    }
}
