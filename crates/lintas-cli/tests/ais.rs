//! End-to-end tests of `lintas ais decode` and `lintas ais detect`.

use std::io::Write;
use std::process::{Command, Stdio};

use lintas_ais::encode::{position_payload, sentence};
use lintas_ais::messages::PositionReport;

const GPSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ais/gpsd/"
);

fn lintas(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lintas"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lintas");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or_default())
        .expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf8 stdout"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(format!("{GPSD}{name}"))
        .expect("expected file")
        .replace('\r', "")
}

#[test]
fn decode_file_matches_gpsdecode_j() {
    let (code, out, _) = lintas(&["ais", "decode", &format!("{GPSD}sample.aivdm.txt")], None);
    assert_eq!(code, 0);
    assert_eq!(out, expected("sample.aivdm.js.chk.txt"));
}

#[test]
fn decode_stdin_unscaled_matches_gpsdecode_j_u() {
    let input = std::fs::read(format!("{GPSD}sample.aivdm.txt")).unwrap();
    let (code, out, _) = lintas(&["ais", "decode", "--json", "gpsd-unscaled"], Some(&input));
    assert_eq!(code, 0);
    assert_eq!(out, expected("sample.aivdm.ju.chk.txt"));
}

#[test]
fn bad_sentences_are_reported_with_line_numbers_and_the_run_completes() {
    let input = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*00\n!AIVDM,1,1,,A,15RT{t0PAso;90TKcjM8h6g208CQ,0*56\n";
    let (code, out, err) = lintas(&["ais", "decode"], Some(input));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
    assert!(err.contains("line 2: checksum mismatch"), "{err}");
    assert!(err.contains("line 3: bad payload"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_missing_files_exit_1() {
    assert_eq!(lintas(&["ais", "decode", "--json", "xml"], None).0, 2);
    let (code, _, err) = lintas(&["ais", "decode", "/nonexistent/file.nmea"], None);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/file.nmea"));
}

fn report(mmsi: u32, t: i64, lat: f64, lon: f64) -> String {
    let p = PositionReport {
        status: 0,
        turn: 0,
        speed: 10,
        accuracy: true,
        lon: (lon * 600_000.0).round() as i32,
        lat: (lat * 600_000.0).round() as i32,
        course: 900,
        heading: 90,
        second: 0,
        maneuver: 0,
        raim: false,
        radio: 0,
    };
    let (payload, fill) = position_payload(1, 0, mmsi, &p);
    sentence(&payload, fill, 'A', Some(t), Some("sat"))
}

#[test]
fn detect_finds_an_encounter_in_tag_blocked_nmea() {
    // Two vessels 200 m apart, drifting at 1 knot for 3 hours, 110 nm south of Java.
    let t0 = 1_700_000_000;
    let mut nmea = String::new();
    for i in 0..37 {
        let t = t0 + i * 300;
        let lon = 108.5 + 0.00015 * i as f64;
        nmea.push_str(&report(525_000_001, t, -9.5, lon));
        nmea.push('\n');
        nmea.push_str(&report(525_000_002, t + 30, -9.4982, lon));
        nmea.push('\n');
    }
    let (code, out, err) = lintas(&["ais", "detect"], Some(nmea.as_bytes()));
    assert_eq!(code, 0, "{err}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let enc: Vec<_> = events.iter().filter(|e| e["kind"] == "encounter").collect();
    assert_eq!(enc.len(), 1, "{out}");
    assert_eq!(enc[0]["mmsi"], 525_000_001);
    assert_eq!(enc[0]["other_mmsi"], 525_000_002);
    assert_eq!(enc[0]["start"], "2023-11-14T22:20:00Z");
    assert!(enc[0]["distance_from_shore_nm"].as_f64().unwrap() > 50.0);
    assert_eq!(enc[0]["detail"]["params"]["max_distance_m"], 500.0);
}

#[test]
fn detect_runs_on_real_tag_block_data() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ais/libais/tagblock.nmea.txt"
    );
    let (code, out, err) = lintas(&["ais", "detect", file], None);
    assert_eq!(code, 0, "{err}");
    // Five positions of one fishing vessel over 40 minutes: no behaviour to report.
    assert_eq!(out, "");
}
