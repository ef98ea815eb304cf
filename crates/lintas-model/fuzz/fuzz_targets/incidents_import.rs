//! Fuzz the incident import readers (CSV, JSON array, JSON Lines): any bytes read without
//! panicking, rows come out in increasing line order, every invalid row says why, and every
//! accepted incident re-reads from its own JSON unchanged.
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use lintas_model::import::{Format, from_json, read};

fuzz_target!(|data: &[u8]| {
    let Some(today) = NaiveDate::from_ymd_opt(2026, 11, 23) else {
        return;
    };
    for format in [Format::Csv, Format::Json, Format::JsonLines] {
        let Ok(rows) = read(data, format, today) else {
            continue;
        };
        let mut last = 0;
        for row in rows {
            assert!(row.line >= last, "lines go backwards: {} after {last}", row.line);
            last = row.line;
            match row.record {
                Err(errors) => assert!(!errors.is_empty()),
                Ok(incident) => {
                    let text = serde_json::to_string(&incident).expect("serialising");
                    assert_eq!(from_json(&text, today).as_ref(), Ok(&incident));
                }
            }
        }
    }
});
