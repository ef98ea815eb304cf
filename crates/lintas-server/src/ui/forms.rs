//! The incident form: its fields are the CSV columns of the data standard, so the form, the
//! CSV import and their error messages speak the same names (`place_country`, `fee_amount`…).
//! Coded fields and countries are pickers with human labels; several-valued ones (modes, tags,
//! transit and sharing states) submit one value per choice and are joined as the CSV column
//! would hold them. People and identifiers are repeatable sub-forms (`people.rs`).

use lintas_model::FieldError;
use lintas_model::codes::{
    CodeList, FEE_BASIS, INCIDENT_KIND, MODUS_OPERANDI, SHARING_LEVEL, TRANSPORT_MODE,
};
use lintas_model::countries::COUNTRIES;

/// One choice of a picker.
pub(crate) struct Opt {
    pub code: String,
    pub label: String,
}

/// A code list's choices, labelled `Label (code)`; with a blank first choice when `blank`.
pub(crate) fn code_options(list: &CodeList, blank: bool) -> Vec<Opt> {
    let mut out: Vec<Opt> = list
        .codes
        .iter()
        .map(|c| Opt {
            code: c.code.into(),
            label: c.label.into(),
        })
        .collect();
    if blank {
        out.insert(
            0,
            Opt {
                code: String::new(),
                label: "—".into(),
            },
        );
    }
    out
}

/// Every country, by English name, labelled `Name (ISO3)`; with a blank first choice.
pub(crate) fn country_options(blank: bool) -> Vec<Opt> {
    let mut out: Vec<Opt> = COUNTRIES
        .iter()
        .map(|(code, name)| Opt {
            code: (*code).into(),
            label: format!("{name} ({code})"),
        })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    if blank {
        out.insert(
            0,
            Opt {
                code: String::new(),
                label: "—".into(),
            },
        );
    }
    out
}

/// One form field as rendered.
pub(crate) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// `input`, `select`, `multi` (several choices) or `textarea`.
    pub kind: &'static str,
    pub options: Vec<Opt>,
    pub hint: &'static str,
    pub rows: u8,
    pub value: String,
    pub error: Option<String>,
}

impl Field {
    /// Whether `code` is chosen (several-valued fields hold `;`-separated codes).
    pub fn chosen(&self, code: &str) -> bool {
        if self.kind == "multi" {
            self.value.split(';').any(|v| v.trim() == code)
        } else {
            self.value == code
        }
    }
}

/// An error listed above the form, linking to its field.
pub(crate) struct Summary {
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
        label: "Country where it happened",
        kind: "select",
        hint: "",
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
        label: "Route: origin",
        kind: "select",
        hint: "",
    },
    Spec {
        name: "transit",
        label: "Route: transit countries",
        kind: "multi",
        hint: "choose one or more (Ctrl or Cmd to add)",
    },
    Spec {
        name: "destination",
        label: "Route: destination",
        kind: "select",
        hint: "",
    },
    Spec {
        name: "modes",
        label: "Transport modes",
        kind: "multi",
        hint: "",
    },
    Spec {
        name: "tags",
        label: "Modus operandi",
        kind: "multi",
        hint: "choose one or more (Ctrl or Cmd to add)",
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
        kind: "multi",
        hint: "choose the members; only for bilateral sharing",
    },
    Spec {
        name: "narrative",
        label: "Narrative",
        kind: "textarea",
        hint: "",
    },
];

fn options(name: &str) -> Vec<Opt> {
    match name {
        "kind" => code_options(&INCIDENT_KIND, false),
        "fee_basis" => code_options(&FEE_BASIS, true),
        "sharing_level" => code_options(&SHARING_LEVEL, false),
        "modes" => code_options(&TRANSPORT_MODE, false),
        "tags" => code_options(&MODUS_OPERANDI, false),
        "place_country" | "origin" | "destination" => country_options(true),
        "transit" | "sharing_states" => country_options(false),
        _ => Vec::new(),
    }
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
            } else if let Some(a) = super::people::anchor(&e.field) {
                a
            } else {
                "main".to_string()
            };
            Summary {
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
                .filter(|(k, v)| k == s.name && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
                .collect::<Vec<_>>()
                .join(";");
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
        assert!(f.iter().find(|f| f.name == "kind").unwrap().error.is_none());
        // A person's error links to that person's field in the sub-form.
        assert_eq!(summary(&errors)[1].anchor, "p1-role");
        let form = vec![
            ("modes".to_string(), "sea".to_string()),
            ("modes".to_string(), "land".to_string()),
        ];
        assert_eq!(
            submitted(&form)
                .iter()
                .find(|(k, _)| *k == "modes")
                .unwrap()
                .1,
            "sea;land"
        );
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
