//! `lintas import victims`: the official HTCDS spreadsheet as IOM publishes it, and a filled
//! copy of its layout (its own header and label rows) as CSV, with per-row errors written to
//! `--errors`, idempotent re-runs, and a refused `--sharing regional`.

use calamine::{Data, Reader, open_workbook_auto};

use crate::support::lintas;

const OFFICIAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/htcds/HTCDS Excel Spreadsheet v2.0.xlsx"
);

fn official_rows() -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(OFFICIAL).unwrap();
    let range = book.worksheet_range("Sheet1").unwrap();
    range
        .rows()
        .take(2)
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
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
fn imports_the_official_spreadsheet_and_a_filled_copy_with_row_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("v.db").display());
    let import = |file: &std::path::Path, extra: &[&str]| {
        lintas()
            .args(["import", "victims"])
            .arg(file)
            .args(["--db", &db, "--state", "IDN", "--agency", "Yayasan Pulih"])
            .args(extra)
            .output()
            .unwrap()
    };
    // As published: 1000 numbered empty rows, no case, no error.
    let out = summary(&import(std::path::Path::new(OFFICIAL), &[]));
    assert_eq!(
        (out["created"].as_u64(), out["invalid"].as_u64()),
        (Some(0), Some(0))
    );

    // The official header and label rows, then a good case and a bad one.
    let official = official_rows();
    let pos = |name: &str| {
        official[0]
            .iter()
            .position(|h| h == name)
            .or_else(|| official[1].iter().position(|l| l == name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let mut good = vec![String::new(); official[0].len()];
    good[0] = "1".into();
    for (name, value) in [
        ("prs_FirstName", "Ayu"),
        ("prs_Citizenship", "ID"),
        ("vic_TraffickingStatus", "ActualVictimOfTrafficking"),
        ("vic_TraffickinStatusDecisionMakingOrg", "NGO"),
        ("vic_MethodsOfControl", "DebtBondage; WithholdsDocuments"),
        ("vic_TypeOfExploitation", "ForcedLabour"),
        ("cas_Status", "Active"),
    ] {
        good[pos(name)] = value.into();
    }
    let mut bad = vec![String::new(); official[0].len()];
    bad[0] = "2".into();
    for (name, value) in [
        ("prs_Citizenship", "Indonesia"),
        ("vic_MethodsOfControl", "Beatings"),
    ] {
        bad[pos(name)] = value.into();
    }
    let file = dir.path().join("filled.csv");
    {
        let mut w = csv::Writer::from_path(&file).unwrap();
        for row in [&official[0], &official[1], &good, &bad] {
            w.write_record(row).unwrap();
        }
        w.flush().unwrap();
    }
    let errors = dir.path().join("errors.csv");
    let errors_arg = errors.to_str().unwrap();
    let out = summary(&import(&file, &["--errors", errors_arg]));
    assert_eq!(
        (out["created"].as_u64(), out["invalid"].as_u64()),
        (Some(1), Some(1)),
        "{out}"
    );
    let written = std::fs::read_to_string(&errors).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 2, "{written}");
    assert!(
        lines[0].starts_with("4,prs_Citizenship,invalid_country,"),
        "{written}"
    );
    assert!(
        lines[1].starts_with("4,vic_MethodsOfControl[0],unknown_code,")
            || lines[1].starts_with("4,vic_MethodsOfControl,"),
        "{written}"
    );

    // The same file again: nothing new (a row without external_ref is known by its content).
    let again = summary(&import(&file, &["--errors", errors_arg]));
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1)),
        "{again}"
    );
}

#[test]
fn refuses_a_regional_default_as_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v.csv");
    std::fs::write(&file, "external_ref,prs_FirstName\nR-1,Ayu\n").unwrap();
    let db = format!("sqlite://{}", dir.path().join("v.db").display());
    let out = lintas()
        .args(["import", "victims"])
        .arg(&file)
        .args([
            "--db",
            &db,
            "--state",
            "IDN",
            "--agency",
            "Yayasan Pulih",
            "--sharing",
            "regional",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("never shared regionally"), "{stderr}");
    // Re-importing a file with references changes nothing.
    let run = || {
        lintas()
            .args(["import", "victims"])
            .arg(&file)
            .args(["--db", &db, "--state", "IDN", "--agency", "Yayasan Pulih"])
            .output()
            .unwrap()
    };
    let first = summary(&run());
    assert_eq!(first["created"].as_u64(), Some(1));
    let second = summary(&run());
    assert_eq!(
        (second["created"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
}
