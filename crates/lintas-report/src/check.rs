//! The check that a report's text states no number that is not one of its figures: used by
//! the tests on the PDF's extracted text, and available to anyone auditing a report.

use std::collections::BTreeSet;

use crate::model::Figure;

/// A word as a bare number: signs, per cent and sentence punctuation stripped.
fn bare(word: &str) -> &str {
    word.trim_end_matches(['.', '%'])
        .trim_start_matches(['+', '\u{2212}', '-'])
        .trim_end_matches('%')
}

/// Words of `text` that hold a digit and are neither one of the figures' printed values, nor
/// one of `labels` (period labels such as `2025-10`), nor part of an identifier (a word that
/// starts with a letter, e.g. `C2`), nor a page footer's number (`Page 3`).
pub fn stray_numbers(text: &str, figures: &[Figure], labels: &[String]) -> Vec<String> {
    let values: BTreeSet<String> = figures
        .iter()
        .map(|f| bare(&f.display()).to_string())
        .collect();
    let labels: BTreeSet<&str> = labels.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let mut after_page = false;
    // A label broken at its hyphen across two lines (`2025-` / `10`) is one word.
    let text = text.replace("-\n", "-");
    for word in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | ':' | '·' | '—' | '–' | '"')
    }) {
        let w = word.trim_end_matches('.');
        if w.is_empty() {
            continue;
        }
        let page_number = after_page;
        after_page = w == "Page";
        if !w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if w.chars().next().is_some_and(char::is_alphabetic) || labels.contains(w) {
            continue;
        }
        if page_number && w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !values.contains(bare(w)) {
            out.push(w.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_figures_labels_identifiers_and_page_numbers_pass() {
        let figures = vec![
            Figure::count("a", 12, ""),
            Figure::percent("b", Some(-4.25), ""),
            Figure::parameter("c", 0.01, ""),
        ];
        let labels = vec!["2025-10".to_string(), "2025".to_string()];
        let text =
            "In October 2025, 12 incidents (\u{2212}4.3% on 2025-10). EARS C2 at 0.01.\nPage 7";
        assert!(stray_numbers(text, &figures, &labels).is_empty());
        let text = "Labels break at hyphens: 2025-\n10.";
        assert!(stray_numbers(text, &figures, &labels).is_empty());
        let text = "In 2024, 13 incidents; page 7 of 9";
        assert_eq!(
            stray_numbers(text, &figures, &labels),
            ["2024", "13", "7", "9"]
        );
    }
}
