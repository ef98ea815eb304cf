//! Every problem of a submission at once, in plain language. A JSON document is read into a
//! tree first; each time the typed reading stops at a field, that field's problem is recorded
//! and the field is replaced by a neutral value (or removed), so the next problem — and the
//! code-list checks after a successful reading — are found in the same pass. serde's messages
//! (`missing field `role` at line 1 column 21`) are rewritten for people (`Person 2: role is
//! required`).

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::FieldError;

/// Most repairs tried on one document before giving up (each finds one problem).
const MAX_REPAIRS: usize = 64;

/// Neutral values tried, in order, for a missing or unreadable field.
fn placeholder(attempt: usize) -> Option<Value> {
    match attempt {
        0 => Some(Value::Null),
        1 => Some(Value::String(String::new())),
        2 => Some(Value::String("2000".into())),
        3 => Some(Value::Object(Default::default())),
        4 => Some(Value::Array(Vec::new())),
        5 => Some(Value::from(0)),
        _ => None,
    }
}

/// Who a field path is about, for people: `persons[1].role` → `Person 2`.
pub fn subject(field: &str) -> Option<String> {
    for (prefix, noun) in [("persons[", "Person"), ("identifiers[", "Identifier")] {
        if let Some(rest) = field.strip_prefix(prefix) {
            let n: usize = rest.split(']').next()?.parse().ok()?;
            return Some(format!("{noun} {}", n + 1));
        }
    }
    None
}

/// The field's own name within its subject: `persons[1].date_of_birth` → `date of birth`.
fn leaf(field: &str) -> String {
    field
        .rsplit(['.', ']'])
        .find(|s| !s.is_empty() && !s.starts_with('['))
        .unwrap_or(field)
        .replace('_', " ")
}

/// Prefixes each message about a person or identifier with which one (`Person 2: …`).
pub fn humanise(errors: &mut [FieldError]) {
    for e in errors {
        if let Some(who) = subject(&e.field)
            && !e.message.starts_with(&who)
        {
            e.message = format!("{who}: {}", e.message);
        }
    }
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

fn between_ticks(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

fn path_text(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

fn join(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

fn node<'v>(root: &'v mut Value, segments: &[Segment]) -> Option<&'v mut Value> {
    let mut v = root;
    for s in segments {
        v = match s {
            Segment::Seq { index } => v.get_mut(*index)?,
            Segment::Map { key } => v.get_mut(key.as_str())?,
            _ => return None,
        };
    }
    Some(v)
}

/// One problem found by the typed reading, and how to step past it.
enum Repair {
    /// Insert `key` into the object at the path.
    Insert(Vec<Segment>, String),
    /// Remove `key` from the object at the path.
    Remove(Vec<Segment>, String),
    /// Replace the value at the path.
    Replace(Vec<Segment>),
}

/// Reads `value` as `T`, finding every field serde refuses (see the module doc). Fields are
/// named under `prefix` (a CSV column, or empty for a whole record). Returns the value read
/// with neutral stand-ins, if one could be, and the problems in plain language.
pub fn read_all<T: DeserializeOwned>(
    mut value: Value,
    prefix: &str,
) -> (Option<T>, Vec<FieldError>) {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut attempts: std::collections::HashMap<String, usize> = Default::default();
    for _ in 0..MAX_REPAIRS {
        let e = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => return (Some(t), errors),
            Err(e) => e,
        };
        let segments: Vec<Segment> = e.path().iter().cloned().collect();
        let raw = e.inner().to_string();
        let message = strip_position(&raw).to_string();
        let (field, text, repair) = if let Some(rest) = message.strip_prefix("missing field ") {
            let name = between_ticks(rest).unwrap_or(rest).to_string();
            let field = join(prefix, &join(&path_text(&segments), &name));
            let text = format!("{} is required", name.replace('_', " "));
            (field, text, Repair::Insert(segments, name))
        } else if let Some(rest) = message.strip_prefix("unknown field ") {
            let name = between_ticks(rest).unwrap_or(rest).to_string();
            // The path may or may not already end at the unknown key.
            let mut parent = segments.clone();
            if matches!(parent.last(), Some(Segment::Map { key }) if *key == name) {
                parent.pop();
            }
            let expected = rest
                .split_once("expected ")
                .map(|(_, e)| {
                    let e = e.trim_start_matches("one of ").replace('`', "");
                    format!(" (expected {e})")
                })
                .unwrap_or_default();
            let field = join(prefix, &join(&path_text(&parent), &name));
            let text = format!("`{name}` is not a field here{expected}");
            (field, text, Repair::Remove(parent, name))
        } else {
            let field = join(prefix, &path_text(&segments));
            let text = match message.strip_prefix("invalid type: ") {
                Some(rest) => {
                    let (got, want) = rest
                        .split_once(", expected ")
                        .unwrap_or((rest, "another kind of value"));
                    format!("{} should be {want}, not {got}", leaf(&field))
                }
                None => format!("{}: {message}", leaf(&field)),
            };
            (field, text, Repair::Replace(segments))
        };
        let code = if matches!(repair, Repair::Insert(..)) {
            "required"
        } else if field.ends_with("occurred_on") || field.ends_with("date_of_birth") {
            "invalid_date"
        } else {
            "invalid_json"
        };
        let attempt = attempts.entry(field.clone()).or_insert(0);
        if *attempt == 0 {
            errors.push(FieldError {
                field: field.clone(),
                code: code.into(),
                message: text,
            });
        }
        let Some(stand_in) = placeholder(*attempt) else {
            // Nothing stands in for it: remove the field if it can be, else stop here.
            let removed = match &repair {
                Repair::Replace(segments) if !segments.is_empty() => {
                    let (last, parent) = segments
                        .split_last()
                        .map(|(l, p)| (l.clone(), p.to_vec()))
                        .unwrap_or((Segment::Unknown, Vec::new()));
                    match (node(&mut value, &parent), last) {
                        (Some(Value::Object(o)), Segment::Map { key }) => o.remove(&key).is_some(),
                        (Some(Value::Array(a)), Segment::Seq { index }) if index < a.len() => {
                            a.remove(index);
                            true
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
            if removed {
                continue;
            }
            return (None, errors);
        };
        *attempt += 1;
        let done = match repair {
            Repair::Insert(parent, key) => match node(&mut value, &parent) {
                Some(Value::Object(o)) => {
                    o.insert(key, stand_in);
                    true
                }
                _ => false,
            },
            Repair::Remove(parent, key) => match node(&mut value, &parent) {
                Some(Value::Object(o)) => o.remove(&key).is_some(),
                _ => false,
            },
            Repair::Replace(segments) => match node(&mut value, &segments) {
                Some(v) => {
                    *v = stand_in;
                    true
                }
                None => false,
            },
        };
        if !done {
            return (None, errors);
        }
    }
    (None, errors)
}

/// Whether `field` (a validation finding) is about a field whose reading already failed and
/// was stood in for, so it would only repeat that problem.
pub fn covered(field: &str, parse_errors: &[FieldError]) -> bool {
    parse_errors.iter().any(|p| {
        field == p.field
            || field.starts_with(&format!("{}.", p.field))
            || field.starts_with(&format!("{}[", p.field))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Person;

    #[test]
    fn every_bad_field_is_found_in_one_pass_in_plain_words() {
        let v: Value = serde_json::from_str(
            r#"[{"given_names": "Ali"}, {"given_names": "Budi", "role": "crew", "colour": "red"}, {"given_names": 7, "role": "migrant"}]"#,
        )
        .unwrap();
        let (people, mut errors) = read_all::<Vec<Person>>(v, "persons");
        humanise(&mut errors);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "Person 1: role is required",
                "Person 2: `colour` is not a field here (expected family_name, given_names, aliases, date_of_birth, sex, nationality, role, masked)",
                "Person 3: given names should be a string, not integer `7`",
            ],
            "{errors:?}"
        );
        assert_eq!(errors[0].field, "persons[0].role");
        assert_eq!(errors[1].field, "persons[1].colour");
        assert_eq!(errors[2].field, "persons[2].given_names");
        assert_eq!(people.map(|p| p.len()), Some(3));
    }

    #[test]
    fn subjects_are_numbered_from_one() {
        assert_eq!(subject("persons[0].role").as_deref(), Some("Person 1"));
        assert_eq!(
            subject("identifiers[3].value").as_deref(),
            Some("Identifier 4")
        );
        assert_eq!(subject("occurred_on"), None);
    }
}
