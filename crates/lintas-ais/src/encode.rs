//! Encoding of position reports (types 1–3) into NMEA sentences, for demo data,
//! simulators and round-trip tests.

use crate::messages::PositionReport;

struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    fn put(&mut self, v: u32, len: usize) {
        for i in (0..len).rev() {
            self.bits.push(v >> i & 1 == 1);
        }
    }
    fn put_i(&mut self, v: i32, len: usize) {
        self.put(v as u32 & ((1u64 << len) - 1) as u32, len);
    }
}

/// Armoured payload and fill-bit count of a class A position report.
pub fn position_payload(msg_type: u8, repeat: u8, mmsi: u32, p: &PositionReport) -> (String, u8) {
    let mut w = BitWriter {
        bits: Vec::with_capacity(168),
    };
    w.put(u32::from(msg_type), 6);
    w.put(u32::from(repeat), 2);
    w.put(mmsi, 30);
    w.put(u32::from(p.status), 4);
    w.put_i(i32::from(p.turn), 8);
    w.put(u32::from(p.speed), 10);
    w.put(u32::from(p.accuracy), 1);
    w.put_i(p.lon, 28);
    w.put_i(p.lat, 27);
    w.put(u32::from(p.course), 12);
    w.put(u32::from(p.heading), 9);
    w.put(u32::from(p.second), 6);
    w.put(u32::from(p.maneuver), 2);
    w.put(0, 3);
    w.put(u32::from(p.raim), 1);
    w.put(p.radio, 19);
    armour(&w.bits)
}

fn armour(bits: &[bool]) -> (String, u8) {
    let fill = (6 - bits.len() % 6) % 6;
    let mut s = String::with_capacity(bits.len().div_ceil(6));
    for chunk in bits.chunks(6) {
        let mut v = 0u8;
        for k in 0..6 {
            v = v << 1 | u8::from(chunk.get(k).copied().unwrap_or(false));
        }
        s.push(char::from(if v < 40 { v + 48 } else { v + 56 }));
    }
    (s, fill as u8)
}

/// A single-fragment `!AIVDM` sentence for `payload`, optionally prefixed by an NMEA 4.0
/// tag block carrying the receive time (`c:`) and source station (`s:`).
pub fn sentence(
    payload: &str,
    fill: u8,
    channel: char,
    received_at: Option<i64>,
    station: Option<&str>,
) -> String {
    let body = format!("AIVDM,1,1,,{channel},{payload},{fill}");
    let cks = body.bytes().fold(0u8, |a, b| a ^ b);
    let mut tag = String::new();
    if received_at.is_some() || station.is_some() {
        let mut fields = Vec::new();
        if let Some(s) = station {
            fields.push(format!("s:{s}"));
        }
        if let Some(t) = received_at {
            fields.push(format!("c:{t}"));
        }
        let f = fields.join(",");
        let tcks = f.bytes().fold(0u8, |a, b| a ^ b);
        tag = format!("\\{f}*{tcks:02X}\\");
    }
    format!("{tag}!{body}*{cks:02X}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Body;
    use crate::stream::{Decoder, Outcome};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn position_reports_round_trip(
            mmsi in 0u32..(1 << 30), status in 0u8..16, turn in any::<i8>(), speed in 0u16..1024,
            lon in -108_600_000i32..108_600_000, lat in -54_600_000i32..54_600_000,
            course in 0u16..4096, heading in 0u16..512, second in 0u8..64, t in 1_000_000_000i64..2_000_000_000,
        ) {
            let p = PositionReport { status, turn, speed, accuracy: true, lon, lat, course, heading,
                second, maneuver: 0, raim: false, radio: 12345 };
            let (payload, fill) = position_payload(1, 0, mmsi, &p);
            let line = sentence(&payload, fill, 'A', Some(t), Some("test"));
            let mut d = Decoder::default();
            match d.push(line.as_bytes()) {
                Outcome::Message(m) => {
                    prop_assert_eq!(m.received_at, Some(t));
                    prop_assert_eq!(m.message.mmsi, mmsi);
                    prop_assert_eq!(m.message.body, Body::Position(p));
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
