//! Fuzz the period parser: any text parses or errors without panicking, and whatever
//! parses prints back to a label that parses to the same period.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lintas_stats::Period;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = Period::parse(&text) {
        let again = Period::parse(&p.to_string());
        assert_eq!(again, Ok(p));
        let _ = p.next();
    }
});
