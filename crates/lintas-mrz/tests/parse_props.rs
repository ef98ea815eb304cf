//! Property tests of the parser: no panics on any input, per-field validity, and the OCR
//! repair is only ever a suggestion that really fixes every check digit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use common::*;
use lintas_mrz::{ErrorCode, parse};
use proptest::prelude::*;

const SPECIMENS: &[&str] = &[
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_arbitrary_text(s in ".{0,140}") {
        let doc = parse(&s, &opts());
        prop_assert_eq!(doc.valid, doc.errors.is_empty());
    }

    #[test]
    fn never_panics_on_mrz_alphabet_shapes(
        lines in prop::collection::vec("[A-Z0-9<]{28,46}", 1..4),
    ) {
        let doc = parse(&lines.join("\n"), &opts());
        prop_assert_eq!(doc.valid, doc.errors.is_empty());
    }

    #[test]
    fn one_changed_character_is_reported_or_harmless(
        which in 0usize..5,
        pos in 0usize..132,
        ch in prop::sample::select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<".to_vec()),
    ) {
        let original = SPECIMENS[which];
        let mut bytes = original.as_bytes().to_vec();
        let pos = pos % bytes.len();
        prop_assume!(bytes[pos] != b'\n' && bytes[pos] != ch);
        bytes[pos] = ch;
        let text = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let doc = parse(&text, &opts());
        let clean = parse(original, &opts());
        if doc.valid {
            // Undetected changes may only be in fields no check digit covers, or swaps the
            // 7-3-1 scheme cannot see (values differing by a multiple of 10).
            prop_assert!(doc.check_digits.iter().all(|c| c.ok));
        } else {
            prop_assert!(!doc.errors.is_empty());
        }
        // Fields on the untouched line keep their values and validity.
        let newline = original.find('\n').unwrap_or(0);
        if doc.format == clean.format && doc.format.is_some_and(|f| f.lines() == 2) && pos < newline {
            prop_assert_eq!(&doc.birth_date, &clean.birth_date);
            prop_assert_eq!(&doc.expiry_date, &clean.expiry_date);
            prop_assert_eq!(&doc.document_number, &clean.document_number);
            prop_assert_eq!(&doc.nationality, &clean.nationality);
        }
        if let Some(s) = &doc.suggestion {
            let refs: Vec<&str> = s.mrz.iter().map(String::as_str).collect();
            let fixed = lintas_mrz::parse_lines(&refs, &opts());
            prop_assert!(fixed.check_digits.iter().all(|c| c.ok), "{:?}", fixed.errors);
            prop_assert!(!s.changes.is_empty());
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_global_rejects: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn ocr_confusions_in_dates_are_repaired(which in 0usize..5, digit_pos in 0usize..6) {
        // Replace one date digit by its OCR look-alike letter where one exists.
        let original = SPECIMENS[which];
        let doc = parse(original, &opts());
        let lines: Vec<&str> = original.lines().collect();
        let (line, start) = match doc.format.map(|f| f.as_str()) {
            Some("TD1") => (1usize, 0usize),
            _ => (1, 13),
        };
        let mut l = lines[line].as_bytes().to_vec();
        let at = start + digit_pos;
        let sub = match l[at] { b'0' => b'O', b'1' => b'I', b'8' => b'B', b'5' => b'S', b'2' => b'Z', b'6' => b'G', _ => 0 };
        prop_assume!(sub != 0);
        l[at] = sub;
        let mutated_line = String::from_utf8(l).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut new_lines: Vec<&str> = lines.clone();
        new_lines[line] = &mutated_line;
        let bad = lintas_mrz::parse_lines(&new_lines, &opts());
        prop_assert!(!bad.valid);
        prop_assert!(bad.errors.iter().any(|e| e.field == "birth_date" && e.code == ErrorCode::InvalidCharacter));
        let s = bad.suggestion.as_ref().ok_or_else(|| TestCaseError::fail("no suggestion"))?;
        prop_assert_eq!(s.mrz.join("\n"), original);
    }
}
