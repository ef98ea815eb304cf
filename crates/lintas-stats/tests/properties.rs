//! Properties every method must keep on arbitrary counts: no panic, no NaN or infinity in
//! a reported number, an alarm only with a bound, and monotonicity in the evaluated
//! period's own count (the bound does not move, the alarm cannot switch off as it grows).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lintas_stats::ears::{EarsControl, EarsMethod, ears_at};
use lintas_stats::farrington::{FarringtonControl, farrington_at};
use lintas_stats::glrnb::{GlrnbControl, glrnb};
use lintas_stats::{Detection, Method, Options, Period, Series, detect_all};
use proptest::prelude::*;

fn weeks(n: usize) -> Vec<Period> {
    let mut p = Period::parse("2014-W30").unwrap();
    (0..n)
        .map(|_| {
            let q = p;
            p = p.next().unwrap();
            q
        })
        .collect()
}

fn finite(d: &Detection) -> bool {
    [d.expected, d.upper, d.score, d.p_value]
        .iter()
        .all(|v| v.is_none_or(f64::is_finite))
}

fn counts(max_len: usize) -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![
        proptest::collection::vec(0u64..4, 0..max_len),
        proptest::collection::vec(0u64..400, 0..max_len),
        proptest::collection::vec(
            prop_oneof![Just(0u64), Just(1u64), 0u64..100_000],
            0..max_len
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_method_reports_finite_numbers(c in counts(230), m in 0usize..6) {
        let method = [Method::Auto, Method::Farrington, Method::EarsC1, Method::EarsC2, Method::EarsC3, Method::Glrnb][m];
        let p = weeks(c.len());
        let points: Vec<(Period, u64)> = p.iter().copied().zip(c.iter().copied()).collect();
        let s = Series::from_points("s", &points).unwrap();
        let opts = Options { method, ..Options::default() };
        let out = detect_all(&[s.clone(), s], &opts).unwrap();
        prop_assert_eq!(out.len(), 2 * c.len());
        for d in &out {
            prop_assert!(finite(d), "{:?}", d);
            prop_assert!(!d.alarm_fdr || d.alarm);
            if d.alarm && d.method != Method::Glrnb {
                prop_assert!(d.upper.is_some(), "{:?}", d);
            }
        }
    }

    #[test]
    fn ears_is_monotone_in_the_current_count(c in proptest::collection::vec(0u64..60, 13..40), extra in 1u64..50, m in 0usize..3) {
        let method = [EarsMethod::C1, EarsMethod::C2, EarsMethod::C3][m];
        let ctl = EarsControl::new(method, 0.01);
        let t = c.len() - 1;
        let a = ears_at(&c, t, &ctl).unwrap();
        let mut c2 = c.clone();
        c2[t] += extra;
        let b = ears_at(&c2, t, &ctl).unwrap();
        if method != EarsMethod::C3 {
            prop_assert_eq!(a.upper, b.upper);
        }
        prop_assert!(!a.alarm || b.alarm);
    }

    #[test]
    fn glr_is_monotone_in_the_current_count(c in proptest::collection::vec(1u64..40, 60..90), extra in 1u64..30) {
        let ctl = GlrnbControl::default();
        let Ok((a, _)) = glrnb(&c, 52, 52, &ctl) else { return Ok(()) };
        // Compare at the first period after the last alarm-free stretch.
        let t = 52 + a.len() - 1;
        let mut c2 = c.clone();
        c2[t] += extra;
        let (b, _) = glrnb(&c2, 52, 52, &ctl).unwrap();
        prop_assert!(b[b.len() - 1].glr >= a[a.len() - 1].glr - 1e-9);
        prop_assert_eq!(b[b.len() - 1].cases, a[a.len() - 1].cases);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn farrington_bound_ignores_the_current_count(base in 1.0f64..60.0, seed in 0u64..1000, extra in 1u64..200) {
        let n = 200;
        let c: Vec<u64> = (0..n)
            .map(|i| {
                let wiggle = ((i as u64 * 2_654_435_761 + seed) % 1000) as f64 / 1000.0;
                (base * (1.0 + 0.3 * (i as f64 / 8.3).sin()) * (0.5 + wiggle)) as u64
            })
            .collect();
        let p = weeks(n);
        let ctl = FarringtonControl::default();
        let a = farrington_at(&p, &c, n - 1, &ctl);
        let mut c2 = c.clone();
        c2[n - 1] += extra;
        let b = farrington_at(&p, &c2, n - 1, &ctl);
        match (a, b) {
            (Some(a), Some(b)) => {
                if a.upper.is_some() {
                    prop_assert_eq!(a.upper, b.upper);
                }
                prop_assert!(!a.alarm || b.alarm);
                prop_assert_eq!(a.baseline, b.baseline);
            }
            (None, None) => {}
            (a, b) => prop_assert!(false, "fit depends on the current count: {:?} {:?}", a, b),
        }
    }
}
