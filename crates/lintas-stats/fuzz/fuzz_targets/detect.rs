//! Fuzz the detectors: arbitrary counts (two bytes each) through every method must not
//! panic and must report only finite numbers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lintas_stats::{Method, Options, Period, Series, detect_all};

fuzz_target!(|data: &[u8]| {
    let Some((&m, rest)) = data.split_first() else { return };
    let method = [
        Method::Auto,
        Method::Farrington,
        Method::EarsC1,
        Method::EarsC2,
        Method::EarsC3,
        Method::Glrnb,
    ][usize::from(m) % 6];
    let Ok(mut p) = Period::parse("2016-W01") else { return };
    let mut points = Vec::new();
    for pair in rest.chunks(2).take(400) {
        let c = u64::from(pair[0]) * if pair.len() > 1 { u64::from(pair[1]) } else { 1 };
        points.push((p, c));
        let Some(n) = p.next() else { return };
        p = n;
    }
    let Ok(s) = Series::from_points("f", &points) else { return };
    let opts = Options { method, ..Options::default() };
    let Ok(out) = detect_all(&[s], &opts) else { return };
    for d in out {
        for v in [d.expected, d.upper, d.score, d.p_value].into_iter().flatten() {
            assert!(v.is_finite());
        }
    }
});
