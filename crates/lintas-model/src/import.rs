//! Readers for bulk imports: CSV with the columns documented in `docs/data-standard.md`,
//! a JSON array of incidents, or JSON Lines. Rows come out one at a time with their line
//! number, each either a normalised incident or every reason it is invalid.

use std::collections::HashMap;
use std::io::{BufRead, Read};

use chrono::NaiveDate;

mod stream;

pub use stream::MAX_RECORD_BYTES;
use stream::{JsonArray, JsonLines, LineLimit};

use crate::{
    Counts, Fee, FieldError, Identifier, Incident, PartialDate, Person, Place, Route, Sharing,
};

/// Why a whole file cannot be read (as opposed to one bad row).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("reading the input: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV header is unusable.
    #[error("CSV header: {0}")]
    Header(String),
    /// A JSON array file is not a JSON array.
    #[error("line {line}: not a JSON array of incidents: {message}")]
    Json { line: u64, message: String },
    /// A spreadsheet (XLSX, ODS) cannot be opened or has no sheet to read.
    #[error("spreadsheet: {0}")]
    Spreadsheet(String),
    /// The import's own settings are unusable (e.g. a sharing level victims may not have).
    #[error("{0}")]
    Options(String),
}

/// Input formats for imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON array of incident objects.
    Json,
    /// One incident object per line.
    JsonLines,
}

impl Format {
    /// The format a file name's extension indicates.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }

    /// The format a media type indicates (for HTTP uploads).
    pub fn from_media_type(media: &str) -> Option<Format> {
        let media = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            "text/csv" => Some(Format::Csv),
            "application/json" => Some(Format::Json),
            "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => {
                Some(Format::JsonLines)
            }
            _ => None,
        }
    }

    /// Guesses from the first bytes: `[` is a JSON array, `{` JSON Lines, anything else CSV.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::Json,
            Some(b'{') => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// One input row: where it was and what it holds.
#[derive(Debug)]
pub struct Row {
    /// 1-based line number where the record starts.
    pub line: u64,
    /// The normalised incident, or every reason the row is invalid.
    pub record: Result<Incident, Vec<FieldError>>,
}

/// Reads `input` in `format`; rows are validated against `today`.
pub fn read<'a, R: BufRead + 'a>(
    input: R,
    format: Format,
    today: NaiveDate,
) -> Result<Box<dyn Iterator<Item = Row> + 'a>, ImportError> {
    match format {
        Format::Csv => Ok(Box::new(CsvRows::new(LineLimit::new(input), today)?)),
        Format::JsonLines => Ok(Box::new(JsonLines::new(input, today))),
        Format::Json => Ok(Box::new(JsonArray::new(input, today)?)),
    }
}

fn err(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

/// Parses and validates one JSON incident.
pub fn from_json(text: &str, today: NaiveDate) -> Result<Incident, Vec<FieldError>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        vec![err(
            "",
            "invalid_json",
            format!(
                "not readable as JSON (line {}, column {}): {}",
                e.line(),
                e.column(),
                syntax_problem(&e)
            ),
        )]
    })?;
    if !value.is_object() {
        return Err(vec![err(
            "",
            "invalid_json",
            "an incident is a JSON object ({…})",
        )]);
    }
    let (incident, mut errors) = crate::plain::read_all::<Incident>(value, "");
    if let Some(mut incident) = incident {
        // Fields that could not be read were stood in for; their checks would only repeat.
        if let Err(more) = finish(&mut incident, today) {
            let parse_errors = errors.clone();
            errors.extend(
                more.into_iter()
                    .filter(|e| !crate::plain::covered(&e.field, &parse_errors)),
            );
        }
        if errors.is_empty() {
            return Ok(incident);
        }
    }
    crate::plain::humanise(&mut errors);
    Err(errors)
}

/// serde_json's syntax message without its position (given separately).
fn syntax_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    }
}

fn finish(incident: &mut Incident, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    incident.normalise();
    let errors = incident.validate(today);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The CSV columns, in the documented order. `kind` and `occurred_on` are required.
pub const CSV_COLUMNS: &[&str] = &[
    "external_ref",
    "kind",
    "occurred_on",
    "place_country",
    "place_name",
    "lat",
    "lon",
    "origin",
    "transit",
    "destination",
    "modes",
    "tags",
    "migrants",
    "victims",
    "suspects",
    "dead_or_missing",
    "fee_amount",
    "fee_currency",
    "fee_basis",
    "narrative",
    "sharing_level",
    "sharing_states",
    "persons",
    "identifiers",
];

struct CsvRows<R: Read> {
    reader: csv::Reader<R>,
    columns: HashMap<&'static str, usize>,
    record: csv::StringRecord,
    today: NaiveDate,
    /// Set after a read error: the input cannot be read further.
    done: bool,
}

impl<R: Read> CsvRows<R> {
    fn new(input: R, today: NaiveDate) -> Result<Self, ImportError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| ImportError::Header(e.to_string()))?
            .clone();
        let mut columns = HashMap::new();
        for (i, name) in headers.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}');
            let known = CSV_COLUMNS.iter().find(|c| **c == name).ok_or_else(|| {
                ImportError::Header(format!(
                    "unknown column `{name}` (column {}); the columns are: {}",
                    i + 1,
                    CSV_COLUMNS.join(", ")
                ))
            })?;
            if columns.insert(*known, i).is_some() {
                return Err(ImportError::Header(format!(
                    "column `{name}` appears twice"
                )));
            }
        }
        for required in ["kind", "occurred_on"] {
            if !columns.contains_key(required) {
                return Err(ImportError::Header(format!(
                    "missing required column `{required}`"
                )));
            }
        }
        Ok(Self {
            reader,
            columns,
            record: csv::StringRecord::new(),
            today,
            done: false,
        })
    }

    fn cell(&self, name: &str) -> &str {
        self.columns
            .get(name)
            .and_then(|i| self.record.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }

    fn opt(&self, name: &str) -> Option<String> {
        Some(self.cell(name))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.cell(name)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn number<T: std::str::FromStr>(
        &self,
        name: &str,
        errors: &mut Vec<FieldError>,
        what: &str,
    ) -> Option<T> {
        let cell = self.cell(name);
        if cell.is_empty() {
            return None;
        }
        cell.parse()
            .map_err(|_| {
                errors.push(err(
                    name,
                    "invalid_number",
                    format!("`{cell}` is not {what}"),
                ))
            })
            .ok()
    }

    fn json<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        errors: &mut Vec<FieldError>,
    ) -> Vec<T> {
        let cell = self.cell(name);
        if cell.is_empty() {
            return Vec::new();
        }
        let value: serde_json::Value = match serde_json::from_str(cell) {
            Ok(v) => v,
            Err(e) => {
                errors.push(err(
                    name,
                    "invalid_json",
                    format!(
                        "not readable as JSON (column {}): {}",
                        e.column(),
                        syntax_problem(&e)
                    ),
                ));
                return Vec::new();
            }
        };
        let (read, found) = crate::plain::read_all::<Vec<T>>(value, name);
        errors.extend(found);
        read.unwrap_or_default()
    }

    fn incident(&self) -> Result<Incident, Vec<FieldError>> {
        let mut errors = Vec::new();
        let occurred_on = PartialDate::parse(self.cell("occurred_on"))
            .map_err(|m| errors.push(err("occurred_on", "invalid_date", m)))
            .ok();
        let fee = match (
            self.number::<f64>("fee_amount", &mut errors, "an amount"),
            self.opt("fee_currency"),
            self.opt("fee_basis"),
        ) {
            (None, None, None) => None,
            (amount, currency, basis) => {
                if amount.is_none() {
                    errors.push(err("fee_amount", "required", "a fee needs an amount"));
                }
                Some(Fee {
                    amount: amount.unwrap_or(0.0),
                    currency: currency.unwrap_or_default(),
                    basis: basis.unwrap_or_else(|| "per_person".into()),
                })
            }
        };
        let counts = Counts {
            migrants: self.number("migrants", &mut errors, "a whole number"),
            victims: self.number("victims", &mut errors, "a whole number"),
            suspects: self.number("suspects", &mut errors, "a whole number"),
            dead_or_missing: self.number("dead_or_missing", &mut errors, "a whole number"),
        };
        let place = Place {
            country: self.cell("place_country").to_string(),
            name: self.opt("place_name"),
            lat: self.number("lat", &mut errors, "a latitude"),
            lon: self.number("lon", &mut errors, "a longitude"),
        };
        let persons: Vec<Person> = self.json("persons", &mut errors);
        let identifiers: Vec<Identifier> = self.json("identifiers", &mut errors);
        // A bad date must not hide the other problems: validate the rest with a stand-in.
        let occurred_on = occurred_on.unwrap_or_else(|| PartialDate::day(self.today));
        let mut incident = Incident {
            kind: self.cell("kind").to_string(),
            occurred_on,
            place,
            route: Route {
                origin: self.opt("origin"),
                transit: self.list("transit"),
                destination: self.opt("destination"),
            },
            modes: self.list("modes"),
            tags: self.list("tags"),
            counts,
            fee,
            persons,
            identifiers,
            narrative: self.cell("narrative").to_string(),
            external_ref: self.opt("external_ref"),
            sharing: Sharing {
                level: self
                    .opt("sharing_level")
                    .unwrap_or_else(|| "national".into()),
                states: self.list("sharing_states"),
            },
        };
        let parse_errors = errors.clone();
        if let Err(more) = finish(&mut incident, self.today) {
            errors.extend(
                more.into_iter()
                    .filter(|e| !crate::plain::covered(&e.field, &parse_errors))
                    .map(|mut e| {
                        e.field = csv_column(&e.field);
                        e
                    })
                    .filter(|e| !crate::plain::covered(&e.field, &parse_errors)),
            );
        }
        if errors.is_empty() {
            Ok(incident)
        } else {
            crate::plain::humanise(&mut errors);
            Err(errors)
        }
    }
}

/// Builds an incident from values named by CSV column (a web form uses the same names), with
/// the same parsing, normalisation and validation as a CSV row; errors name the columns.
pub fn from_columns(
    fields: &[(&str, &str)],
    today: NaiveDate,
) -> Result<Incident, Vec<FieldError>> {
    let mut columns = HashMap::new();
    let mut record = csv::StringRecord::new();
    for (name, value) in fields {
        if let Some(known) = CSV_COLUMNS.iter().find(|c| *c == name) {
            columns.insert(*known, record.len());
            record.push_field(value);
        }
    }
    let rows = CsvRows {
        reader: csv::Reader::from_reader(std::io::empty()),
        columns,
        record,
        today,
        done: false,
    };
    rows.incident()
}

/// An incident's values by CSV column: the inverse of [`from_columns`], for edit forms and
/// CSV export.
pub fn to_columns(incident: &Incident) -> Vec<(&'static str, String)> {
    let num = |n: Option<u32>| n.map(|v| v.to_string()).unwrap_or_default();
    let float = |n: Option<f64>| n.map(|v| v.to_string()).unwrap_or_default();
    let json = |v: serde_json::Result<String>| v.unwrap_or_default();
    let fee = incident.fee.as_ref();
    vec![
        (
            "external_ref",
            incident.external_ref.clone().unwrap_or_default(),
        ),
        ("kind", incident.kind.clone()),
        ("occurred_on", incident.occurred_on.to_string()),
        ("place_country", incident.place.country.clone()),
        (
            "place_name",
            incident.place.name.clone().unwrap_or_default(),
        ),
        ("lat", float(incident.place.lat)),
        ("lon", float(incident.place.lon)),
        ("origin", incident.route.origin.clone().unwrap_or_default()),
        ("transit", incident.route.transit.join(";")),
        (
            "destination",
            incident.route.destination.clone().unwrap_or_default(),
        ),
        ("modes", incident.modes.join(";")),
        ("tags", incident.tags.join(";")),
        ("migrants", num(incident.counts.migrants)),
        ("victims", num(incident.counts.victims)),
        ("suspects", num(incident.counts.suspects)),
        ("dead_or_missing", num(incident.counts.dead_or_missing)),
        ("fee_amount", float(fee.map(|f| f.amount))),
        (
            "fee_currency",
            fee.map(|f| f.currency.clone()).unwrap_or_default(),
        ),
        (
            "fee_basis",
            fee.map(|f| f.basis.clone()).unwrap_or_default(),
        ),
        ("narrative", incident.narrative.clone()),
        ("sharing_level", incident.sharing.level.clone()),
        ("sharing_states", incident.sharing.states.join(";")),
        (
            "persons",
            if incident.persons.is_empty() {
                String::new()
            } else {
                json(serde_json::to_string(&incident.persons))
            },
        ),
        (
            "identifiers",
            if incident.identifiers.is_empty() {
                String::new()
            } else {
                json(serde_json::to_string(&incident.identifiers))
            },
        ),
    ]
}

/// Maps a record field path to the CSV column that holds it.
fn csv_column(field: &str) -> String {
    let mapped = match field.split(['[', '.']).next().unwrap_or(field) {
        "place" => match field {
            "place.country" => "place_country",
            "place.name" => "place_name",
            "place.lat" => "lat",
            "place.lon" => "lon",
            _ => "place_country",
        },
        "route" => match field.split(['.', '[']).nth(1) {
            Some("origin") => "origin",
            Some("destination") => "destination",
            _ => "transit",
        },
        "counts" => field.strip_prefix("counts.").unwrap_or(field),
        "fee" => match field {
            "fee.currency" => "fee_currency",
            "fee.basis" => "fee_basis",
            _ => "fee_amount",
        },
        "sharing" => {
            if field == "sharing.level" {
                "sharing_level"
            } else {
                "sharing_states"
            }
        }
        _ => return field.to_string(),
    };
    mapped.to_string()
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        let mut record = std::mem::take(&mut self.record);
        let result = self.reader.read_record(&mut record);
        self.record = record;
        match result {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line());
                Some(Row {
                    line,
                    record: self.incident(),
                })
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
                    csv::ErrorKind::Io(io) => {
                        self.done = true;
                        io.to_string()
                    }
                    _ => e.to_string(),
                };
                // The csv reader resynchronises at the next record after an error.
                Some(Row {
                    line,
                    record: Err(vec![err("", "malformed_row", message)]),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    fn rows(text: &str, format: Format) -> Vec<Row> {
        read(text.as_bytes(), format, today()).unwrap().collect()
    }

    #[test]
    fn csv_rows_with_lines_and_column_names() {
        let text = "external_ref,kind,occurred_on,place_country,origin,transit,destination,modes,tags,migrants,fee_amount,fee_currency,fee_basis\n\
                    A-1,smuggling,2024-05,IDN,AFG,MYS;IDN,AUS,sea,sea_crossing,41,5000,USD,per_person\n\
                    A-2,smugling,2024-13,IDN,AFG,,AUS,boat,,many,,,\n";
        let rows = rows(text, Format::Csv);
        assert_eq!(rows.len(), 2);
        let ok = rows[0].record.as_ref().unwrap();
        assert_eq!(ok.route.transit, ["MYS", "IDN"]);
        assert_eq!(ok.counts.migrants, Some(41));
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 3);
        let errs = rows[1].record.as_ref().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        // The bad date no longer hides the bad kind and mode (issue 15): all in one pass.
        assert_eq!(fields, ["occurred_on", "migrants", "kind", "modes[0]"]);
    }

    #[test]
    fn columns_round_trip_through_a_form() {
        let text = "external_ref,kind,occurred_on,place_country,place_name,lat,lon,origin,transit,destination,modes,tags,migrants,suspects,fee_amount,fee_currency,fee_basis,narrative,sharing_level,sharing_states,persons,identifiers\n\
                    A-1,smuggling,2024-05-03,IDN,Kupang,-10.17,123.6,AFG,MYS;IDN,AUS,sea,sea_crossing,41,2,5000,USD,per_person,Boat intercepted,bilateral,AUS;NZL,\"[{\"\"family_name\"\":\"\"Rahimi\"\",\"\"given_names\"\":\"\"Ali\"\",\"\"role\"\":\"\"organiser\"\"}]\",\"[{\"\"kind\"\":\"\"phone\"\",\"\"value\"\":\"\"+62 812 3456 7890\"\"}]\"\n";
        let incident = rows(text, Format::Csv).remove(0).record.unwrap();
        let columns = to_columns(&incident);
        let fields: Vec<(&str, &str)> = columns.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(from_columns(&fields, today()).unwrap(), incident);
        let mut bad = fields.clone();
        bad.retain(|(k, _)| *k != "place_country");
        bad.push(("place_country", "XXY"));
        let errs = from_columns(&bad, today()).unwrap_err();
        assert_eq!(errs[0].field, "place_country");
    }

    #[test]
    fn csv_validation_errors_name_the_column() {
        let text = "kind,occurred_on,place_country,modes,fee_amount,fee_currency\nsmugling,2024-05,XXY,boat,10,EURO\n";
        let errs = rows(text, Format::Csv).remove(0).record.unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["kind", "place_country", "modes[0]", "fee_currency"]
        );
    }

    #[test]
    fn unknown_or_missing_columns_fail_the_file() {
        let e = read("kind,occured_on\n".as_bytes(), Format::Csv, today())
            .err()
            .unwrap();
        assert!(e.to_string().contains("unknown column `occured_on`"), "{e}");
        let e = read("kind\n".as_bytes(), Format::Csv, today())
            .err()
            .unwrap();
        assert!(
            e.to_string()
                .contains("missing required column `occurred_on`"),
            "{e}"
        );
    }

    #[test]
    fn json_array_rows_know_their_lines() {
        let text = "[\n  {\"kind\": \"smuggling\", \"occurred_on\": \"2024\", \"place\": {\"country\": \"THA\"}},\n\n  {\"kind\": \"trafficking\", \"occurred_on\": \"2024\", \"place\": {\"country\": \"THA\"}, \"counts\": {\"victims\": \"x\"}}\n]";
        let rows = rows(text, Format::Json);
        assert_eq!(rows[0].line, 2);
        assert!(rows[0].record.is_ok());
        assert_eq!(rows[1].line, 4);
        let e = rows[1].record.as_ref().unwrap_err();
        assert_eq!(e[0].field, "counts.victims");
        assert_eq!(e[0].code, "invalid_json");
    }

    #[test]
    fn json_lines_skip_blank_lines_and_reject_unknown_fields() {
        let text = "{\"kind\":\"maritime\",\"occurred_on\":\"2023-01-02\",\"place\":{\"lat\":-12.0,\"lon\":123.0}}\n\n{\"kind\":\"other\",\"occurred_on\":\"2023\",\"place\":{\"country\":\"LKA\"},\"colour\":1}\n";
        let rows = rows(text, Format::JsonLines);
        assert_eq!(rows.len(), 2);
        assert!(rows[0].record.is_ok());
        assert_eq!(rows[1].line, 3);
        assert!(
            rows[1].record.as_ref().unwrap_err()[0]
                .message
                .contains("colour")
        );
    }

    #[test]
    fn a_bad_date_does_not_hide_a_bad_code_or_a_missing_role() {
        let csv = "kind,occurred_on,place_country,persons\nsmugling,2025-13-01,IDN,\"[{\"\"given_names\"\": \"\"Ali\"\"}]\"\n";
        let rows = rows(csv, Format::Csv);
        let e = rows[0].record.as_ref().unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["occurred_on", "persons[0].role", "kind"],
            "{e:?}"
        );
        assert_eq!(e[1].message, "Person 1: role is required");
        assert!(e[2].message.contains("smugling"), "{e:?}");

        let json = r#"{"kind": "smugling", "occurred_on": "2025-13-01", "place": {"country": "IDN"}, "persons": [{"given_names": "Ali"}, {"given_names": "Budi", "role": "crew", "nationality": "XXX"}]}"#;
        let e = from_json(json, today()).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "occurred_on",
                "persons[0].role",
                "kind",
                "persons[1].nationality"
            ],
            "{e:?}"
        );
        assert_eq!(e[1].message, "Person 1: role is required");
        assert!(e[3].message.starts_with("Person 2: "), "{e:?}");
        assert!(
            e.iter().all(|e| !e.message.contains("line 1 column")),
            "{e:?}"
        );
    }

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"  [{"), Format::Json);
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF{\"a\""), Format::JsonLines);
        assert_eq!(Format::sniff(b"kind,occurred_on"), Format::Csv);
        assert_eq!(Format::from_path("x.NDJSON"), Some(Format::JsonLines));
        assert_eq!(
            Format::from_media_type("text/csv; charset=utf-8"),
            Some(Format::Csv)
        );
    }

    #[test]
    fn invalid_utf8_is_a_row_error() {
        let mut bytes = b"kind,occurred_on,place_country\nsmuggling,2024,IDN\n".to_vec();
        bytes.extend_from_slice(b"smuggling,2024,\xff\xfe\nsmuggling,2024,MYS\n");
        let rows: Vec<Row> = read(&bytes[..], Format::Csv, today()).unwrap().collect();
        assert_eq!(rows.len(), 3);
        assert!(rows[0].record.is_ok());
        assert_eq!(rows[1].line, 3);
        assert_eq!(
            rows[1].record.as_ref().unwrap_err()[0].code,
            "malformed_row"
        );
        assert!(rows[2].record.is_ok());
    }
}
