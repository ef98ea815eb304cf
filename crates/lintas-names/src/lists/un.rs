//! UN Security Council consolidated list (XML, schema `sc-sanctions.xsd`).

use super::line_of;
use crate::NamesError;
use crate::country::normalise_country;
use crate::model::{BirthDate, EntityKind, Entry, Gender, Identifier};
use quick_xml::Reader;
use quick_xml::events::Event;

/// An error whose line number is computed only when it happens (counting lines is
/// linear in the document, so it is not done per element).
type LineError = Box<dyn FnOnce(u64) -> NamesError>;

#[derive(Default)]
struct Record {
    names: [String; 4],
    reference: String,
    original_script: String,
    aliases: Vec<String>,
    alias_buf: String,
    dobs: Vec<BirthDate>,
    from_year: Option<u16>,
    to_year: Option<u16>,
    nationalities: Vec<String>,
    gender: Option<Gender>,
    doc_type: String,
    doc_number: String,
    identifiers: Vec<Identifier>,
    list_type: String,
    listed_on: String,
}

impl Record {
    fn field(&mut self, parent: &[u8], leaf: &[u8], text: String) -> Result<(), LineError> {
        match (parent, leaf) {
            (_, b"FIRST_NAME") => self.names[0] = text,
            (_, b"SECOND_NAME") => self.names[1] = text,
            (_, b"THIRD_NAME") => self.names[2] = text,
            (_, b"FOURTH_NAME") => self.names[3] = text,
            (_, b"REFERENCE_NUMBER") => self.reference = text,
            (_, b"NAME_ORIGINAL_SCRIPT") => self.original_script = text,
            (_, b"UN_LIST_TYPE") => self.list_type = text,
            (_, b"LISTED_ON") => self.listed_on = text,
            (_, b"ALIAS_NAME") => self.alias_buf = text,
            (b"NATIONALITY", b"VALUE") => self.nationalities.push(normalise_country(&text)),
            (_, b"GENDER") => self.gender = Gender::parse(&text),
            (b"INDIVIDUAL_DATE_OF_BIRTH", b"DATE" | b"YEAR") => match BirthDate::parse(&text) {
                Some(d) => self.dobs.push(d),
                None => {
                    let field = String::from_utf8_lossy(leaf).into_owned();
                    let message = format!("not a date: {text:?}");
                    return Err(Box::new(move |line| NamesError::Malformed {
                        line,
                        field,
                        message,
                    }));
                }
            },
            (b"INDIVIDUAL_DATE_OF_BIRTH", b"FROM_YEAR") => {
                self.from_year = text.trim().parse().ok()
            }
            (b"INDIVIDUAL_DATE_OF_BIRTH", b"TO_YEAR") => self.to_year = text.trim().parse().ok(),
            (b"INDIVIDUAL_DOCUMENT", b"TYPE_OF_DOCUMENT") => self.doc_type = text,
            (b"INDIVIDUAL_DOCUMENT", b"NUMBER") => self.doc_number = text,
            _ => {}
        }
        Ok(())
    }

    fn into_entry(self, kind: EntityKind) -> Result<Entry, LineError> {
        if self.reference.trim().is_empty() {
            return Err(Box::new(|line| NamesError::Malformed {
                line,
                field: "REFERENCE_NUMBER".into(),
                message: "missing".into(),
            }));
        }
        let primary = self
            .names
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut names = Vec::new();
        for n in std::iter::once(primary)
            .chain(std::iter::once(self.original_script))
            .chain(self.aliases)
        {
            let n = n.trim().to_string();
            if !n.is_empty() && !names.contains(&n) {
                names.push(n);
            }
        }
        if names.is_empty() {
            return Err(Box::new(|line| NamesError::Malformed {
                line,
                field: "FIRST_NAME".into(),
                message: "entry has no name".into(),
            }));
        }
        Ok(Entry {
            id: self.reference.trim().to_string(),
            kind,
            names,
            birth_dates: self.dobs,
            nationalities: self.nationalities,
            gender: self.gender,
            identifiers: self.identifiers,
            reason: Some(self.list_type.trim().to_string()).filter(|s| !s.is_empty()),
            listed_on: Some(self.listed_on.trim().to_string()).filter(|s| !s.is_empty()),
        })
    }
}

/// Parses the UN consolidated list: `INDIVIDUAL` records become persons (names from
/// FIRST…FOURTH_NAME, NAME_ORIGINAL_SCRIPT and INDIVIDUAL_ALIAS), `ENTITY` records
/// organisations. The id is the UN reference number (e.g. `TAi.005`).
pub fn parse_un_xml(data: &[u8]) -> Result<Vec<Entry>, NamesError> {
    let mut reader = Reader::from_reader(data);
    let mut buf = Vec::new();
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut rec: Option<(EntityKind, Record, usize)> = None;
    let mut out = Vec::new();
    let mut text = String::new();
    let mut text_pos = 0usize;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| NamesError::Xml {
                line: line_of(
                    data,
                    usize::try_from(reader.error_position()).unwrap_or(pos),
                ),
                message: e.to_string(),
            })?;
        match ev {
            Event::Start(s) => {
                let name = s.name().as_ref().to_vec();
                match name.as_slice() {
                    b"INDIVIDUAL" => rec = Some((EntityKind::Person, Record::default(), pos)),
                    b"ENTITY" => rec = Some((EntityKind::Organization, Record::default(), pos)),
                    _ => {}
                }
                text.clear();
                text_pos = pos;
                path.push(name);
            }
            Event::Text(t) => {
                let raw: &[u8] = t.as_ref();
                let chunk = std::str::from_utf8(raw).map_err(|_| NamesError::InvalidUtf8 {
                    line: line_of(data, pos),
                })?;
                text.push_str(chunk);
            }
            Event::CData(t) => {
                let raw: &[u8] = t.as_ref();
                let chunk = std::str::from_utf8(raw).map_err(|_| NamesError::InvalidUtf8 {
                    line: line_of(data, pos),
                })?;
                text.push_str(chunk);
            }
            Event::GeneralRef(r) => {
                let line = line_of(data, pos);
                let bad = |m: String| NamesError::Xml { line, message: m };
                match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                    Some(c) => text.push(c),
                    None => {
                        let name = std::str::from_utf8(r.as_ref())
                            .map_err(|_| NamesError::InvalidUtf8 { line })?;
                        match quick_xml::escape::resolve_predefined_entity(name) {
                            Some(v) => text.push_str(v),
                            None => return Err(bad(format!("unknown entity &{name};"))),
                        }
                    }
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_vec();
                if let Some((kind, r, line)) = rec.as_mut() {
                    let parent = path
                        .len()
                        .checked_sub(2)
                        .and_then(|i| path.get(i))
                        .map(Vec::as_slice)
                        .unwrap_or(b"");
                    let value = std::mem::take(&mut text).trim().to_string();
                    if !value.is_empty() {
                        r.field(parent, &name, value)
                            .map_err(|f| f(line_of(data, text_pos)))?;
                    }
                    match name.as_slice() {
                        b"INDIVIDUAL_ALIAS" | b"ENTITY_ALIAS" => {
                            let a = std::mem::take(&mut r.alias_buf);
                            if !a.trim().is_empty() {
                                r.aliases.push(a);
                            }
                        }
                        b"INDIVIDUAL_DATE_OF_BIRTH" => {
                            if let (Some(f), Some(t)) = (r.from_year.take(), r.to_year.take()) {
                                for y in f..=t.min(f.saturating_add(10)) {
                                    r.dobs.push(BirthDate {
                                        year: y,
                                        month: None,
                                        day: None,
                                    });
                                }
                            }
                        }
                        b"INDIVIDUAL_DOCUMENT" => {
                            let number = std::mem::take(&mut r.doc_number);
                            let kind = std::mem::take(&mut r.doc_type);
                            if !number.trim().is_empty() {
                                r.identifiers.push(Identifier {
                                    kind,
                                    value: number.trim().to_string(),
                                });
                            }
                        }
                        b"INDIVIDUAL" | b"ENTITY" => {
                            let (kind, line) = (*kind, *line);
                            if let Some((_, r, _)) = rec.take() {
                                out.push(r.into_entry(kind).map_err(|f| f(line_of(data, line)))?);
                            }
                        }
                        _ => {}
                    }
                }
                text.clear();
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if rec.is_some() || !path.is_empty() {
        return Err(NamesError::Xml {
            line: line_of(data, data.len()),
            message: "unexpected end of document".into(),
        });
    }
    Ok(out)
}
