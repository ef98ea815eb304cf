//! `lintas import registry` and `lintas import watchlist`: per-row errors, idempotent re-runs,
//! and the added/changed/removed report of a list's new version.

use lintas_names::lists::{ListFormat, parse};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/watchlists/"
);

use crate::support::lintas;

fn summary(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn registry_import_reports_bad_rows_and_reimports_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stolen.csv");
    let mut csv =
        String::from("issuing_state,document_number,status,reported_on,note,sharing_level\n");
    for n in 0..12 {
        csv.push_str(&format!(
            "IDN,C{n:07},stolen,2026-03-{:02},Kupang office,regional\n",
            n + 1
        ));
    }
    csv.push_str("IDN,C0000099,stolen,2026-03-40,,regional\n"); // line 14
    csv.push_str("IDN,C0000098,pinched,2026-03-01,,regional\n"); // line 15
    std::fs::write(&file, &csv).unwrap();
    let errors = dir.path().join("errors.csv");
    let db = format!("sqlite://{}", dir.path().join("l.db").display());
    let run = || {
        lintas()
            .args(["import", "registry"])
            .arg(&file)
            .args([
                "--db", &db, "--state", "IDN", "--agency", "Imigrasi", "--errors",
            ])
            .arg(&errors)
            .output()
            .unwrap()
    };
    let first = summary(&run());
    assert_eq!(
        (first["created"].as_u64(), first["invalid"].as_u64()),
        (Some(12), Some(2))
    );
    let report = std::fs::read_to_string(&errors).unwrap();
    assert_eq!(
        report.lines().collect::<Vec<_>>(),
        [
            "14,reported_on,invalid_date,`2026-03-40` is not a date (YYYY-MM-DD)",
            "15,status,unknown_code,\"`pinched` is not in code list document_status: expected one of lost, stolen, stolen_blank, revoked, invalid, known_fraudulent\"",
        ]
    );
    let second = summary(&run());
    assert_eq!(
        (second["created"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(12))
    );

    std::fs::write(&file, "issuing_state,number,status,reported_on\n").unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown column `number`"));
}

fn watchlist(db: &str, file: &std::path::Path, extra: &[&str]) -> std::process::Output {
    lintas()
        .args(["import", "watchlist"])
        .arg(file)
        .args(["--db", db, "--state", "AUS"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn watchlist_import_reports_added_changed_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("l.db").display());

    // The real UN list: every entry is new, then nothing changes.
    let un = std::path::PathBuf::from(format!("{DATA}un_sc_consolidated_2024-09-26.xml"));
    let expected = parse(&std::fs::read(&un).unwrap(), ListFormat::Un)
        .unwrap()
        .len() as u64;
    let args = ["--list", "UNSC", "--format", "un", "--sharing", "regional"];
    let first = summary(&watchlist(&db, &un, &args));
    assert_eq!(
        (
            first["entries"].as_u64(),
            first["added"].as_u64(),
            first["version"].as_i64()
        ),
        (Some(expected), Some(expected), Some(1))
    );
    let again = summary(&watchlist(&db, &un, &args));
    assert_eq!(
        (
            again["added"].as_u64(),
            again["unchanged"].as_u64(),
            again["version"].as_i64()
        ),
        (Some(0), Some(expected), Some(1))
    );

    // Our own CSV: a new version drops one entry, corrects one and adds one.
    let file = dir.path().join("list.csv");
    let header =
        "id,name,aliases,birth_dates,nationalities,gender,identifiers,kind,reason,listed_on\n";
    std::fs::write(
        &file,
        format!("{header}A1,Abdul Wahid Rahimi,,1975,AFG,male,,person,broker,2025-01-02\nA2,Aung Ko Ko,,1980,MMR,male,,person,recruiter,2025-01-02\nA3,Somchai Srisuk,,1983,THA,male,,person,driver,2025-01-02\n"),
    )
    .unwrap();
    let args = ["--list", "Brokers", "--format", "csv"];
    assert_eq!(summary(&watchlist(&db, &file, &args))["added"], 3);
    std::fs::write(
        &file,
        format!("{header}A1,Abdul Wahid Rahimi,Abdulwahid Rahimi,1975,AFG,male,,person,broker,2025-01-02\nA3,Somchai Srisuk,,1983,THA,male,,person,driver,2025-01-02\nA4,Zaw Min Htut,,1985,MMR,male,,person,recruiter,2025-03-09\n"),
    )
    .unwrap();
    let second = summary(&watchlist(&db, &file, &args));
    assert_eq!(
        (
            &second["added_ids"],
            &second["changed_ids"],
            &second["removed_ids"],
            &second["unchanged"],
            &second["version"]
        ),
        (
            &serde_json::json!(["A4"]),
            &serde_json::json!(["A1"]),
            &serde_json::json!(["A2"]),
            &serde_json::json!(1),
            &serde_json::json!(2)
        )
    );

    // Bad input: the file's line and field, or the sharing that is missing its members.
    std::fs::write(&file, "id,name\n,Nameless\n").unwrap();
    let out = watchlist(&db, &file, &args);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("id"), "{err}");
    let out = watchlist(&db, &un, &["--list", "UNSC", "--sharing", "bilateral"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sharing.states"));
}
