//! `lintas import incidents`: per-row errors, idempotent re-runs, and a kill mid-import that
//! leaves only whole batches behind and is completed by running the import again.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use crate::support::lintas;

fn csv(rows: usize, bad_every: usize) -> String {
    let mut s = String::from(
        "external_ref,kind,occurred_on,place_country,origin,transit,destination,modes,tags,migrants,narrative\n",
    );
    for n in 0..rows {
        let kind = if bad_every > 0 && n % bad_every == bad_every - 1 {
            "smugling"
        } else {
            "smuggling"
        };
        s.push_str(&format!(
            "K-{n},{kind},2024-{:02}-{:02},IDN,AFG,MYS;IDN,AUS,sea,sea_crossing,{},Boat {n}\n",
            n % 12 + 1,
            n % 28 + 1,
            n % 90 + 5
        ));
    }
    s
}

fn summary(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn reports_bad_rows_and_reimports_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    std::fs::write(&file, csv(25, 10)).unwrap();
    let errors = dir.path().join("errors.csv");
    let db = format!("sqlite://{}", dir.path().join("l.db").display());
    let run = || {
        lintas()
            .args(["import", "incidents"])
            .arg(&file)
            .args([
                "--db", &db, "--state", "IDN", "--agency", "POLRI", "--errors",
            ])
            .arg(&errors)
            .output()
            .unwrap()
    };
    let first = summary(&run());
    assert_eq!(
        (first["created"].as_u64(), first["invalid"].as_u64()),
        (Some(23), Some(2))
    );
    let report = std::fs::read_to_string(&errors).unwrap();
    assert_eq!(
        report.lines().collect::<Vec<_>>()[..2],
        [
            "11,kind,unknown_code,\"`smugling` is not in code list incident_kind: expected one of smuggling, trafficking, document_fraud, maritime, other\"",
            "21,kind,unknown_code,\"`smugling` is not in code list incident_kind: expected one of smuggling, trafficking, document_fraud, maritime, other\""
        ]
    );
    let second = summary(&run());
    assert_eq!(
        (second["created"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(23))
    );
}

#[test]
fn bad_header_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    std::fs::write(&file, "kind,occured_on\nsmuggling,2024\n").unwrap();
    let db = format!("sqlite://{}", dir.path().join("l.db").display());
    let out = lintas()
        .args(["import", "incidents"])
        .arg(&file)
        .args(["--db", &db, "--state", "IDN"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown column `occured_on`"));
    let out = lintas()
        .args(["import", "incidents"])
        .arg(&file)
        .args(["--db", &db, "--state", "XYZ"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a member"));
}

#[test]
fn killed_import_leaves_whole_batches_and_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let rows = 60_000;
    let batch = 500;
    let db = format!("sqlite://{}", dir.path().join("l.db").display());
    // Feed the file slowly through stdin so the kill lands mid-import.
    let mut child = lintas()
        .args([
            "import",
            "incidents",
            "-",
            "--format",
            "csv",
            "--db",
            &db,
            "--state",
            "IDN",
            "--batch-size",
            &batch.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let data = csv(rows, 0);
    let mut stdin = child.stdin.take().unwrap();
    let half = data.len() / 2;
    stdin.write_all(&data.as_bytes()[..half]).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(3000));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);

    let file = dir.path().join("cases.csv");
    std::fs::write(&file, &data).unwrap();
    let out = summary(
        &lintas()
            .args(["import", "incidents"])
            .arg(&file)
            .args([
                "--db",
                &db,
                "--state",
                "IDN",
                "--batch-size",
                &batch.to_string(),
            ])
            .output()
            .unwrap(),
    );
    let (created, unchanged) = (
        out["created"].as_u64().unwrap(),
        out["unchanged"].as_u64().unwrap(),
    );
    assert_eq!(created + unchanged, rows as u64, "{out}");
    assert!(
        unchanged > 0,
        "the kill came before any batch was committed"
    );
    assert_eq!(
        unchanged % batch as u64,
        0,
        "a partial batch survived the kill: {unchanged} rows"
    );
}
