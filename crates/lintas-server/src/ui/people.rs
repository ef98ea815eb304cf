//! The incident form's repeatable sub-forms: people involved and identifiers, an identifier
//! linked to its person by row. Each row's fields repeat under one name (`p_role`, `i_kind`…),
//! the n-th of each making row n; blank rows are dropped. Rows become the `persons` and
//! `identifiers` values of the data standard's CSV columns, so they are read and validated
//! exactly like an import, and errors (`persons[1].role`) come back to their row's field.

use lintas_model::codes::{IDENTIFIER_KIND, PERSON_ROLE, SEX};
use lintas_model::{FieldError, Incident};
use serde_json::{Map, Value};

use super::forms::{Opt, code_options, country_options};

/// Person fields, in form order.
const PERSON_FIELDS: &[&str] = &[
    "family_name",
    "given_names",
    "date_of_birth",
    "sex",
    "nationality",
    "role",
];
/// Identifier fields, in form order.
const IDENTIFIER_FIELDS: &[&str] = &["kind", "value", "issuer", "person"];

/// One row of a sub-form as rendered: its values and errors by field.
pub(crate) struct SubRow {
    /// 0-based row number.
    pub n: usize,
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<(String, String)>,
}

impl SubRow {
    pub fn value(&self, field: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, m)| m.as_str())
    }

    fn is_blank(&self) -> bool {
        self.values
            .iter()
            .all(|(k, v)| v.trim().is_empty() || (*k == "person" && v == "none"))
    }
}

/// The two sub-forms and their pickers.
pub(crate) struct People {
    pub persons: Vec<SubRow>,
    pub identifiers: Vec<SubRow>,
    pub sexes: Vec<Opt>,
    pub roles: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub countries: Vec<Opt>,
}

impl People {
    fn with(persons: Vec<SubRow>, identifiers: Vec<SubRow>) -> People {
        People {
            persons,
            identifiers,
            sexes: code_options(&SEX, true),
            roles: code_options(&PERSON_ROLE, true),
            kinds: code_options(&IDENTIFIER_KIND, true),
            countries: country_options(true),
        }
    }

    /// One blank row of each, for a new report.
    pub fn blank() -> People {
        People::with(
            vec![blank(PERSON_FIELDS, 0)],
            vec![blank(IDENTIFIER_FIELDS, 0)],
        )
    }

    /// An incident's people and identifiers, for its edit form (plus a blank row of each).
    pub fn of(incident: &Incident) -> People {
        let mut persons: Vec<SubRow> = incident
            .persons
            .iter()
            .enumerate()
            .map(|(n, p)| SubRow {
                n,
                values: vec![
                    ("family_name", p.family_name.clone()),
                    ("given_names", p.given_names.clone()),
                    (
                        "date_of_birth",
                        p.date_of_birth
                            .as_ref()
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ),
                    ("sex", p.sex.clone().unwrap_or_default()),
                    ("nationality", p.nationality.clone().unwrap_or_default()),
                    ("role", p.role.clone()),
                ],
                errors: Vec::new(),
            })
            .collect();
        persons.push(blank(PERSON_FIELDS, persons.len()));
        let mut identifiers: Vec<SubRow> = incident
            .identifiers
            .iter()
            .enumerate()
            .map(|(n, i)| SubRow {
                n,
                values: vec![
                    ("kind", i.kind.clone()),
                    ("value", i.value.clone()),
                    ("issuer", i.issuer.clone().unwrap_or_default()),
                    (
                        "person",
                        i.person
                            .map_or_else(|| "none".to_string(), |p| p.to_string()),
                    ),
                ],
                errors: Vec::new(),
            })
            .collect();
        identifiers.push(blank(IDENTIFIER_FIELDS, identifiers.len()));
        People::with(persons, identifiers)
    }

    /// The rows as submitted (typed values kept), with `add` more blank rows of the kind the
    /// user asked for, and `errors` placed on their rows.
    pub fn submitted(form: &[(String, String)], errors: &[FieldError]) -> People {
        let add = form
            .iter()
            .find(|(k, _)| k == "add")
            .map(|(_, v)| v.as_str());
        let mut persons = rows(form, "p_", PERSON_FIELDS);
        let mut identifiers = rows(form, "i_", IDENTIFIER_FIELDS);
        if persons.is_empty() || add == Some("person") {
            persons.push(blank(PERSON_FIELDS, persons.len()));
        }
        if identifiers.is_empty() || add == Some("identifier") {
            identifiers.push(blank(IDENTIFIER_FIELDS, identifiers.len()));
        }
        let (person_rows, _) = kept(&persons);
        let (identifier_rows, _) = kept(&identifiers);
        for e in errors {
            let Some((list, index, field)) = split_path(&e.field) else {
                continue;
            };
            let (rows, map) = if list == "persons" {
                (&mut persons, &person_rows)
            } else {
                (&mut identifiers, &identifier_rows)
            };
            if let Some(row) = map.get(index).and_then(|&r| rows.get_mut(r)) {
                row.errors.push((field.to_string(), e.message.clone()));
            }
        }
        People::with(persons, identifiers)
    }

    /// Person choices for an identifier's link: the person rows by number.
    pub fn person_choices(&self) -> Vec<Opt> {
        let mut out = vec![Opt {
            code: "none".into(),
            label: "— nobody in particular".into(),
        }];
        for p in &self.persons {
            let name = format!("{} {}", p.value("given_names"), p.value("family_name"));
            let name = name.trim();
            out.push(Opt {
                code: p.n.to_string(),
                label: if name.is_empty() {
                    format!("Person {}", p.n + 1)
                } else {
                    format!("Person {}: {name}", p.n + 1)
                },
            });
        }
        out
    }
}

fn blank(fields: &[&'static str], n: usize) -> SubRow {
    SubRow {
        n,
        values: fields
            .iter()
            .map(|f| (*f, if *f == "person" { "none" } else { "" }.to_string()))
            .collect(),
        errors: Vec::new(),
    }
}

fn rows(form: &[(String, String)], prefix: &str, fields: &[&'static str]) -> Vec<SubRow> {
    let columns: Vec<Vec<&str>> = fields
        .iter()
        .map(|f| {
            form.iter()
                .filter(|(k, _)| k.strip_prefix(prefix) == Some(*f))
                .map(|(_, v)| v.as_str())
                .collect()
        })
        .collect();
    let n = columns.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|row| SubRow {
            n: row,
            values: fields
                .iter()
                .zip(&columns)
                .map(|(f, c)| (*f, c.get(row).copied().unwrap_or("").to_string()))
                .collect(),
            errors: Vec::new(),
        })
        .collect()
}

/// The non-blank rows' numbers, and the reverse map (row number → position among kept).
fn kept(rows: &[SubRow]) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut kept = Vec::new();
    let mut position = vec![None; rows.len()];
    for r in rows {
        if !r.is_blank() {
            if let Some(p) = position.get_mut(r.n) {
                *p = Some(kept.len());
            }
            kept.push(r.n);
        }
    }
    (kept, position)
}

/// `persons[1].role` → (`persons`, 1, `role`).
fn split_path(field: &str) -> Option<(&str, usize, &str)> {
    let (list, rest) = field.split_once('[')?;
    if list != "persons" && list != "identifiers" {
        return None;
    }
    let (index, rest) = rest.split_once(']')?;
    Some((list, index.parse().ok()?, rest.trim_start_matches('.')))
}

/// The id of the form field an error path points to (`persons[1].role` → `p1-role`), for the
/// error summary's links; errors name kept rows, which are numbered as submitted when no
/// blank row sits between them.
pub(crate) fn anchor(field: &str) -> Option<String> {
    let (list, index, leaf) = split_path(field)?;
    let prefix = if list == "persons" { "p" } else { "i" };
    let fields = if list == "persons" {
        PERSON_FIELDS
    } else {
        IDENTIFIER_FIELDS
    };
    let leaf = leaf.split(['.', '[']).next().unwrap_or(leaf);
    let leaf = if fields.contains(&leaf) {
        leaf
    } else {
        fields.first().copied().unwrap_or("")
    };
    Some(format!("{prefix}{index}-{leaf}"))
}

/// The `persons` and `identifiers` column values (JSON) of the submitted rows, blank rows
/// dropped and identifiers' person links renumbered to the kept persons; or the problems of
/// links that point at nobody.
pub(crate) fn columns(form: &[(String, String)]) -> (Vec<(&'static str, String)>, Vec<FieldError>) {
    let persons = rows(form, "p_", PERSON_FIELDS);
    let identifiers = rows(form, "i_", IDENTIFIER_FIELDS);
    let (_, person_position) = kept(&persons);
    let mut problems = Vec::new();
    let person_values: Vec<Value> = persons
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let mut o = Map::new();
            for (k, v) in &r.values {
                let v = v.trim();
                // Required fields go in even when empty, so that validation names them.
                if !v.is_empty() || *k == "role" {
                    o.insert((*k).into(), Value::String(v.into()));
                }
            }
            Value::Object(o)
        })
        .collect();
    let mut identifier_values: Vec<Value> = Vec::new();
    for r in identifiers.iter().filter(|r| !r.is_blank()) {
        let mut o = Map::new();
        for (k, v) in &r.values {
            let v = v.trim();
            if *k == "person" {
                if v.is_empty() || v == "none" {
                    continue;
                }
                match v
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| person_position.get(n).copied().flatten())
                {
                    Some(p) => {
                        o.insert("person".into(), Value::from(p));
                    }
                    None => problems.push(FieldError {
                        field: format!("identifiers[{}].person", identifier_values.len()),
                        code: "invalid_format".into(),
                        message: format!(
                            "Identifier {}: the person it belongs to is an empty row",
                            identifier_values.len() + 1
                        ),
                    }),
                }
            } else if !v.is_empty() || *k == "kind" || *k == "value" {
                o.insert((*k).into(), Value::String(v.into()));
            }
        }
        identifier_values.push(Value::Object(o));
    }
    let json = |v: Vec<Value>| {
        if v.is_empty() {
            String::new()
        } else {
            Value::Array(v).to_string()
        }
    };
    (
        vec![
            ("persons", json(person_values)),
            ("identifiers", json(identifier_values)),
        ],
        problems,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_become_the_standard_columns_blank_rows_dropped_links_renumbered() {
        let f = form(&[
            ("p_family_name", ""),
            ("p_given_names", ""),
            ("p_role", ""),
            ("p_family_name", "Rahimi"),
            ("p_given_names", "Abdul Wahid"),
            ("p_role", "organiser"),
            ("p_nationality", ""),
            ("p_nationality", "AFG"),
            ("i_kind", "phone"),
            ("i_value", "+93 700 111 222"),
            ("i_person", "1"),
            ("i_kind", ""),
            ("i_value", ""),
            ("i_person", "none"),
        ]);
        let (cols, problems) = columns(&f);
        assert!(problems.is_empty());
        let persons: Value = serde_json::from_str(&cols[0].1).unwrap();
        assert_eq!(
            persons,
            serde_json::json!([{"family_name": "Rahimi", "given_names": "Abdul Wahid", "role": "organiser", "nationality": "AFG"}])
        );
        let ids: Value = serde_json::from_str(&cols[1].1).unwrap();
        assert_eq!(
            ids,
            serde_json::json!([{"kind": "phone", "value": "+93 700 111 222", "person": 0}])
        );
    }

    #[test]
    fn errors_return_to_their_rows() {
        let f = form(&[
            ("p_given_names", "Ali"),
            ("p_role", ""),
            ("p_given_names", "Budi"),
            ("p_role", "crew"),
        ]);
        let errors = vec![FieldError {
            field: "persons[0].role".into(),
            code: "required".into(),
            message: "Person 1: role is required".into(),
        }];
        let p = People::submitted(&f, &errors);
        assert_eq!(p.persons.len(), 2);
        assert_eq!(
            p.persons[0].error("role"),
            Some("Person 1: role is required")
        );
        assert_eq!(p.persons[1].value("given_names"), "Budi");
        assert_eq!(anchor("persons[0].role").as_deref(), Some("p0-role"));
        assert_eq!(anchor("identifiers[2].value").as_deref(), Some("i2-value"));
        let more = People::submitted(&form(&[("p_given_names", "Ali"), ("add", "person")]), &[]);
        assert_eq!(more.persons.len(), 2);
    }
}
