//! Writing an MRZ from holder and document fields.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::charset::{check_digit_bytes, check_digit_concat, is_mrz_char};
use crate::countries::lookup_bytes;
use crate::date::to_yymmdd;
use crate::document::{Format, Sex};
use crate::error::MrzError;
use crate::fields::document_code_problem;
use crate::layout::{Span, layout};
use crate::translit::{Language, transliterate};

/// Fields to write into an MRZ. Text may be in any case and script that
/// [`transliterate`] supports; codes are ICAO codes (`D`, `UTO`, `AUS`), not names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrzFields {
    /// Target format.
    pub format: Format,
    /// Document code, 1–2 characters (`P`, `ID`, `AC`, `V`).
    pub document_code: String,
    /// Issuing state or organisation code.
    pub issuing_state: String,
    /// Primary identifier (may be empty when the holder has only given names recorded).
    pub surname: String,
    /// Secondary identifier (empty for a mononym).
    pub given_names: String,
    /// Document number; TD1/TD2 numbers longer than 9 characters use the overflow convention.
    pub document_number: String,
    /// Nationality code.
    pub nationality: String,
    /// Date of birth, `None` when unknown (written as fillers).
    pub birth_date: Option<Date>,
    /// Sex.
    pub sex: Sex,
    /// Date of expiry, `None` when the document has none (written as fillers).
    pub expiry_date: Option<Date>,
    /// Optional data (TD3: personal number).
    #[serde(default)]
    pub optional_data: String,
    /// TD1 optional data 2.
    #[serde(default)]
    pub optional_data_2: String,
    /// Cyrillic language exceptions for the names.
    #[serde(default)]
    pub language: Language,
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "TD1" => Ok(Self::TD1),
            "TD2" => Ok(Self::TD2),
            "TD3" => Ok(Self::TD3),
            "MRVA" => Ok(Self::MrvA),
            "MRVB" => Ok(Self::MrvB),
            other => Err(serde::de::Error::unknown_variant(
                other,
                &["TD1", "TD2", "TD3", "MRVA", "MRVB"],
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Sex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.bytes()
            .next()
            .filter(|_| s.len() == 1)
            .and_then(|b| Sex::from_byte(b.to_ascii_uppercase()))
            .ok_or_else(|| serde::de::Error::custom("sex must be M, F, X or <"))
    }
}

/// A generated MRZ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mrz {
    /// The 2 or 3 lines.
    pub lines: Vec<String>,
}

impl fmt::Display for Mrz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(l)?;
        }
        Ok(())
    }
}

/// Upper-cases a code/number field and maps spaces to fillers; rejects other characters.
fn plain(field: &'static str, text: &str) -> Result<Vec<u8>, MrzError> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = if c == ' ' {
            '<'
        } else {
            c.to_ascii_uppercase()
        };
        let b = u8::try_from(u).ok().filter(|&b| is_mrz_char(b));
        out.push(b.ok_or(MrzError::InvalidCharacter { field, ch: c })?);
    }
    Ok(out)
}

fn country(field: &'static str, code: &str) -> Result<[u8; 3], MrzError> {
    let raw = plain(field, code)?;
    let c = lookup_bytes(&raw).ok_or_else(|| MrzError::UnknownCountry {
        field,
        code: code.to_owned(),
    })?;
    let mut out = [b'<'; 3];
    for (o, b) in out.iter_mut().zip(c.code.bytes()) {
        *o = b;
    }
    Ok(out)
}

fn put(
    lines: &mut [Vec<u8>],
    span: Span,
    data: &[u8],
    field: &'static str,
) -> Result<(), MrzError> {
    let width = span.range().len();
    if data.len() > width {
        return Err(MrzError::TooLong {
            field,
            max: width,
            len: data.len(),
        });
    }
    let line = lines.get_mut(span.line as usize).ok_or(MrzError::TooLong {
        field,
        max: 0,
        len: data.len(),
    })?;
    let dst = line.get_mut(span.start as usize..span.start as usize + data.len());
    dst.ok_or(MrzError::TooLong {
        field,
        max: width,
        len: data.len(),
    })?
    .copy_from_slice(data);
    Ok(())
}

fn digit(d: Option<u8>) -> u8 {
    b'0' + d.unwrap_or(0)
}

/// Cuts a name to `width` so that, when it was too long, the last position holds a letter
/// (the ICAO sign of truncation, Doc 9303 Part 3 §4.6.5). A cut landing on a filler
/// shortens the component before it by one letter instead, so the next letter moves in.
fn truncate_name(name: &mut Vec<u8>, width: usize) {
    while name.len() > width {
        if name.get(width - 1).is_some_and(u8::is_ascii_uppercase) {
            name.truncate(width);
            return;
        }
        // Last letter before position `width` whose component keeps at least one letter.
        let removable = (1..width.min(name.len())).rev().find(|&i| {
            name.get(i).is_some_and(u8::is_ascii_uppercase)
                && name.get(i - 1).is_some_and(u8::is_ascii_uppercase)
                && name.get(i + 1) == Some(&b'<')
        });
        match removable {
            Some(i) => {
                name.remove(i);
            }
            None => {
                name.truncate(width);
                while name.last() == Some(&b'<') {
                    name.pop();
                }
                return;
            }
        }
    }
}

/// Builds the name field: primary `<<` secondary, truncated to `width` by [`truncate_name`].
fn name_field(
    surname: &str,
    given: &str,
    lang: Language,
    width: usize,
) -> Result<Vec<u8>, MrzError> {
    let primary = transliterate(surname, lang).map_err(|ch| MrzError::InvalidCharacter {
        field: "surname",
        ch,
    })?;
    let secondary = transliterate(given, lang).map_err(|ch| MrzError::InvalidCharacter {
        field: "given_names",
        ch,
    })?;
    if primary.is_empty() && secondary.is_empty() {
        return Err(MrzError::InvalidCharacter {
            field: "surname",
            ch: ' ',
        });
    }
    let mut out = primary.into_bytes();
    if !secondary.is_empty() {
        out.extend_from_slice(b"<<");
        out.extend_from_slice(secondary.as_bytes());
    }
    truncate_name(&mut out, width);
    Ok(out)
}

/// Writes the MRZ for `fields`. The output parses back to the same fields (after
/// transliteration and truncation).
///
/// ```
/// use lintas_mrz::{generate, MrzFields, Format, Sex, Language};
/// use time::{Date, Month};
/// let mrz = generate(&MrzFields {
///     format: Format::TD3,
///     document_code: "P".into(),
///     issuing_state: "UTO".into(),
///     surname: "Eriksson".into(),
///     given_names: "Anna María".into(),
///     document_number: "L898902C3".into(),
///     nationality: "UTO".into(),
///     birth_date: Date::from_calendar_date(1974, Month::August, 12).ok(),
///     sex: Sex::Female,
///     expiry_date: Date::from_calendar_date(2012, Month::April, 15).ok(),
///     optional_data: "ZE184226B".into(),
///     optional_data_2: String::new(),
///     language: Language::Default,
/// }).unwrap();
/// assert_eq!(mrz.lines[1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
/// ```
pub fn generate(f: &MrzFields) -> Result<Mrz, MrzError> {
    let format = f.format;
    let lay = layout(format);
    let len = format.line_length();
    let mut lines = vec![vec![b'<'; len]; format.lines()];

    let code = plain("document_code", &f.document_code)?;
    let (c0, c1) = match code.as_slice() {
        [a] => (*a, b'<'),
        [a, b] => (*a, *b),
        _ => {
            return Err(MrzError::TooLong {
                field: "document_code",
                max: 2,
                len: code.len(),
            });
        }
    };
    if document_code_problem(format, c0, c1).is_some() {
        return Err(MrzError::InvalidDocumentCode {
            code: f.document_code.clone(),
            format: format.as_str(),
        });
    }
    put(&mut lines, lay.document_code, &[c0, c1], "document_code")?;
    put(
        &mut lines,
        lay.issuing_state,
        &country("issuing_state", &f.issuing_state)?,
        "issuing_state",
    )?;
    put(
        &mut lines,
        lay.nationality,
        &country("nationality", &f.nationality)?,
        "nationality",
    )?;
    let name = name_field(
        &f.surname,
        &f.given_names,
        f.language,
        lay.name.range().len(),
    )?;
    put(&mut lines, lay.name, &name, "name")?;

    let number = plain("document_number", &f.document_number)?;
    if number.is_empty() {
        return Err(MrzError::InvalidCharacter {
            field: "document_number",
            ch: ' ',
        });
    }
    let mut optional = plain("optional_data", &f.optional_data)?;
    if number.len() > 9 && matches!(format, Format::TD1 | Format::TD2) {
        let (head, tail) = number.split_at(9);
        put(&mut lines, lay.document_number, head, "document_number")?;
        put(&mut lines, lay.document_number_cd, b"<", "document_number")?;
        // Overflow, its check digit over the full number, a filler, then the optional data.
        let mut opt1 = tail.to_vec();
        opt1.push(digit(check_digit_bytes(&number)));
        opt1.push(b'<');
        opt1.extend_from_slice(&optional);
        optional = opt1;
    } else {
        put(&mut lines, lay.document_number, &number, "document_number")?;
        let mut padded = number.clone();
        padded.resize(9, b'<');
        put(
            &mut lines,
            lay.document_number_cd,
            &[digit(check_digit_bytes(&padded))],
            "document_number",
        )?;
    }
    put(&mut lines, lay.optional_data, &optional, "optional_data")?;
    if let Some(span) = lay.optional_data_2 {
        put(
            &mut lines,
            span,
            &plain("optional_data_2", &f.optional_data_2)?,
            "optional_data_2",
        )?;
    } else if !f.optional_data_2.is_empty() {
        return Err(MrzError::TooLong {
            field: "optional_data_2",
            max: 0,
            len: f.optional_data_2.len(),
        });
    }

    for (span, cd_span, value, field) in [
        (
            lay.birth_date,
            lay.birth_date_cd,
            f.birth_date,
            "birth_date",
        ),
        (
            lay.expiry_date,
            lay.expiry_date_cd,
            f.expiry_date,
            "expiry_date",
        ),
    ] {
        let raw = match value {
            Some(d) => to_yymmdd(d).ok_or_else(|| MrzError::InvalidDate {
                field,
                message: format!("year {} cannot be written with two digits", d.year()),
            })?,
            None => [b'<'; 6],
        };
        put(&mut lines, span, &raw, field)?;
        put(
            &mut lines,
            cd_span,
            &[digit(check_digit_bytes(&raw))],
            field,
        )?;
    }
    put(&mut lines, lay.sex, &[f.sex.as_char() as u8], "sex")?;

    if let Some(cd_span) = lay.optional_data_cd {
        let data = lines
            .get(1)
            .and_then(|l| l.get(lay.optional_data.range()))
            .unwrap_or_default();
        let cd = if data.iter().all(|&b| b == b'<') {
            b'<'
        } else {
            digit(check_digit_bytes(data))
        };
        put(&mut lines, cd_span, &[cd], "optional_data")?;
    }
    if let Some(cd_span) = lay.composite_cd {
        let parts: Vec<&[u8]> = lay
            .composite
            .iter()
            .filter_map(|s| lines.get(s.line as usize).and_then(|l| l.get(s.range())))
            .collect();
        let cd = digit(check_digit_concat(parts.iter().copied()));
        put(&mut lines, cd_span, &[cd], "composite")?;
    }
    let lines = lines
        .into_iter()
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .collect();
    Ok(Mrz { lines })
}
