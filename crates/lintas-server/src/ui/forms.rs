//! The incident form: its fields are the CSV columns of the data standard, so the form, the
//! CSV import and their error messages speak the same names (`place_country`, `fee_amount`…).

use lintas_model::FieldError;
use lintas_model::codes::{FEE_BASIS, INCIDENT_KIND, SHARING_LEVEL};

/// One form field as rendered.
pub(crate) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// `input`, `select` or `textarea`.
    pub kind: &'static str,
    pub options: Vec<String>,
    pub hint: &'static str,
    pub rows: u8,
    pub value: String,
    pub error: Option<String>,
}

/// An error listed above the form, linking to its field.
pub(crate) struct Summary {
    pub field: String,
    pub message: String,
    pub anchor: String,
}

struct Spec {
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    hint: &'static str,
}

const SPECS: &[Spec] = &[
    Spec {
        name: "kind",
        label: "Kind",
        kind: "select",
        hint: "",
    },
    Spec {
        name: "occurred_on",
        label: "Occurred on",
        kind: "input",
        hint: "YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known",
    },
    Spec {
        name: "place_country",
        label: "Country where it happened (ISO3)",
        kind: "input",
        hint: "e.g. IDN",
    },
    Spec {
        name: "place_name",
        label: "Place",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "lat",
        label: "Latitude",
        kind: "input",
        hint: "decimal degrees, optional",
    },
    Spec {
        name: "lon",
        label: "Longitude",
        kind: "input",
        hint: "decimal degrees, optional",
    },
    Spec {
        name: "origin",
        label: "Route: origin (ISO3)",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "transit",
        label: "Route: transit countries",
        kind: "input",
        hint: "ISO3 codes separated by ;",
    },
    Spec {
        name: "destination",
        label: "Route: destination (ISO3)",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "modes",
        label: "Transport modes",
        kind: "input",
        hint: "air, sea, land; separated by ;",
    },
    Spec {
        name: "tags",
        label: "Modus operandi",
        kind: "input",
        hint: "codes separated by ; (see the data standard), e.g. sea_crossing;fraudulent_documents",
    },
    Spec {
        name: "migrants",
        label: "Migrants",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "victims",
        label: "Victims",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "suspects",
        label: "Suspects",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "dead_or_missing",
        label: "Dead or missing",
        kind: "input",
        hint: "",
    },
    Spec {
        name: "fee_amount",
        label: "Fee paid",
        kind: "input",
        hint: "amount",
    },
    Spec {
        name: "fee_currency",
        label: "Fee currency",
        kind: "input",
        hint: "ISO 4217, e.g. USD",
    },
    Spec {
        name: "fee_basis",
        label: "Fee basis",
        kind: "select",
        hint: "",
    },
    Spec {
        name: "external_ref",
        label: "Your reference",
        kind: "input",
        hint: "your agency's case number; unique within your agency",
    },
    Spec {
        name: "sharing_level",
        label: "Sharing",
        kind: "select",
        hint: "national: your state only; bilateral: the states below; regional: all members",
    },
    Spec {
        name: "sharing_states",
        label: "Share with (bilateral)",
        kind: "input",
        hint: "ISO3 codes separated by ;",
    },
    Spec {
        name: "narrative",
        label: "Narrative",
        kind: "textarea",
        hint: "",
    },
    Spec {
        name: "persons",
        label: "People involved (JSON)",
        kind: "textarea",
        hint: r#"e.g. [{"family_name": "Rahimi", "given_names": "Ali", "role": "organiser", "nationality": "AFG"}]"#,
    },
    Spec {
        name: "identifiers",
        label: "Identifiers (JSON)",
        kind: "textarea",
        hint: r#"e.g. [{"kind": "phone", "value": "+62 812 3456 7890"}]"#,
    },
];

fn options(name: &str) -> Vec<String> {
    let list = match name {
        "kind" => &INCIDENT_KIND,
        "fee_basis" => &FEE_BASIS,
        "sharing_level" => &SHARING_LEVEL,
        _ => return Vec::new(),
    };
    let mut out: Vec<String> = list.codes.iter().map(|c| c.code.to_string()).collect();
    if name == "fee_basis" {
        out.insert(0, String::new());
    }
    out
}

/// The fields with `values` (by column) and `errors` (by column, or a path under one).
pub(crate) fn fields(values: &[(&str, String)], errors: &[FieldError]) -> Vec<Field> {
    SPECS
        .iter()
        .map(|s| {
            let error = errors
                .iter()
                .filter(|e| column_of(&e.field) == s.name)
                .map(|e| e.message.clone())
                .collect::<Vec<_>>();
            Field {
                name: s.name,
                label: s.label,
                kind: s.kind,
                options: options(s.name),
                hint: s.hint,
                rows: if s.name == "narrative" { 5 } else { 3 },
                value: values
                    .iter()
                    .find(|(k, _)| *k == s.name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                error: (!error.is_empty()).then(|| error.join("; ")),
            }
        })
        .collect()
}

/// `modes[0]` → `modes`, `persons[1].role` → `persons`.
fn column_of(field: &str) -> &str {
    field.split(['[', '.']).next().unwrap_or(field)
}

pub(crate) fn summary(errors: &[FieldError]) -> Vec<Summary> {
    errors
        .iter()
        .map(|e| {
            let column = column_of(&e.field);
            let anchor = if SPECS.iter().any(|s| s.name == column) {
                column.to_string()
            } else {
                "main".to_string()
            };
            Summary {
                field: e.field.clone(),
                message: e.message.clone(),
                anchor,
            }
        })
        .collect()
}

/// The submitted values of known columns, in form order.
pub(crate) fn submitted(form: &[(String, String)]) -> Vec<(&'static str, String)> {
    SPECS
        .iter()
        .map(|s| {
            let v = form
                .iter()
                .find(|(k, _)| k == s.name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (s.name, v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_land_beside_their_column() {
        let errors = vec![
            FieldError {
                field: "modes[0]".into(),
                code: "unknown_code".into(),
                message: "`boat` is not a mode".into(),
            },
            FieldError {
                field: "persons[1].role".into(),
                code: "required".into(),
                message: "a role is required".into(),
            },
        ];
        let f = fields(&[("modes", "boat".into())], &errors);
        let modes = f.iter().find(|f| f.name == "modes").unwrap();
        assert_eq!(modes.value, "boat");
        assert_eq!(modes.error.as_deref(), Some("`boat` is not a mode"));
        assert!(
            f.iter()
                .find(|f| f.name == "persons")
                .unwrap()
                .error
                .is_some()
        );
        assert!(f.iter().find(|f| f.name == "kind").unwrap().error.is_none());
        assert_eq!(summary(&errors)[1].anchor, "persons");
        // Every form field is a CSV column of the data standard.
        for s in SPECS {
            assert!(
                lintas_model::import::CSV_COLUMNS.contains(&s.name),
                "{}",
                s.name
            );
        }
    }
}
