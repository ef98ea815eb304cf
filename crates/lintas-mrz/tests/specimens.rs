//! The five ICAO Doc 9303 specimens, their layouts and the 34 negative mutations
//! (`icao9303_specimens_layouts_negatives.json`), plus the 7-3-1 vectors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use common::*;
use lintas_mrz::{ErrorCode, check_digit};

#[test]
fn check_digit_vectors() {
    let v = json("check_digit_vectors.json");
    let vectors = v["vectors"].as_array().expect("vectors");
    assert_eq!(vectors.len(), 20);
    for t in vectors {
        let input = t["input"].as_str().expect("input");
        let want: u8 = t["check_digit"]
            .as_str()
            .expect("cd")
            .parse()
            .expect("digit");
        assert_eq!(check_digit(input), Some(want), "{input}");
    }
}

#[test]
fn specimens_parse_with_expected_fields() {
    let v = json("icao9303_specimens_layouts_negatives.json");
    let specimens = v["specimens"].as_array().expect("specimens");
    assert_eq!(specimens.len(), 5);
    for s in specimens {
        let doc = parse_value(&s["mrz"]);
        let f = &s["fields"];
        let fmt = s["format"].as_str().expect("format");
        assert_eq!(doc.format.map(|f| f.as_str()), Some(fmt));
        assert!(doc.valid, "{fmt}: {:?}", doc.errors);
        assert_eq!(
            doc.document_code.value.as_deref(),
            Some(cleaned(f["document_code"].as_str().unwrap_or("")).as_str())
        );
        assert_eq!(
            doc.issuing_state.value.as_deref(),
            f["issuing_state"].as_str()
        );
        assert_eq!(doc.nationality.value.as_deref(), f["nationality"].as_str());
        assert_eq!(
            doc.document_number.value.as_deref(),
            f["document_number"].as_str()
        );
        assert_eq!(
            yymmdd(doc.birth_date.value).as_deref(),
            f["birth_date"].as_str()
        );
        assert_eq!(
            yymmdd(doc.expiry_date.value).as_deref(),
            f["expiry_date"].as_str()
        );
        assert_eq!(doc.sex.value.map(|s| s.as_str()), f["sex"].as_str());
        assert_eq!(doc.surname.value.as_deref(), Some("ERIKSSON"));
        assert_eq!(doc.given_names.value.as_deref(), Some("ANNA MARIA"));
        let optional = f
            .get("personal_number")
            .or(f.get("optional_data"))
            .or(f.get("optional_data_1"));
        assert_eq!(
            doc.optional_data.value,
            optional.and_then(|o| o.as_str()).map(cleaned),
            "{fmt}"
        );
        // Every check digit the file lists, printed and computed.
        let checks = s["check_digits"].as_object().expect("check_digits");
        assert_eq!(doc.check_digits.len(), checks.len(), "{fmt}");
        for (name, c) in checks {
            let ours = doc
                .check_digits
                .iter()
                .find(|d| failed_name(d.name) == *name)
                .unwrap_or_else(|| panic!("{fmt}: no check {name}"));
            assert_eq!(
                ours.printed.to_string(),
                c["printed"].as_str().unwrap_or("")
            );
            assert_eq!(
                ours.computed.map(|d| d.to_string()).as_deref(),
                c["computed"].as_str()
            );
            assert!(ours.ok);
        }
        assert!(doc.suggestion.is_none());
    }
    // The specimen dates under the documented century rule.
    let td3 = parse_value(&v["specimens"][0]["mrz"]);
    assert_eq!(
        td3.birth_date.value.map(|d| d.to_string()).as_deref(),
        Some("1974-08-12")
    );
    assert_eq!(
        td3.expiry_date.value.map(|d| d.to_string()).as_deref(),
        Some("2012-04-15")
    );
    let mrva = parse_value(&v["specimens"][3]["mrz"]);
    assert_eq!(
        mrva.expiry_date.value.map(|d| d.to_string()).as_deref(),
        Some("1996-12-10")
    );
    assert_eq!(
        mrva.birth_date.value.map(|d| d.to_string()).as_deref(),
        Some("1940-09-07")
    );
}

fn failed_name(name: &str) -> String {
    match name {
        "optional_data" => "personal_number_cd".into(),
        "composite" => "composite_cd".into(),
        n => format!("{n}_cd"),
    }
}

#[test]
fn negative_mutations_fail_the_expected_checks() {
    let v = json("icao9303_specimens_layouts_negatives.json");
    let mut n = 0;
    for s in v["specimens"].as_array().expect("specimens") {
        for m in s["negative_mutations"].as_array().expect("mutations") {
            let doc = parse_value(&m["mrz"]);
            let mut want: Vec<String> = m["expected_failing_checks"]
                .as_array()
                .expect("expected")
                .iter()
                .map(|c| c.as_str().unwrap_or("").to_owned())
                .collect();
            want.sort();
            let label = m["mutation"].as_str().unwrap_or("");
            assert!(!doc.valid, "{label}");
            assert_eq!(failed_checks(&doc), want, "{label}");
            // Every failure is reported as a check_digit error naming its field.
            let cd_errors = doc
                .errors
                .iter()
                .filter(|e| e.code == ErrorCode::CheckDigit)
                .count();
            assert_eq!(cd_errors, want.len(), "{label}: {:?}", doc.errors);
            // The other fields keep their own validity.
            if !want.iter().any(|w| w == "birth_date_cd") {
                assert!(doc.birth_date.valid, "{label}");
            }
            if !want.iter().any(|w| w == "document_number_cd") {
                assert!(doc.document_number.valid, "{label}");
            }
            n += 1;
        }
    }
    assert_eq!(n, 34);
}
