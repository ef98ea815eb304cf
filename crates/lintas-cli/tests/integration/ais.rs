//! End-to-end tests of `lintas ais decode` and `lintas ais detect`.

use std::process::{Command, Stdio};

use lintas_ais::encode::{position_payload, sentence};
use lintas_ais::messages::PositionReport;

const GPSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ais/gpsd/"
);

fn lintas(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    crate::support::run(args, stdin.unwrap_or_default())
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

// ---- `lintas ais ingest` and detection over the store ----

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ais/aishub_sample/ais-nmea-sample.log.txt"
);

fn summary(out: &str) -> serde_json::Value {
    serde_json::from_str(out.lines().last().expect("a summary line")).expect("JSON summary")
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().unwrap().block_on(f)
}

/// The principal the CLI stores as, for reading back.
fn cli_principal(store: &lintas_store::Store, member: &str) -> lintas_store::Principal {
    let agency = block_on(store.ensure_agency(member, "Default agency")).unwrap();
    lintas_store::Principal::local("test", &agency, lintas_model::Role::Analyst)
}

fn stored_positions(db: &str, member: &str) -> Vec<lintas_model::maritime::Position> {
    block_on(async {
        let store = lintas_store::Store::connect(db).await.unwrap();
        let agency = store.ensure_agency(member, "Default agency").await.unwrap();
        let p = lintas_store::Principal::local("test", &agency, lintas_model::Role::Analyst);
        let mut out = Vec::new();
        store
            .for_each_position(&p, i64::MIN, i64::MAX, |pos| out.push(pos))
            .await
            .unwrap();
        store.close().await;
        out
    })
}

#[test]
fn ingest_of_the_aishub_sample_matches_the_decoder() {
    use lintas_ais::{Body, Decoder, Outcome};
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("ais.db").display());
    let (code, out, err) = lintas(
        &["ais", "ingest", "--db", &db, "--state", "idn", SAMPLE],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let s = summary(&out);

    // What the decoder makes of the same file.
    let mut dec = Decoder::new(lintas_app::maritime::ingest_decoder_config());
    let (mut messages, mut positions, mut statics, mut errors) = (0u64, 0u64, 0u64, 0u64);
    let mut vessels = std::collections::BTreeSet::new();
    let mut first_error = None;
    for line in std::fs::read(SAMPLE).unwrap().split(|&b| b == b'\n') {
        match dec.push(line) {
            Outcome::Message(m) => {
                messages += 1;
                let fix = m.message.fix().is_some()
                    && !matches!(
                        m.message.body,
                        Body::BaseStation(_) | Body::AidToNavigation(_)
                    );
                if fix {
                    positions += 1;
                    vessels.insert(m.message.mmsi);
                }
                if lintas_app::maritime::static_of(&m.message.body).is_some_and(|v| !v.is_empty()) {
                    statics += 1;
                }
            }
            Outcome::Error(e) => {
                errors += 1;
                first_error.get_or_insert(e.to_string());
            }
            _ => {}
        }
    }
    assert_eq!(s["lines"], 85_187);
    assert_eq!(s["messages"], messages);
    assert_eq!(s["positions"], positions);
    assert_eq!(s["static_reports"], statics);
    assert_eq!(s["errors"], errors);
    assert!(positions > 70_000, "{positions}");
    // Bad sentences are named by line on stderr, and counted, not fatal.
    assert!(err.contains(&first_error.unwrap()), "{err}");
    // No receive times in this file: each position is timed by its arrival, and a second
    // report of one vessel within the same second is a duplicate.
    assert_eq!(s["arrival_timed"], positions);
    let stored = s["stored"].as_u64().unwrap();
    assert_eq!(stored + s["duplicates"].as_u64().unwrap(), positions);
    let rows = stored_positions(&db, "IDN");
    assert_eq!(rows.len() as u64, stored);
    let stored_vessels: std::collections::BTreeSet<u32> = rows.iter().map(|p| p.mmsi).collect();
    assert_eq!(stored_vessels, vessels);

    // Static data against pyais: vessels whose only static messages are type 5.
    let mut rows: std::collections::BTreeMap<String, Vec<csv::StringRecord>> = Default::default();
    let mut r = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ais/aishub_sample/aishub_sample_static_pyais.csv"
    ))
    .unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        rows.entry(rec[2].to_string()).or_default().push(rec);
    }
    let store = block_on(lintas_store::Store::connect(&db)).unwrap();
    let p = cli_principal(&store, "IDN");
    let mut checked = 0;
    for (mmsi, recs) in rows.iter().filter(|(_, r)| r.iter().all(|r| &r[1] == "5")) {
        let last = recs.last().unwrap();
        let v = block_on(store.vessel(&p, mmsi.parse().unwrap())).unwrap();
        // gpsd semantics: six-bit text ends at the first `@` (pyais keeps what follows).
        let text = |s: &str| {
            Some(s.split('@').next().unwrap_or("").trim().to_string()).filter(|s| !s.is_empty())
        };
        // …and keeps leading spaces, which pyais strips.
        let ours = |o: &Option<String>| o.as_deref().map(|s| s.trim().to_string());
        let num = |s: &str| s.parse::<u32>().ok().filter(|v| *v != 0);
        // The latest report's known fields win; a field it leaves empty keeps the earlier
        // value (the vessel table joins partial reports), so only known fields are compared.
        if let Some(name) = text(&last[6]) {
            assert_eq!(ours(&v.info.name), Some(name), "{mmsi}");
        }
        if let Some(callsign) = text(&last[5]) {
            assert_eq!(ours(&v.info.callsign), Some(callsign), "{mmsi}");
        }
        if let Some(imo) = num(&last[4]) {
            assert_eq!(v.info.imo, Some(imo), "{mmsi}");
        }
        let length = num(&last[8]).unwrap_or(0) + num(&last[9]).unwrap_or(0);
        if length > 0 {
            assert_eq!(v.info.length_m, Some(length), "{mmsi}");
        }
        checked += 1;
    }
    assert!(checked > 500, "{checked}");
}

fn tagged(mmsi: u32, t: i64, i: usize) -> String {
    report(mmsi, t, -10.0 - i as f64 * 0.001, 120.0 + i as f64 * 0.001)
}

#[test]
fn tcp_feed_is_ingested_across_a_reconnect() {
    use std::io::Write as _;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let t0 = 1_760_000_000;
    let feeder = std::thread::spawn(move || {
        for conn in 0..2 {
            let (mut s, _) = listener.accept().unwrap();
            for i in 0..10 {
                let n = conn * 10 + i;
                writeln!(s, "{}", tagged(525_000_100, t0 + n as i64 * 60, n)).unwrap();
            }
            if conn == 1 {
                s.write_all(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*00\n")
                    .unwrap();
            }
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("tcp.db").display());
    let (code, out, err) = lintas(
        &[
            "ais",
            "ingest",
            "--db",
            &db,
            "--state",
            "IDN",
            "--tcp",
            &addr,
            "--max-reconnects",
            "1",
            "--duration",
            "60",
        ],
        None,
    );
    feeder.join().unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("reconnecting"), "{err}");
    assert!(err.contains("line 11: checksum mismatch"), "{err}");
    let s = summary(&out);
    assert_eq!(
        (
            s["positions"].as_u64(),
            s["stored"].as_u64(),
            s["errors"].as_u64()
        ),
        (Some(20), Some(20), Some(1))
    );
    assert_eq!(s["arrival_timed"], 0);
    let rows = stored_positions(&db, "IDN");
    let times: Vec<i64> = rows.iter().map(|p| p.t).collect();
    assert_eq!(times, (0..20).map(|n| t0 + n * 60).collect::<Vec<_>>());
    assert_eq!(rows[3].lat, (-10.003f64 * 600_000.0).round() / 600_000.0);
}

#[test]
fn udp_datagrams_are_ingested() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("udp.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_lintas"))
        .args([
            "ais",
            "ingest",
            "--db",
            &db,
            "--state",
            "AUS",
            "--sharing",
            "national",
            "--udp",
            "127.0.0.1:0",
            "--duration",
            "4",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "lintas exited before listening"
        );
        if let Some(a) = line
            .trim()
            .strip_prefix("lintas ais ingest: listening on udp ")
        {
            break a.to_string();
        }
    };
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let t0 = 1_760_000_000;
    // One datagram with five lines, then five datagrams of one line each.
    let batch: String = (0..5)
        .map(|i| tagged(503_000_200, t0 + i * 10, i as usize) + "\n")
        .collect();
    socket.send_to(batch.as_bytes(), &addr).unwrap();
    for i in 5..10 {
        socket
            .send_to(
                tagged(503_000_200, t0 + i * 10, i as usize).as_bytes(),
                &addr,
            )
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(out.status.success(), "{rest}");
    let s = summary(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        (s["positions"].as_u64(), s["stored"].as_u64()),
        (Some(10), Some(10))
    );
    assert_eq!(stored_positions(&db, "AUS").len(), 10);
    // National: another member sees nothing.
    assert!(stored_positions(&db, "IDN").is_empty());
}

#[test]
fn detect_over_the_store_finds_and_stores_events_with_stored_corridors() {
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
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("detect.db").display());
    let (code, _, err) = lintas(
        &["ais", "ingest", "--db", &db, "--state", "IDN"],
        Some(nmea.as_bytes()),
    );
    assert_eq!(code, 0, "{err}");
    let corridor = dir.path().join("corridor.geojson");
    std::fs::write(
        &corridor,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"South of Java"},"geometry":{"type":"Polygon","coordinates":[[[108,-10],[109,-10],[109,-9],[108,-9],[108,-10]]]}}]}"#,
    )
    .unwrap();
    let (code, out, err) = lintas(
        &[
            "ais",
            "corridors",
            "add",
            "--db",
            &db,
            "--state",
            "AUS",
            corridor.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"name\":\"South of Java\""), "{out}");
    // A bad polygon is refused with the field named.
    std::fs::write(
        &corridor,
        r#"{"type":"Polygon","coordinates":[[[108,-10],[109,-10]]]}"#,
    )
    .unwrap();
    let (code, _, err) = lintas(
        &[
            "ais",
            "corridors",
            "add",
            "--db",
            &db,
            "--state",
            "AUS",
            "--name",
            "x",
            corridor.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("geometry:"), "{err}");

    let (code, out, err) = lintas(&["ais", "detect", "--db", &db, "--state", "AUS"], None);
    assert_eq!(code, 0, "{err}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "encounter").count(),
        1,
        "{out}"
    );
    // Both vessels are unidentified (no static data) inside Australia's corridor.
    assert_eq!(
        kinds.iter().filter(|k| **k == "corridor_entry").count(),
        2,
        "{out}"
    );
    assert_eq!(events[0]["start"], "2023-11-14T22:13:20Z");
    assert!(err.contains("3 new"), "{err}");
    // Running again refreshes instead of duplicating.
    let (_, _, err) = lintas(&["ais", "detect", "--db", &db, "--state", "AUS"], None);
    assert!(err.contains("0 new, 3 already stored"), "{err}");
    // Another member without the corridor finds only the encounter.
    let (_, out, _) = lintas(&["ais", "detect", "--db", &db, "--state", "THA"], None);
    assert_eq!(out.lines().count(), 1, "{out}");
    // --db and files together are a usage error.
    assert_eq!(
        lintas(
            &["ais", "detect", "--db", &db, "--state", "AUS", SAMPLE],
            None
        )
        .0,
        2
    );
}
