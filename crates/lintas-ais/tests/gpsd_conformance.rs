//! Byte-for-byte comparison with gpsd's own expected outputs (`*.chk.txt`) for every
//! input file under `shared/data/ais/gpsd/`.

use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, Outcome};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ais/gpsd/"
);

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn decode_json(input: &[u8], scaled: bool, device: Option<&str>) -> Vec<String> {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    for line in input.split(|&b| b == b'\n') {
        if let Outcome::Message(m) = d.push(line) {
            write_message(&mut out, &m.message, JsonOptions { scaled, device });
        }
    }
    String::from_utf8(out)
        .expect("utf8")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect()
}

fn assert_same(name: &str, got: &[String], want: &[String]) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "{name}: record {} differs", i + 1);
    }
    assert_eq!(got.len(), want.len(), "{name}: record count");
}

#[test]
fn sample_aivdm_scaled_matches_gpsdecode_j() {
    let got = decode_json(&read("sample.aivdm.txt"), true, Some("stdin"));
    let want = lines(&read("sample.aivdm.js.chk.txt"));
    assert_eq!(want.len(), 97);
    assert_same("sample.aivdm -j", &got, &want);
}

#[test]
fn sample_aivdm_unscaled_matches_gpsdecode_j_u() {
    let got = decode_json(&read("sample.aivdm.txt"), false, Some("stdin"));
    let want = lines(&read("sample.aivdm.ju.chk.txt"));
    assert_same("sample.aivdm -j -u", &got, &want);
}

/// The daemon logs interleave input with gpsd's JSON; the daemon re-reports the last
/// AIS record when other NMEA arrives, so consecutive repeats are collapsed on both sides.
fn daemon_log(name: &str) {
    let got = dedup(decode_json(&read(&format!("{name}.log.txt")), false, None));
    let want = dedup(
        lines(&read(&format!("{name}.log.chk.txt")))
            .into_iter()
            .filter(|l| l.starts_with("{\"class\":\"AIS\""))
            .collect(),
    );
    assert!(!want.is_empty());
    assert_same(name, &got, &want);
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.dedup();
    v
}

#[test]
fn daemon_ais_nmea_log() {
    daemon_log("ais-nmea");
}

#[test]
fn daemon_ais_18_27_log() {
    daemon_log("ais-18-27");
}

#[test]
fn daemon_ais_raw_messages_log() {
    daemon_log("ais-raw-messages");
}

#[test]
fn daemon_ais_unpack_sixbit_log() {
    daemon_log("ais_unpack_sixbit");
}

#[test]
fn daemon_type6_fid55_log() {
    daemon_log("ais-nmea-type6-fid55");
}
