//! The Lintas watchlist CSV: what member states use for their own lists.
//!
//! Header (required, in any order; only `id` and `name` must have values):
//! `id,name,aliases,birth_dates,nationalities,gender,identifiers,kind,reason,listed_on`.
//! Multi-valued fields are separated by `;`. `birth_dates`: `YYYY`, `YYYY-MM` or
//! `YYYY-MM-DD`. `identifiers`: `kind:value` pairs. `kind`: `person` (default),
//! `organization`, `vessel`.

use crate::NamesError;
use crate::country::normalise_country;
use crate::model::{BirthDate, EntityKind, Entry, Gender, Identifier};

/// The header line of a Lintas list CSV.
pub const LINTAS_CSV_HEADER: &str =
    "id,name,aliases,birth_dates,nationalities,gender,identifiers,kind,reason,listed_on";

/// Parses a Lintas list CSV.
pub fn parse_lintas_csv(data: &[u8]) -> Result<Vec<Entry>, NamesError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(data);
    let headers = rdr
        .byte_headers()
        .map_err(|e| NamesError::Malformed {
            line: 1,
            field: "header".into(),
            message: e.to_string(),
        })?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let id_col = col("id").ok_or_else(|| NamesError::Malformed {
        line: 1,
        field: "id".into(),
        message: "missing column".into(),
    })?;
    let name_col = col("name").ok_or_else(|| NamesError::Malformed {
        line: 1,
        field: "name".into(),
        message: "missing column".into(),
    })?;
    let cols: Vec<Option<usize>> = [
        "aliases",
        "birth_dates",
        "nationalities",
        "gender",
        "identifiers",
        "kind",
        "reason",
        "listed_on",
    ]
    .iter()
    .map(|c| col(c))
    .collect();
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(NamesError::Malformed {
                    line,
                    field: "record".into(),
                    message: e.to_string(),
                });
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| -> Result<&str, NamesError> {
            match i.and_then(|i| rec.get(i)) {
                Some(raw) => std::str::from_utf8(raw)
                    .map(str::trim)
                    .map_err(|_| NamesError::InvalidUtf8 { line }),
                None => Ok(""),
            }
        };
        let missing = |field: &str| NamesError::Malformed {
            line,
            field: field.into(),
            message: "missing value".into(),
        };
        let id = get(Some(id_col))?;
        if id.is_empty() {
            return Err(missing("id"));
        }
        let name = get(Some(name_col))?;
        if name.is_empty() {
            return Err(missing("name"));
        }
        let multi = |s: &str| -> Vec<String> {
            s.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut names = vec![name.to_string()];
        names.extend(multi(get(cols.first().copied().flatten())?));
        let mut birth_dates = Vec::new();
        for d in multi(get(cols.get(1).copied().flatten())?) {
            birth_dates.push(BirthDate::parse(&d).ok_or_else(|| NamesError::Malformed {
                line,
                field: "birth_dates".into(),
                message: format!("not a date: {d:?}"),
            })?);
        }
        let nationalities = multi(get(cols.get(2).copied().flatten())?)
            .iter()
            .map(|n| normalise_country(n))
            .collect();
        let gender_text = get(cols.get(3).copied().flatten())?;
        let gender = Gender::parse(gender_text);
        if gender.is_none() && !gender_text.is_empty() {
            return Err(NamesError::Malformed {
                line,
                field: "gender".into(),
                message: format!("unknown gender {gender_text:?}"),
            });
        }
        let mut identifiers = Vec::new();
        for pair in multi(get(cols.get(4).copied().flatten())?) {
            let (kind, value) = pair.split_once(':').ok_or_else(|| NamesError::Malformed {
                line,
                field: "identifiers".into(),
                message: format!("expected kind:value, got {pair:?}"),
            })?;
            identifiers.push(Identifier {
                kind: kind.trim().to_string(),
                value: value.trim().to_string(),
            });
        }
        let kind = match get(cols.get(5).copied().flatten())?
            .to_ascii_lowercase()
            .as_str()
        {
            "" | "person" => EntityKind::Person,
            "organization" | "organisation" => EntityKind::Organization,
            "vessel" => EntityKind::Vessel,
            other => {
                return Err(NamesError::Malformed {
                    line,
                    field: "kind".into(),
                    message: format!("unknown kind {other:?}"),
                });
            }
        };
        let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        out.push(Entry {
            id: id.to_string(),
            kind,
            names,
            birth_dates,
            nationalities,
            gender,
            identifiers,
            reason: opt(get(cols.get(6).copied().flatten())?),
            listed_on: opt(get(cols.get(7).copied().flatten())?),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_fields_and_errors() {
        let data = format!(
            "{LINTAS_CSV_HEADER}\nMY-1,Aung Ko Ko,Ko Ko Aung;အောင်ကိုကို,1980-02-03,MMR,male,passport:MA123456,person,smuggling,2024-01-01\n"
        );
        let e = parse_lintas_csv(data.as_bytes()).unwrap_or_default();
        let e = e.first().cloned().unwrap_or_else(|| Entry::person("", ""));
        assert_eq!(e.names.len(), 3);
        assert_eq!(
            e.identifiers.first().map(|i| i.value.as_str()),
            Some("MA123456")
        );
        let bad = format!("{LINTAS_CSV_HEADER}\nA,Ali,,1980,,,,,,\nB,Bo,,19x0,,,,,,\n");
        assert!(
            matches!(parse_lintas_csv(bad.as_bytes()), Err(NamesError::Malformed { line: 3, ref field, .. }) if field == "birth_dates")
        );
    }
}
