//! Settings TOML and blocking-key parsing must reject bad input with an error, never a panic.
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use libfuzzer_sys::fuzz_target;
use lintas_link::{KeyExpr, Settings};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = Settings::from_toml(&text) {
        let _ = s.validate();
        let _ = s.to_toml();
    }
    let _ = text.parse::<KeyExpr>();
});
