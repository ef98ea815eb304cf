//! Fuzz the HTCDS flat CSV reader: any bytes read without panicking, every error names a
//! column of the layout (or the row, when the row itself is unreadable), and every accepted
//! case survives export to the flat layout and re-import unchanged.
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use lintas_model::victims::flat;

fuzz_target!(|data: &[u8]| {
    let Some(today) = NaiveDate::from_ymd_opt(2026, 11, 23) else {
        return;
    };
    let opts = flat::Options::new(today);
    let Ok(rows) = flat::read_csv(data, &opts) else {
        return;
    };
    for row in rows {
        match row.record {
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in errors {
                    assert!(
                        e.field.is_empty() || flat::COLUMNS.iter().any(|c| c.name == e.field),
                        "error names no column: {e:?}"
                    );
                }
            }
            Ok(case) => {
                let mut out = Vec::new();
                let refused = flat::write_csv(std::slice::from_ref(&case), &mut out)
                    .expect("writing to memory");
                assert!(refused.is_empty(), "a read row must fit a row: {refused:?}");
                let back: Vec<flat::Row> = flat::read_csv(&out[..], &opts)
                    .expect("our own header")
                    .collect();
                assert_eq!(back.len(), 1);
                assert_eq!(back[0].record.as_ref().ok(), Some(&case));
            }
        }
    }
});
