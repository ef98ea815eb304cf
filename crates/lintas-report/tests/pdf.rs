//! The PDF as a reader and a records office would check it: the same bytes on every run,
//! every number in its text one of the figures, all fonts embedded (`pdffonts`), a clean
//! structure (`qpdf --check`), and the pages `pdfinfo` counts. Poppler's and qpdf's tools
//! are installed by `.ci/run`; Noto fonts by `fonts-noto-core`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use std::process::Command;

use lintas_report::{Fonts, render_pdf, sample_report, stray_numbers};

fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (poppler-utils, qpdf): {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn a_report_is_deterministic_embeds_its_fonts_and_states_only_figures() {
    let fonts = Fonts::system().unwrap();
    let report = sample_report(4, 10);
    let first = render_pdf(&report, &fonts).unwrap();
    let second = render_pdf(&report, &fonts).unwrap();
    assert!(first.pdf == second.pdf, "two runs give the same bytes");
    assert!(
        first.pages >= 5,
        "cover, contents and four sections: {}",
        first.pages
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &first.pdf).unwrap();
    let file = path.to_str().unwrap();

    let (ok, text) = tool("pdftotext", &["-enc", "UTF-8", file, "-"]);
    assert!(ok, "{text}");
    assert!(text.contains("Section A") && text.contains("Incidents by stratum"));
    let labels: Vec<String> = (0..24)
        .map(|i| format!("{}-{:02}", 2024 + i / 12, i % 12 + 1))
        .chain(["2025".to_string()])
        .collect();
    let stray = stray_numbers(&text, &report.figures, &labels);
    assert!(stray.is_empty(), "numbers that are no figure: {stray:?}");
    // Every table figure reaches the text (the check above is not passing on empty text).
    let shown = report
        .figures
        .iter()
        .filter(|f| text.contains(&f.display()))
        .count();
    assert_eq!(shown, report.figures.len());

    let (ok, fonts_out) = tool("pdffonts", &[file]);
    assert!(ok, "{fonts_out}");
    let rows: Vec<&str> = fonts_out.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts_out}");
    for row in rows {
        // Columns: name type encoding emb sub uni object ID.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols.get(cols.len().saturating_sub(5)).copied();
        assert_eq!(emb, Some("yes"), "font not embedded: {row}");
    }

    let (ok, check) = tool("qpdf", &["--check", file]);
    assert!(ok, "{check}");
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    let (ok, info) = tool("pdfinfo", &[file]);
    assert!(ok, "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {}", first.pages))),
        "{info}"
    );
    assert!(
        !info.contains("CreationDate"),
        "no clock in the file: {info}"
    );
}

#[test]
fn missing_fonts_are_named() {
    let e = Fonts::load(std::path::Path::new("/nonexistent-fonts"), None).unwrap_err();
    assert!(e.to_string().contains("NotoSans-Regular.ttf"), "{e}");
    assert!(e.to_string().contains("fonts-noto-core"), "{e}");
}

#[test]
fn a_figure_the_text_cites_must_exist() {
    let fonts = Fonts::system().unwrap();
    let mut report = sample_report(1, 2);
    report.figures.retain(|f| f.name != "s0.total");
    let e = render_pdf(&report, &fonts).unwrap_err();
    assert!(e.to_string().contains("s0.total"), "{e}");
}
