//! `lintas report` end to end: incidents imported from CSV, a monthly report for the RSO,
//! and the checks issue 16 names — every number in the PDF's text is one of the `--data`
//! figures, the figures equal counts made here from the imported rows (only what the RSO
//! may see), all fonts embedded, `qpdf --check` clean, two runs byte-identical, and each
//! report audited.

use std::collections::BTreeMap;
use std::process::Command;

use crate::support::lintas;

const KINDS: [&str; 4] = ["smuggling", "trafficking", "document_fraud", "maritime"];
const ROUTES: [(&str, &str); 4] = [
    ("AFG", "AUS"),
    ("MMR", "MYS"),
    ("LKA", "AUS"),
    ("BGD", "MYS"),
];

/// One imported row, as the test knows it.
struct Row {
    kind: &'static str,
    month: String,
    route: String,
    facilitator: bool,
    regional: bool,
}

/// Seeded rows over 2025-08 to 2025-10: IDN shares regionally, THA keeps its own national
/// (the RSO must not count those).
fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    let mut s: u64 = 7;
    let mut next = |m: u64| {
        s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (s >> 33) % m
    };
    for n in 0..180 {
        let (o, d) = ROUTES[next(4) as usize];
        out.push(Row {
            kind: KINDS[next(4) as usize],
            month: format!("2025-{:02}", 8 + next(3)),
            route: format!("{o}>{d}"),
            facilitator: next(3) == 0,
            regional: n % 5 != 0,
        });
    }
    out
}

fn csv(rows: &[Row], regional: bool) -> String {
    let mut s = String::from(
        "external_ref,kind,occurred_on,place_country,origin,destination,modes,tags,migrants,sharing_level,persons\n",
    );
    for (n, r) in rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.regional == regional)
    {
        let (o, d) = r.route.split_once('>').unwrap();
        let day = n % 27 + 1;
        let tag = if r.kind == "document_fraud" {
            "fraudulent_documents"
        } else {
            "sea_crossing"
        };
        let persons = if r.facilitator {
            r#""[{""given_names"":""Ali"",""role"":""facilitator""}]""#
        } else {
            ""
        };
        let level = if regional { "regional" } else { "national" };
        s.push_str(&format!(
            "R-{n},{},{}-{day:02},IDN,{o},{d},sea,{tag},{},{level},{persons}\n",
            r.kind,
            r.month,
            n % 40 + 3
        ));
    }
    s
}

fn import(db: &str, file: &std::path::Path, state: &str) {
    let out = lintas()
        .args(["import", "incidents"])
        .arg(file)
        .args(["--db", db, "--state", state])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["invalid"], 0, "{summary}");
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn monthly_report_numbers_are_figures_and_match_the_imported_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let rows = rows();
    let regional = dir.path().join("idn.csv");
    std::fs::write(&regional, csv(&rows, true)).unwrap();
    let national = dir.path().join("tha.csv");
    std::fs::write(&national, csv(&rows, false)).unwrap();
    import(&db, &regional, "IDN");
    import(&db, &national, "THA");
    let log_size = || {
        let out = lintas()
            .args(["audit", "verify", "--db", &db])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["size"].as_u64().unwrap()
    };
    let before = log_size();

    let run = |name: &str| {
        let pdf = dir.path().join(format!("{name}.pdf"));
        let data = dir.path().join(format!("{name}.json"));
        let out = lintas()
            .args([
                "report", "monthly", "--period", "2025-10", "--db", &db, "--as", "RSO",
            ])
            .arg("--out")
            .arg(&pdf)
            .arg("--data")
            .arg(&data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (pdf, data)
    };
    let (pdf, data) = run("first");
    let (pdf2, _) = run("second");
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(&pdf2).unwrap(),
        "two runs on the same data give the same bytes"
    );
    // Each run is audited: its report.generate event and the network list it read.
    assert_eq!(log_size(), before + 4);

    // The figures equal counts made here from the rows the RSO may see.
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    let figures: BTreeMap<String, Option<f64>> = data["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(
                f["definition"].as_str().is_some_and(|d| !d.is_empty()),
                "{f}"
            );
            (f["name"].as_str().unwrap().to_string(), f["value"].as_f64())
        })
        .collect();
    let visible: Vec<&Row> = rows.iter().filter(|r| r.regional).collect();
    let count = |month: &str, keep: &dyn Fn(&Row) -> bool| {
        visible
            .iter()
            .filter(|r| r.month == month && keep(r))
            .count() as f64
    };
    let figure = |name: &str| {
        figures
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("no figure {name}"))
    };
    assert_eq!(figure("incidents.total"), Some(count("2025-10", &|_| true)));
    assert_eq!(
        figure("incidents.total.previous"),
        Some(count("2025-09", &|_| true))
    );
    assert!(
        figure("incidents.total")
            < Some(rows.iter().filter(|r| r.month == "2025-10").count() as f64)
    );
    for kind in KINDS {
        let expected = count("2025-10", &|r| r.kind == kind);
        if expected > 0.0 {
            assert_eq!(figure(&format!("kind.{kind}")), Some(expected), "{kind}");
        }
    }
    for (o, d) in ROUTES {
        let route = format!("{o}>{d}");
        let expected = count("2025-10", &|r| r.route == route);
        assert_eq!(figure(&format!("route.{route}")), Some(expected), "{route}");
        assert_eq!(
            figure(&format!("route.{route}.previous")),
            Some(count("2025-09", &|r| r.route == route)),
            "{route}"
        );
    }
    assert_eq!(
        figure("document_fraud.total"),
        Some(count("2025-10", &|r| r.kind == "document_fraud"))
    );
    assert_eq!(
        figure("role.facilitator"),
        Some(count("2025-10", &|r| r.facilitator))
    );
    assert_eq!(figure("sar.dead"), Some(0.0));
    let cur = count("2025-10", &|_| true);
    let prev = count("2025-09", &|_| true);
    let change = ((cur - prev) * 100.0 / prev * 10.0).round() / 10.0;
    assert_eq!(figure("incidents.total.change_pct"), Some(change));

    // Every number in the PDF's text is one of the figures.
    let file = pdf.to_str().unwrap();
    let text = tool("pdftotext", &["-enc", "UTF-8", file, "-"]);
    assert!(text.contains("Executive summary") && text.contains("Methods and caveats"));
    let as_figures: Vec<lintas_report::Figure> = data["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| lintas_report::Figure {
            name: f["name"].as_str().unwrap().into(),
            value: f["value"].as_f64(),
            unit: match f["unit"].as_str().unwrap() {
                "count" => lintas_report::Unit::Count,
                "percent" => lintas_report::Unit::Percent,
                "decimal" => lintas_report::Unit::Decimal,
                _ => lintas_report::Unit::Parameter,
            },
            definition: String::new(),
        })
        .collect();
    let labels: Vec<String> = (1..=12)
        .flat_map(|m| [format!("2024-{m:02}"), format!("2025-{m:02}")])
        .chain(["2025".into()])
        .collect();
    let stray = lintas_report::stray_numbers(&text, &as_figures, &labels);
    assert!(stray.is_empty(), "numbers that are no figure: {stray:?}");
    assert!(text.contains(&format!("{cur:.0}")));

    let fonts = tool("pdffonts", &[file]);
    for row in fonts.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols.get(cols.len() - 5),
            Some(&"yes"),
            "not embedded: {row}"
        );
    }
    let check = tool("qpdf", &["--check", file]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    // Reports write audit events; the log still verifies after them.
    let out = lintas()
        .args(["audit", "verify", "--db", &db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_period_in_the_wrong_form_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let out = lintas()
        .args([
            "report",
            "quarterly",
            "--period",
            "2025-10",
            "--db",
            &db,
            "--as",
            "RSO",
            "--out",
        ])
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--period") && err.contains("YYYY-Qn"), "{err}");
    assert!(!dir.path().join("x.pdf").exists());
}
