//! OFAC Specially Designated Nationals list, legacy `sdn.csv` (no header, 12 columns).

use crate::NamesError;
use crate::country::normalise_country;
use crate::model::{BirthDate, EntityKind, Entry, Gender, Identifier};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn null(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && t != "-0-").then_some(t)
}

/// Parses an OFAC date: `10 Dec 1948`, `Dec 1948`, `1948`, `circa 1948`, `1958 to 1960`.
fn parse_dates(s: &str) -> Vec<BirthDate> {
    let s = s.trim().trim_start_matches("circa").trim();
    if let Some((a, b)) = s.split_once(" to ") {
        let (fa, fb) = (parse_dates(a), parse_dates(b));
        if let (Some(x), Some(y)) = (fa.first(), fb.first()) {
            return (x.year..=y.year.min(x.year.saturating_add(10)))
                .map(|year| BirthDate {
                    year,
                    month: None,
                    day: None,
                })
                .collect();
        }
        return fa;
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    let month = |m: &str| {
        MONTHS
            .iter()
            .position(|x| m.to_ascii_lowercase().starts_with(x))
            .and_then(|i| u8::try_from(i + 1).ok())
    };
    let date = match parts.as_slice() {
        [d, m, y] => y.parse().ok().map(|year| BirthDate {
            year,
            month: month(m),
            day: d.parse().ok().filter(|d| (1..=31).contains(d)),
        }),
        [m, y] => y.parse().ok().map(|year| BirthDate {
            year,
            month: month(m),
            day: None,
        }),
        [y] => y.parse().ok().map(|year| BirthDate {
            year,
            month: None,
            day: None,
        }),
        _ => None,
    };
    date.filter(|d| (1000..=2999).contains(&d.year))
        .into_iter()
        .collect()
}

fn strip_quotes(s: &str) -> &str {
    let s = s.trim().trim_end_matches('.');
    let s = s
        .strip_prefix('\'')
        .or_else(|| s.strip_prefix('"'))
        .unwrap_or(s);
    s.strip_suffix('\'')
        .or_else(|| s.strip_suffix('"'))
        .unwrap_or(s)
        .trim()
}

fn remarks(e: &mut Entry, text: &str) {
    for item in text.split(';') {
        let item = item.trim().trim_end_matches('.');
        let lower = item.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("dob ") {
            e.birth_dates.extend(parse_dates(rest));
        } else if let Some(rest) = item
            .strip_prefix("nationality ")
            .or_else(|| item.strip_prefix("citizen "))
        {
            let n = normalise_country(rest);
            if !e.nationalities.contains(&n) {
                e.nationalities.push(n);
            }
        } else if let Some(rest) = item.strip_prefix("Gender ") {
            e.gender = Gender::parse(rest);
        } else if let Some(rest) = item
            .strip_prefix("a.k.a. ")
            .or_else(|| item.strip_prefix("f.k.a. "))
        {
            let alias = strip_quotes(rest);
            if !alias.is_empty() {
                e.names.push(alias.to_string());
            }
        } else {
            let doc = item.strip_prefix("alt. ").unwrap_or(item);
            for kind in [
                "Passport",
                "National ID No.",
                "Cedula No.",
                "Identification Number",
                "SSN",
                "Tax ID No.",
            ] {
                if let Some(rest) = doc.strip_prefix(kind) {
                    let value = rest.split('(').next().unwrap_or("").trim();
                    if !value.is_empty() {
                        e.identifiers.push(Identifier {
                            kind: kind.trim_end_matches('.').to_string(),
                            value: value.to_string(),
                        });
                    }
                }
            }
        }
    }
}

/// Parses `sdn.csv`: id = `ent_num`; type `individual` → person, `vessel`/`aircraft` →
/// vessel, `-0-` → organisation. Birth dates, nationalities, gender, aliases (`a.k.a.`)
/// and passport/ID numbers are read from the Remarks column.
pub fn parse_ofac_sdn(data: &[u8]) -> Result<Vec<Entry>, NamesError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                return Err(NamesError::Malformed {
                    line,
                    field: "record".into(),
                    message: e.to_string(),
                });
            }
        }
        let line = rec.position().map_or(line, |p| p.line());
        // The file ends with a DOS end-of-file byte (0x1A) on its own line.
        if rec.len() == 1
            && rec
                .get(0)
                .is_some_and(|f| f.iter().all(|b| *b == 0x1A || b.is_ascii_whitespace()))
        {
            continue;
        }
        let field = |i: usize, name: &str| -> Result<&str, NamesError> {
            let raw = rec.get(i).ok_or_else(|| NamesError::Malformed {
                line,
                field: name.into(),
                message: "missing column".into(),
            })?;
            std::str::from_utf8(raw).map_err(|_| NamesError::InvalidUtf8 { line })
        };
        let ent_num = field(0, "ent_num")?.trim();
        if ent_num.is_empty() || !ent_num.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NamesError::Malformed {
                line,
                field: "ent_num".into(),
                message: format!("not a number: {ent_num:?}"),
            });
        }
        let name = null(field(1, "SDN_Name")?).ok_or_else(|| NamesError::Malformed {
            line,
            field: "SDN_Name".into(),
            message: "missing".into(),
        })?;
        let kind = match null(field(2, "SDN_Type")?) {
            Some("individual") => EntityKind::Person,
            Some("vessel") | Some("aircraft") => EntityKind::Vessel,
            _ => EntityKind::Organization,
        };
        let mut e = Entry {
            id: ent_num.to_string(),
            kind,
            names: vec![name.to_string()],
            birth_dates: Vec::new(),
            nationalities: Vec::new(),
            gender: None,
            identifiers: Vec::new(),
            reason: match rec.get(3) {
                Some(_) => null(field(3, "Program")?).map(str::to_string),
                None => None,
            },
            listed_on: None,
        };
        if let Some(r) = rec.get(11) {
            let r = std::str::from_utf8(r).map_err(|_| NamesError::InvalidUtf8 { line })?;
            if let Some(r) = null(r) {
                remarks(&mut e, r);
            }
        }
        out.push(e);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_remarks() {
        let data = b"2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\",\"-0-\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); nationality Egypt; a.k.a. 'AL-ZAWAHIRI, Aiman'; Gender Male.\"\n\x1a\n";
        let e = parse_ofac_sdn(data).unwrap_or_default();
        let e = e.first().cloned().unwrap_or_else(|| Entry::person("", ""));
        assert_eq!(e.id, "2676");
        assert_eq!(
            e.names,
            vec![
                "AL ZAWAHIRI, Dr. Ayman".to_string(),
                "AL-ZAWAHIRI, Aiman".to_string()
            ]
        );
        assert_eq!(
            e.birth_dates,
            vec![BirthDate {
                year: 1951,
                month: Some(6),
                day: Some(19)
            }]
        );
        assert_eq!(e.nationalities, vec!["EGY".to_string()]);
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(
            e.identifiers.first().map(|i| i.value.as_str()),
            Some("1084010")
        );
        assert_eq!(parse_dates("1958 to 1960").len(), 3);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let err = parse_ofac_sdn(b"1,\"A\",\"individual\"\nx,\"B\",\"individual\"\n");
        assert!(
            matches!(err, Err(NamesError::Malformed { line: 2, .. })),
            "{err:?}"
        );
        let err = parse_ofac_sdn(b"1,\"A\",\"individual\"\n2,\"\xff\",\"individual\"\n");
        assert!(
            matches!(err, Err(NamesError::InvalidUtf8 { line: 2 })),
            "{err:?}"
        );
    }
}
