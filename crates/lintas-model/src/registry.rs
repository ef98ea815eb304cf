//! The lost, stolen and revoked travel document registry: what a member state reports about a
//! document, how it is validated, and the CSV reader for bulk reports (docs/checks.md).

use std::collections::HashMap;
use std::io::Read;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::{DOCUMENT_STATUS, SHARING_LEVEL};
use crate::import::ImportError;
use crate::{FieldError, Sharing};

pub use lintas_mrz::RegistryStatus;

/// A document reported lost, stolen, stolen blank, revoked, invalid or known fraudulent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryEntry {
    /// ICAO 9303 code of the issuing state or organisation, as in the MRZ (`IDN`, `D`, `UNO`).
    #[schema(example = "IDN")]
    pub issuing_state: String,
    /// Document number; stored normalised (upper case, without spaces, dashes or `<`).
    #[schema(example = "X1234567")]
    pub document_number: String,
    /// Code list `document_status`.
    #[schema(example = "stolen")]
    pub status: String,
    /// Day the document was reported (YYYY-MM-DD).
    pub reported_on: NaiveDate,
    /// MRZ document code when known (`P`, `ID`, `AC`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_code: Option<String>,
    /// The reporting agency's own reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// Free text for the officer who gets a hit (where to call, what to do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who besides the owner sees the entry: `national`, `bilateral` or `regional`.
    #[serde(default)]
    pub sharing: Sharing,
}

/// A registry entry as stored: the report plus what the server keeps about it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredRegistryEntry {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each change.
    pub version: i64,
    /// Member that reported the document.
    pub owner: String,
    /// Agency that reported it last.
    pub agency: String,
    /// When it was first stored (RFC 3339, UTC).
    pub created_at: String,
    /// When it was last changed (RFC 3339, UTC).
    pub updated_at: String,
    /// The report.
    #[serde(flatten)]
    pub entry: RegistryEntry,
}

/// The form document numbers are stored and looked up in: upper-case letters and digits, with
/// the separators people type (spaces, dashes, dots, slashes) and MRZ fillers dropped.
pub fn normalise_document_number(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '<'))
        .flat_map(char::to_uppercase)
        .collect()
}

const MAX_NUMBER: usize = 30;
const MAX_TEXT: usize = 200;
const MAX_NOTE: usize = 2_000;
const EARLIEST_YEAR: i32 = 1950;

fn err(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

impl RegistryEntry {
    /// Brings codes and the document number to their canonical form.
    pub fn normalise(&mut self) {
        self.issuing_state = self.issuing_state.trim().to_ascii_uppercase();
        self.document_number = normalise_document_number(&self.document_number);
        self.status = self.status.trim().to_ascii_lowercase();
        if let Some(c) = &mut self.document_code {
            *c = c.trim().trim_end_matches('<').to_ascii_uppercase();
        }
        for text in [&mut self.external_ref, &mut self.note] {
            if let Some(t) = text {
                *t = t.trim().to_string();
            }
            if text.as_deref() == Some("") {
                *text = None;
            }
        }
        self.sharing.normalise();
    }

    /// Every way this report breaks the rules; empty when it is valid.
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.issuing_state.is_empty() {
            errors.push(err(
                "issuing_state",
                "required",
                "the issuing state is required",
            ));
        } else if lintas_mrz::lookup_country(&self.issuing_state).is_none() {
            errors.push(err(
                "issuing_state",
                "invalid_country",
                format!(
                    "`{}` is neither an ISO 3166-1 alpha-3 code nor an ICAO 9303 issuer code",
                    self.issuing_state
                ),
            ));
        }
        let n = &self.document_number;
        if n.is_empty() {
            errors.push(err(
                "document_number",
                "required",
                "the document number is required",
            ));
        } else if n.len() > MAX_NUMBER || !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
            errors.push(err(
                "document_number",
                "invalid_document_number",
                format!("`{n}`: letters A-Z and digits only (spaces and dashes are ignored), at most {MAX_NUMBER}"),
            ));
        }
        if !DOCUMENT_STATUS.contains(&self.status) {
            errors.push(err(
                "status",
                "unknown_code",
                format!(
                    "`{}` is not in code list document_status: expected one of {}",
                    self.status,
                    DOCUMENT_STATUS.expected()
                ),
            ));
        }
        if self.reported_on > today {
            errors.push(err(
                "reported_on",
                "in_future",
                format!("{} is after today ({today})", self.reported_on),
            ));
        } else if self.reported_on.year() < EARLIEST_YEAR {
            errors.push(err(
                "reported_on",
                "out_of_range",
                format!("dates before {EARLIEST_YEAR} are not accepted"),
            ));
        }
        if let Some(code) = &self.document_code
            && (code.is_empty()
                || code.len() > 2
                || !code.bytes().all(|b| b.is_ascii_uppercase() || b == b'<'))
        {
            errors.push(err(
                "document_code",
                "invalid_document_code",
                format!("`{code}` is not an MRZ document code (1 or 2 letters, e.g. P, ID, AC)"),
            ));
        }
        if self
            .external_ref
            .as_ref()
            .is_some_and(|r| r.chars().count() > MAX_TEXT)
        {
            errors.push(err(
                "external_ref",
                "too_long",
                format!("at most {MAX_TEXT} characters"),
            ));
        }
        if self
            .note
            .as_ref()
            .is_some_and(|r| r.chars().count() > MAX_NOTE)
        {
            errors.push(err(
                "note",
                "too_long",
                format!("at most {MAX_NOTE} characters"),
            ));
        }
        errors.extend(validate_check_sharing(&self.sharing, "sharing"));
        errors
    }

    /// The status as the MRZ engine's type (for indicators); `None` when invalid.
    pub fn registry_status(&self) -> Option<RegistryStatus> {
        serde_json::from_value(serde_json::Value::String(self.status.clone())).ok()
    }
}

/// Sharing of registry entries and watchlists: `aggregate` means nothing for a lookup, so only
/// `national`, `bilateral` and `regional` are accepted.
pub fn validate_check_sharing(sharing: &Sharing, prefix: &str) -> Vec<FieldError> {
    let mut errors = sharing.validate(prefix, &SHARING_LEVEL);
    if sharing.level == "aggregate" {
        errors.push(err(
            format!("{prefix}.level"),
            "not_allowed",
            "registry entries and watchlists are shared national, bilateral or regional",
        ));
    }
    errors
}

/// Parses and validates one JSON registry entry.
pub fn registry_entry_from_json(
    text: &str,
    today: NaiveDate,
) -> Result<RegistryEntry, Vec<FieldError>> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let mut entry: RegistryEntry = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        vec![err(field, "invalid_json", e.inner().to_string())]
    })?;
    entry.normalise();
    let errors = entry.validate(today);
    if errors.is_empty() {
        Ok(entry)
    } else {
        Err(errors)
    }
}

/// The registry CSV's columns (docs/checks.md); the first four are required.
pub const REGISTRY_CSV_COLUMNS: &[&str] = &[
    "issuing_state",
    "document_number",
    "status",
    "reported_on",
    "document_code",
    "external_ref",
    "note",
    "sharing_level",
    "sharing_states",
];

/// One row of a registry import.
#[derive(Debug, Clone)]
pub struct RegistryRow {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The normalised entry, or every reason the row is invalid.
    pub record: Result<RegistryEntry, Vec<FieldError>>,
}

/// Reads a registry CSV; rows are validated against `today`. Only an unusable header fails
/// the whole file; every other problem is reported on its row.
pub fn read_registry_csv<R: Read>(
    input: R,
    today: NaiveDate,
) -> Result<impl Iterator<Item = RegistryRow>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Header(e.to_string()))?
        .clone();
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        let known = REGISTRY_CSV_COLUMNS
            .iter()
            .find(|c| **c == name)
            .ok_or_else(|| {
                ImportError::Header(format!(
                    "unknown column `{name}` (column {}); the columns are: {}",
                    i + 1,
                    REGISTRY_CSV_COLUMNS.join(", ")
                ))
            })?;
        if columns.insert(*known, i).is_some() {
            return Err(ImportError::Header(format!(
                "column `{name}` appears twice"
            )));
        }
    }
    for required in &REGISTRY_CSV_COLUMNS[..4] {
        if !columns.contains_key(required) {
            return Err(ImportError::Header(format!(
                "missing required column `{required}`"
            )));
        }
    }
    let mut record = csv::StringRecord::new();
    Ok(std::iter::from_fn(move || {
        let position = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                let line = record.position().map_or(position, |p| p.line());
                Some(RegistryRow {
                    line,
                    record: row(&columns, &record, today),
                })
            }
            Err(e) => {
                let line = e.position().map_or(position, |p| p.line());
                // The csv reader resumes after an unreadable record.
                Some(RegistryRow {
                    line,
                    record: Err(vec![err("", "unreadable", e.to_string())]),
                })
            }
        }
    }))
}

fn row(
    columns: &HashMap<&'static str, usize>,
    record: &csv::StringRecord,
    today: NaiveDate,
) -> Result<RegistryEntry, Vec<FieldError>> {
    let cell = |name: &str| {
        columns
            .get(name)
            .and_then(|i| record.get(*i))
            .map(str::trim)
            .unwrap_or("")
    };
    let opt = |name: &str| {
        Some(cell(name))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut errors = Vec::new();
    let reported_on = match cell("reported_on") {
        "" => {
            errors.push(err(
                "reported_on",
                "required",
                "the report date is required",
            ));
            None
        }
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| {
                errors.push(err(
                    "reported_on",
                    "invalid_date",
                    format!("`{text}` is not a date (YYYY-MM-DD)"),
                ))
            })
            .ok(),
    };
    let mut entry = RegistryEntry {
        issuing_state: cell("issuing_state").into(),
        document_number: cell("document_number").into(),
        status: cell("status").into(),
        reported_on: reported_on.unwrap_or(today),
        document_code: opt("document_code"),
        external_ref: opt("external_ref"),
        note: opt("note"),
        sharing: Sharing {
            level: opt("sharing_level").unwrap_or_else(|| "national".into()),
            states: cell("sharing_states")
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        },
    };
    entry.normalise();
    errors.extend(
        entry
            .validate(today)
            .into_iter()
            .map(|mut e| {
                // CSV users know columns, not JSON paths.
                e.field = e.field.replace("sharing.level", "sharing_level");
                if e.field.starts_with("sharing.states") {
                    e.field = "sharing_states".into();
                }
                e
            })
            .filter(|e| !(reported_on.is_none() && e.field == "reported_on")),
    );
    if errors.is_empty() {
        Ok(entry)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    #[test]
    fn csv_rows_are_normalised_or_report_every_problem_with_its_line() {
        let csv = "issuing_state,document_number,status,reported_on,sharing_level,sharing_states\n\
                   idn, x 123-4567 ,Stolen,2026-10-01,regional,\n\
                   XYZ,A1,misplaced,2026-13-01,bilateral,\n\
                   AUS,PA<99,lost,2027-01-01,aggregate,\n\
                   NZL,N1\n";
        let rows: Vec<RegistryRow> = read_registry_csv(csv.as_bytes(), today())
            .unwrap()
            .collect();
        assert_eq!(rows.len(), 4);
        let first = rows[0].record.as_ref().unwrap();
        assert_eq!(
            (
                first.issuing_state.as_str(),
                first.document_number.as_str(),
                first.status.as_str()
            ),
            ("IDN", "X1234567", "stolen")
        );
        assert_eq!(first.registry_status(), Some(RegistryStatus::Stolen));
        let fields = |i: usize| -> Vec<(u64, String, String)> {
            rows[i]
                .record
                .as_ref()
                .unwrap_err()
                .iter()
                .map(|e| (rows[i].line, e.field.clone(), e.code.clone()))
                .collect()
        };
        let line = |n: u64, f: &str, c: &str| (n, f.to_string(), c.to_string());
        assert_eq!(
            fields(1),
            [
                line(3, "reported_on", "invalid_date"),
                line(3, "issuing_state", "invalid_country"),
                line(3, "status", "unknown_code"),
                line(3, "sharing_states", "required"),
            ]
        );
        assert_eq!(
            fields(2),
            [
                line(4, "reported_on", "in_future"),
                line(4, "sharing_level", "not_allowed")
            ]
        );
        assert_eq!(
            fields(3),
            [
                line(5, "reported_on", "required"),
                line(5, "status", "unknown_code")
            ]
        );
    }

    #[test]
    fn bad_headers_fail_the_file() {
        let e = read_registry_csv("issuing_state,document_no\n".as_bytes(), today())
            .err()
            .unwrap();
        assert!(
            e.to_string().contains("unknown column `document_no`"),
            "{e}"
        );
        let e = read_registry_csv("issuing_state,status,reported_on\n".as_bytes(), today())
            .err()
            .unwrap();
        assert!(
            e.to_string()
                .contains("missing required column `document_number`"),
            "{e}"
        );
    }

    #[test]
    fn json_entries_name_the_bad_field() {
        let e = registry_entry_from_json(
            r#"{"issuing_state":"IDN","document_number":"X1","status":"stolen","reported_on":"2026-02-30"}"#,
            today(),
        )
        .unwrap_err();
        assert_eq!(e[0].field, "reported_on");
        let ok = registry_entry_from_json(
            r#"{"issuing_state":"D","document_number":"c01x00t47","status":"revoked","reported_on":"2026-02-03","sharing":{"level":"bilateral","states":["aus"]}}"#,
            today(),
        )
        .unwrap();
        assert_eq!(ok.document_number, "C01X00T47");
        assert_eq!(ok.sharing.states, ["AUS"]);
    }
}
