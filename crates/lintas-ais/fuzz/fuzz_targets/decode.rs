#![no_main]
//! Feeds arbitrary bytes as NMEA lines through the decoder, the gpsd JSON writer, the
//! track builder and the corridor parser: none may panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use libfuzzer_sys::fuzz_target;
use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, DecoderConfig, Outcome, Tracks};

fuzz_target!(|data: &[u8]| {
    let mut d = Decoder::new(DecoderConfig { max_pending: 4, max_age_lines: 8, ..DecoderConfig::default() });
    let mut tracks = Tracks::default();
    let mut out = Vec::new();
    for line in data.split(|&b| b == b'\n') {
        if let Outcome::Message(m) = d.push(line) {
            for scaled in [true, false] {
                out.clear();
                write_message(&mut out, &m.message, JsonOptions { scaled, device: Some("stdin") });
                assert!(out.ends_with(b"}\n"));
            }
            let _ = m.message.fix();
            tracks.add(&m);
        }
    }
    d.finish();
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = lintas_ais::detect::parse_corridors(s);
    }
});
