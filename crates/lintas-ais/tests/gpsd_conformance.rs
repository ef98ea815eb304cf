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

/// Application messages absent from the shared files, crafted here and decoded with
/// Debian's gpsdecode 3.22 (`gpsdecode -j -u`), whose output is pasted below. These
/// layouts did not change between 3.22 and the reference version.
#[test]
fn crafted_application_messages_match_gpsdecode_3_22() {
    let input = b"!AIVDM,1,1,,A,802E3M@0G@585<<?PG?B<4,0*35
!AIVDM,1,1,,A,802E3MP0CjdP,0*5A
!AIVDM,1,1,,A,602E3N0r;9@004t?H0,4*29
!AIVDM,1,1,,A,602E3N@r;9@00502J000000000000000000000,4*13
!AIVDM,1,1,,A,802E3NP0CDQ@DkkP00000000000001TSk@00000000000000053h000000000000000000:A`DHt9:0,2*67
";
    let want = [
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442101,"scaled":false,"dac":1,"fid":29,"linkage":5,"text":"HELLO WORLD"}"#,
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442102,"scaled":false,"dac":1,"fid":15,"airdraught":345}"#,
        r#"{"class":"AIS","device":"stdin","type":6,"repeat":0,"mmsi":2442104,"scaled":false,"seqno":0,"dest_mmsi":244000000,"retransmit":false,"dac":1,"fid":15,"airdraught":1184}"#,
        r#"{"class":"AIS","device":"stdin","type":6,"repeat":0,"mmsi":2442105,"scaled":false,"seqno":0,"dest_mmsi":244000000,"retransmit":false,"dac":1,"fid":16,"persons":77}"#,
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442106,"scaled":false,"dac":1,"fid":13,"reason":"REASON","closefrom":"FROM","closeto":"TO","radius":10,"extunit":1,"from":"04-03T05:06","to":"08-07T09:10"}"#,
    ];
    let got = decode_json(input, false, Some("stdin"));
    let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    assert_same("crafted", &got, &want);
}
