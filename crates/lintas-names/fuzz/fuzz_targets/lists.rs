//! List parsers on arbitrary bytes: errors, never panics.
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use libfuzzer_sys::fuzz_target;
use lintas_names::lists::{ListFormat, parse};

fuzz_target!(|data: &[u8]| {
    for f in [ListFormat::Un, ListFormat::Ofac, ListFormat::Ftm, ListFormat::Csv] {
        let _ = parse(data, f);
    }
});
