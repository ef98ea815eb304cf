//! Shared helpers for the integration tests: the data directory and a fixed "today".

#![allow(dead_code)]

use std::path::PathBuf;

use lintas_mrz::{Document, ParseOptions, parse_lines};
use time::{Date, Month};

pub fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/mrz"
    ))
    .join(name)
}

pub fn json(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Fixed reference date so the century rule gives the same answers every day.
pub fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 23).expect("valid date")
}

pub fn opts() -> ParseOptions {
    ParseOptions::new(today())
}

pub fn lines(v: &serde_json::Value) -> Vec<String> {
    if let Some(one) = v.as_str() {
        return vec![one.to_owned()];
    }
    v.as_array()
        .expect("mrz array")
        .iter()
        .map(|l| l.as_str().expect("line").to_owned())
        .collect()
}

pub fn parse_value(v: &serde_json::Value) -> Document {
    let l = lines(v);
    let refs: Vec<&str> = l.iter().map(String::as_str).collect();
    parse_lines(&refs, &opts())
}

/// `YYMMDD` of a resolved date.
pub fn yymmdd(d: Option<Date>) -> Option<String> {
    d.map(|d| {
        format!(
            "{:02}{:02}{:02}",
            d.year() % 100,
            u8::from(d.month()),
            d.day()
        )
    })
}

/// Names of the failed checks, in the `*_cd` naming of the shared data files.
pub fn failed_checks(doc: &Document) -> Vec<String> {
    let mut v: Vec<String> = doc
        .check_digits
        .iter()
        .filter(|c| !c.ok)
        .map(|c| match c.name {
            "optional_data" => "personal_number_cd".to_owned(),
            "composite" => "composite_cd".to_owned(),
            n => format!("{n}_cd"),
        })
        .collect();
    v.sort();
    v
}

/// Fillers removed the way the output contract does (inner runs as one space).
pub fn cleaned(raw: &str) -> String {
    raw.split('<')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
