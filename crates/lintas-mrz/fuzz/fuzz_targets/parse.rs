//! Fuzz the MRZ parser: any bytes, read as text, must parse without panicking, and the
//! result must be self-consistent (valid ⇔ no errors; a suggestion really passes).
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use libfuzzer_sys::fuzz_target;
use lintas_mrz::{ParseOptions, indicators, parse, parse_lines};
use time::{Date, Month};

fuzz_target!(|data: &[u8]| {
    let Ok(today) = Date::from_calendar_date(2026, Month::November, 23) else { return };
    let opts = ParseOptions::new(today);
    let text = String::from_utf8_lossy(data);
    let doc = parse(&text, &opts);
    assert_eq!(doc.valid, doc.errors.is_empty());
    let _ = indicators(&doc, today, &[]);
    if let Some(s) = &doc.suggestion {
        let refs: Vec<&str> = s.mrz.iter().map(String::as_str).collect();
        let fixed = parse_lines(&refs, &opts);
        assert!(fixed.check_digits.iter().all(|c| c.ok));
    }
});
