//! Byte-for-byte comparison with gpsd's own expected outputs (`*.chk.txt`) for every
//! input file under `shared/data/ais/gpsd/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

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

/// More crafted application messages, both flavours, expected from gpsdecode 3.22.
#[test]
fn crafted_route_and_inland_messages_match_gpsdecode_3_22() {
    let input = b"!AIVDM,1,1,,A,802E3Nh0Fh7@E<LP07PB=EJ@NB8h16u10?;Fo0,1*14
!AIVDM,1,1,,A,602E3O0r;9@005h1muC7801p4SEFT7TR<0Ag@@3jmeh0,5*45
!AIVDM,1,1,,A,802E3O@j611@0wvh0gvh0Ow40CwH,0*19
!AIVDM,1,1,,A,802E3OPj:0>p9P>aP01U`P0002P0,0*3B
";
    let unscaled = [
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442107,"scaled":false,"dac":1,"fid":27,"linkage":7,"sender":2,"rtype":1,"rtype_text":"Mandatory","start":"05-06T07:08Z","duration":120,"waypoints":[{"lon":74100000,"lat":-7200000},{"lon":74400000,"lat":-6900000}]}"#,
        r#"{"class":"AIS","device":"stdin","type":6,"repeat":0,"mmsi":2442108,"scaled":false,"seqno":0,"dest_mmsi":244000000,"retransmit":false,"dac":1,"fid":28,"linkage":7,"sender":2,"rtype":31,"rtype_text":"Cancel route identified by message linkage","start":"05-06T07:08Z","duration":120,"waypoints":[{"lon":74100000,"lat":-7200000},{"lon":74400000,"lat":-6900000}]}"#,
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442109,"scaled":false,"dac":200,"fid":24,"country":"DE","gauges":[{"id":1,"level":-10},{"id":2,"level":-20},{"id":3,"level":-30},{"id":4,"level":-40}]}"#,
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442110,"scaled":false,"dac":200,"fid":40,"lon":3900000,"lat":30720000,"form":3,"facing":90,"direction":1,"direction_text":"Upstream","status":5,"status_text":"Red"}"#,
    ];
    let scaled = [
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442107,"scaled":true,"dac":1,"fid":27,"linkage":7,"sender":2,"rtype":1,"rtype_text":"Mandatory","start":"05-06T07:08Z","duration":120,"waypoints":[{"lon":123.500000,"lat":-12.000000},{"lon":124.000000,"lat":-11.500000}]}"#,
        r#"{"class":"AIS","device":"stdin","type":6,"repeat":0,"mmsi":2442108,"scaled":true,"seqno":0,"dest_mmsi":244000000,"retransmit":false,"dac":1,"fid":28,"linkage":7,"sender":2,"rtype":31,"rtype_text":"Cancel route identified by message linkage","start":"05-06T07:08Z","duration":120,"waypoints":[{"lon":123.500000,"lat":-12.000000},{"lon":124.000000,"lat":-11.500000}]}"#,
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442109,"scaled":true,"dac":200,"fid":24,"country":"DE","gauges":[{"id":1,"level":-10},{"id":2,"level":-20},{"id":3,"level":-30},{"id":4,"level":-40}]}"#,
        r#"{"class":"AIS","device":"stdin","type":8,"repeat":0,"mmsi":2442110,"scaled":true,"dac":200,"fid":40,"lon":6.500000,"lat":51.200000,"form":3,"facing":90,"direction":1,"direction_text":"Upstream","status":5,"status_text":"Red"}"#,
    ];
    for (sc, want) in [(false, unscaled), (true, scaled)] {
        let got = decode_json(input, sc, Some("stdin"));
        let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        assert_same("crafted routes", &got, &want);
    }
}
