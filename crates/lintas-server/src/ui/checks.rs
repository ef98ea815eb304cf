//! Border checks in the browser: a document (MRZ pasted or scanned, or its fields typed) and
//! a person by name. Both call the same `lintas_app::checks` use cases as the API (which audit
//! them); this module only turns forms into requests and results into one screen.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use lintas_app::checks::{
    DocumentCheck, DocumentCheckRequest, DocumentFields, PersonCheckRequest, PersonMatch,
};
use lintas_model::registry::StoredRegistryEntry;
use lintas_model::{Action, FieldError};
use lintas_mrz::{CountryField, Severity};
use lintas_store::{Error, Session};
use serde::Deserialize;

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// The document form as typed. `source` says which half was submitted: the MRZ or the fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DocForm {
    source: String,
    mrz: String,
    format: String,
    document_code: String,
    issuing_state: String,
    document_number: String,
    surname: String,
    given_names: String,
    nationality: String,
    sex: String,
    birth_date: String,
    expiry_date: String,
}

/// The person form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PersonForm {
    name: String,
    birth_date: String,
    nationality: String,
    gender: String,
}

/// The banner: what the officer does next, in words, colour and a symbol.
pub(crate) struct Verdict {
    /// `clear`, `alert` or `invalid` (also the CSS class).
    pub kind: &'static str,
    pub symbol: &'static str,
    pub word: &'static str,
    pub text: String,
}

pub(crate) struct FieldRow {
    pub label: &'static str,
    pub value: String,
    pub ok: bool,
}

pub(crate) struct DigitRow {
    pub name: &'static str,
    pub printed: char,
    pub computed: String,
    pub ok: bool,
}

pub(crate) struct Finding {
    pub field: String,
    pub code: String,
    pub message: String,
}

pub(crate) struct IndicatorRow {
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
}

pub(crate) struct HitRow {
    pub reporting_state: String,
    pub agency: String,
    pub status: String,
    pub reported_on: String,
    pub document: String,
    pub external_ref: String,
    pub note: String,
}

pub(crate) struct MatchRow {
    pub list: String,
    pub listing_state: String,
    pub id: String,
    pub name: String,
    pub score: String,
    pub reasons: Vec<String>,
    pub listed_on: String,
    pub reason: String,
}

/// A document check as shown.
pub(crate) struct DocResult {
    pub verdict: Verdict,
    pub valid: bool,
    pub format: String,
    pub mrz: Vec<String>,
    pub fields: Vec<FieldRow>,
    pub digits: Vec<DigitRow>,
    pub findings: Vec<Finding>,
    pub suggestion: Option<Vec<String>>,
    pub indicators: Vec<IndicatorRow>,
    pub hits: Vec<HitRow>,
    pub screened: String,
    pub matches: Vec<MatchRow>,
}

/// A person check as shown.
pub(crate) struct PersonResult {
    pub verdict: Verdict,
    pub screened: String,
    pub matches: Vec<MatchRow>,
}

/// An error listed above the forms, linking to its input.
pub(crate) struct Problem {
    pub field: String,
    pub message: String,
    pub anchor: String,
}

/// One input of a form as rendered.
pub(crate) struct Input {
    pub id: String,
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `date` or `select`.
    pub kind: &'static str,
    pub options: &'static [(&'static str, &'static str)],
    pub hint: &'static str,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "checks.html")]
struct ChecksPage {
    nav: Option<Nav>,
    csrf: String,
    mrz: String,
    mrz_error: Option<String>,
    /// The typed-fields form is folded away unless it has errors to show.
    fields_open: bool,
    doc_inputs: Vec<Input>,
    person_inputs: Vec<Input>,
    problems: Vec<Problem>,
    doc_result: Option<DocResult>,
    person_result: Option<PersonResult>,
}

const FORMATS: &[(&str, &str)] = &[
    ("TD3", "TD3 passport"),
    ("TD1", "TD1 identity card"),
    ("TD2", "TD2 identity card"),
    ("MRVA", "MRV-A visa"),
    ("MRVB", "MRV-B visa"),
];
const SEXES: &[(&str, &str)] = &[("", "not given"), ("F", "F"), ("M", "M"), ("X", "X")];
const GENDERS: &[(&str, &str)] = &[("", "not given"), ("female", "female"), ("male", "male")];

/// (name, label, kind, options, hint) of the typed document fields, in data-page order.
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);
const DOC_SPECS: &[Spec] = &[
    ("document_number", "Document number", "text", &[], ""),
    (
        "issuing_state",
        "Issuing state",
        "text",
        &[],
        "ICAO code, e.g. IDN, D, UNO",
    ),
    ("nationality", "Nationality", "text", &[], "ICAO code"),
    ("surname", "Surname", "text", &[], ""),
    ("given_names", "Given names", "text", &[], ""),
    ("birth_date", "Date of birth", "date", &[], "YYYY-MM-DD"),
    ("expiry_date", "Date of expiry", "date", &[], "YYYY-MM-DD"),
    ("sex", "Sex", "select", SEXES, ""),
    ("format", "Format", "select", FORMATS, ""),
    (
        "document_code",
        "Document code",
        "text",
        &[],
        "P for passports (default), V for visas, ID, AC…",
    ),
];
const PERSON_SPECS: &[Spec] = &[
    ("name", "Name", "text", &[], "in any script and order"),
    (
        "birth_date",
        "Birth date",
        "text",
        &[],
        "optional: YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        "nationality",
        "Nationality",
        "text",
        &[],
        "optional: ISO3 code or country name",
    ),
    ("gender", "Gender", "select", GENDERS, "optional"),
];

impl DocForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "format" => &self.format,
            "document_code" => &self.document_code,
            "issuing_state" => &self.issuing_state,
            "document_number" => &self.document_number,
            "surname" => &self.surname,
            "given_names" => &self.given_names,
            "nationality" => &self.nationality,
            "sex" => &self.sex,
            "birth_date" => &self.birth_date,
            "expiry_date" => &self.expiry_date,
            _ => "",
        }
    }
}

impl PersonForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "name" => &self.name,
            "birth_date" => &self.birth_date,
            "nationality" => &self.nationality,
            "gender" => &self.gender,
            _ => "",
        }
    }
}

fn error_for(problems: &[Problem], id: &str) -> Option<String> {
    let messages: Vec<&str> = problems
        .iter()
        .filter(|p| p.anchor == id)
        .map(|p| p.message.as_str())
        .collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

fn inputs(
    specs: &[Spec],
    prefix: &str,
    value: impl Fn(&str) -> String,
    problems: &[Problem],
) -> Vec<Input> {
    specs
        .iter()
        .map(|&(name, label, kind, options, hint)| {
            let id = format!("{prefix}{name}");
            Input {
                error: error_for(problems, &id),
                id,
                name,
                label,
                kind,
                options,
                hint,
                value: value(name),
            }
        })
        .collect()
}

impl ChecksPage {
    /// The page with `doc` and `person` typed into the forms and `problems` shown.
    fn new(session: &Session, doc: &DocForm, person: &PersonForm, problems: Vec<Problem>) -> Self {
        ChecksPage {
            nav: nav(session, "checks"),
            csrf: session.csrf.clone(),
            mrz: doc.mrz.clone(),
            mrz_error: error_for(&problems, "mrz"),
            fields_open: problems.iter().any(|p| p.anchor.starts_with("f-")),
            doc_inputs: inputs(DOC_SPECS, "f-", |n| doc.value(n).to_string(), &problems),
            person_inputs: inputs(
                PERSON_SPECS,
                "p-",
                |n| person.value(n).to_string(),
                &problems,
            ),
            problems,
            doc_result: None,
            person_result: None,
        }
    }

    fn empty(session: &Session) -> Self {
        Self::new(
            session,
            &DocForm::default(),
            &PersonForm::default(),
            Vec::new(),
        )
    }
}

fn err(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

fn text(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string)
}

fn date(value: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(err(
                field,
                "invalid_date",
                format!("`{v}` is not a date (YYYY-MM-DD)"),
            ));
            None
        }
    }
}

impl DocForm {
    /// The API request this form stands for, or what is missing.
    fn request(&self) -> Result<DocumentCheckRequest, Vec<FieldError>> {
        if self.source == "fields" {
            let mut errors = Vec::new();
            for (value, field, what) in [
                (
                    &self.document_number,
                    "fields.document_number",
                    "document number",
                ),
                (&self.issuing_state, "fields.issuing_state", "issuing state"),
                (&self.nationality, "fields.nationality", "nationality"),
            ] {
                if value.trim().is_empty() {
                    errors.push(err(field, "required", format!("the {what} is required")));
                }
            }
            let birth_date = date(&self.birth_date, "fields.birth_date", &mut errors);
            let expiry_date = date(&self.expiry_date, "fields.expiry_date", &mut errors);
            if !errors.is_empty() {
                return Err(errors);
            }
            return Ok(DocumentCheckRequest {
                mrz: None,
                fields: Some(DocumentFields {
                    format: text(&self.format),
                    document_code: text(&self.document_code),
                    issuing_state: self.issuing_state.clone(),
                    surname: self.surname.trim().to_string(),
                    given_names: self.given_names.trim().to_string(),
                    document_number: self.document_number.clone(),
                    nationality: self.nationality.clone(),
                    birth_date,
                    sex: text(&self.sex),
                    expiry_date,
                }),
                threshold: None,
            });
        }
        // A keyboard-wedge scanner types each line and Enter; browsers send CR LF. Blank lines
        // and stray spaces around lines are dropped.
        let lines: Vec<&str> = self
            .mrz
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return Err(vec![err(
                "mrz",
                "required",
                "paste or scan the machine readable zone (two or three lines)",
            )]);
        }
        Ok(DocumentCheckRequest {
            mrz: Some(lines.join("\n")),
            fields: None,
            threshold: None,
        })
    }
}

/// The input a use-case error belongs to: `fields.birth_date` → `f-birth_date`.
fn anchor(field: &str, person: bool) -> String {
    if person {
        let f = match field {
            "names" => "name",
            f => f,
        };
        return format!("p-{f}");
    }
    match field.strip_prefix("fields.") {
        Some(f) => format!("f-{f}"),
        None if field == "mrz" => "mrz".into(),
        None => "main".into(),
    }
}

fn problems(errors: Vec<FieldError>, person: bool) -> Vec<Problem> {
    errors
        .into_iter()
        .map(|e| Problem {
            anchor: anchor(&e.field, person),
            field: e.field,
            message: e.message,
        })
        .collect()
}

fn country(f: &CountryField) -> (String, bool) {
    let value = match &f.value {
        Some(code) => match lintas_mrz::lookup_country(code) {
            Some(c) => format!("{code} ({})", c.name),
            None => code.clone(),
        },
        None => "unreadable".into(),
    };
    (value, f.valid)
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::High => "high",
    }
}

fn status_label(code: &str) -> String {
    lintas_model::codes::DOCUMENT_STATUS
        .codes
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_string(), |c| c.label.to_string())
}

pub(crate) fn hit_row(h: &StoredRegistryEntry) -> HitRow {
    let e = &h.entry;
    HitRow {
        reporting_state: h.owner.clone(),
        agency: h.agency.clone(),
        status: status_label(&e.status),
        reported_on: e.reported_on.to_string(),
        document: format!(
            "{} {}{}",
            e.issuing_state,
            e.document_number,
            e.document_code
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ),
        external_ref: e.external_ref.clone().unwrap_or_default(),
        note: e.note.clone().unwrap_or_default(),
    }
}

fn match_row(m: PersonMatch) -> MatchRow {
    MatchRow {
        list: m.list,
        listing_state: m.listing_state,
        id: m.id,
        name: m.name,
        score: format!("{:.2}", m.score),
        reasons: m.reasons,
        listed_on: m.listed_on.unwrap_or_default(),
        reason: m.reason.unwrap_or_default(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn doc_result(c: DocumentCheck) -> DocResult {
    let d = &c.document;
    let high = c
        .indicators
        .iter()
        .filter(|i| i.severity == Severity::High)
        .count();
    let verdict = if c.alert {
        let mut why = Vec::new();
        if !c.registry_hits.is_empty() {
            why.push(format!(
                "reported in the lost/stolen registry ({})",
                plural(c.registry_hits.len(), "report", "reports")
            ));
        }
        if !c.screening.matches.is_empty() {
            why.push(format!(
                "the holder matches a watchlist ({})",
                plural(c.screening.matches.len(), "match", "matches")
            ));
        }
        if high > 0 {
            why.push(plural(
                high,
                "high-severity indicator",
                "high-severity indicators",
            ));
        }
        Verdict {
            kind: "alert",
            symbol: "⚠",
            word: "Alert",
            text: format!("Stop and verify: {}.", why.join("; ")),
        }
    } else if !c.valid {
        Verdict {
            kind: "invalid",
            symbol: "✗",
            word: "Invalid",
            text: format!(
                "The MRZ breaks {} of ICAO 9303; no registry report or watchlist match.",
                plural(d.errors.len(), "rule", "rules")
            ),
        }
    } else {
        Verdict {
            kind: "clear",
            symbol: "✓",
            word: "Clear",
            text: "The MRZ is valid; no registry report, no watchlist match, no high-severity indicator."
                .into(),
        }
    };
    let plain = |f: &lintas_mrz::Field<String>| {
        (
            f.value.clone().unwrap_or_else(|| "unreadable".into()),
            f.valid,
        )
    };
    let day = |f: &lintas_mrz::DateField| {
        (
            f.value
                .map(|v| v.to_string())
                .unwrap_or_else(|| "unreadable or unknown".into()),
            f.valid,
        )
    };
    let issuing = country(&d.issuing_state);
    let nationality = country(&d.nationality);
    let sex = (
        d.sex
            .value
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "unreadable".into()),
        d.sex.valid,
    );
    let mut fields: Vec<(&'static str, (String, bool))> = vec![
        ("Document code", plain(&d.document_code)),
        ("Issuing state", issuing),
        ("Document number", plain(&d.document_number)),
        ("Surname", plain(&d.surname)),
        ("Given names", plain(&d.given_names)),
        ("Nationality", nationality),
        ("Date of birth", day(&d.birth_date)),
        ("Sex", sex),
        ("Date of expiry", day(&d.expiry_date)),
        ("Optional data", plain(&d.optional_data)),
    ];
    if let Some(o) = &d.optional_data_2 {
        fields.push(("Optional data 2", plain(o)));
    }
    DocResult {
        verdict,
        valid: c.valid,
        format: d.format.map(|f| f.as_str().to_string()).unwrap_or_default(),
        mrz: c.mrz.clone(),
        fields: fields
            .into_iter()
            .map(|(label, (value, ok))| FieldRow { label, value, ok })
            .collect(),
        digits: d
            .check_digits
            .iter()
            .map(|cd| DigitRow {
                name: cd.name,
                printed: cd.printed,
                computed: cd
                    .computed
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "—".into()),
                ok: cd.ok,
            })
            .collect(),
        findings: d
            .errors
            .iter()
            .map(|e| Finding {
                field: e.field.to_string(),
                code: e.code.as_str().to_string(),
                message: e.message.clone(),
            })
            .collect(),
        suggestion: d.suggestion.as_ref().map(|s| s.mrz.clone()),
        indicators: c
            .indicators
            .iter()
            .map(|i| IndicatorRow {
                severity: severity(i.severity),
                code: i.code.as_str(),
                message: i.message.clone(),
            })
            .collect(),
        hits: c.registry_hits.iter().map(hit_row).collect(),
        screened: c.screening.name.clone(),
        matches: c.screening.matches.into_iter().map(match_row).collect(),
    }
}

/// `GET /checks`: the empty forms.
pub(crate) async fn form(UiAuth(session): UiAuth) -> Response {
    if let Err(e) = session.principal.require(Action::Check) {
        return error_page(&session, e);
    }
    page(StatusCode::OK, &ChecksPage::empty(&session))
}

/// `POST /checks/document`: checks the document and shows the result above empty forms
/// (ready for the next scan); on an input error the typed values are kept.
pub(crate) async fn document(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<DocForm>,
) -> Response {
    if let Err(e) = session.principal.require(Action::Check) {
        return error_page(&session, e);
    }
    let request = match form.request() {
        Ok(r) => r,
        Err(errors) => {
            let view = ChecksPage::new(
                &session,
                &form,
                &PersonForm::default(),
                problems(errors, false),
            );
            return page(StatusCode::UNPROCESSABLE_ENTITY, &view);
        }
    };
    match lintas_app::checks::check_document(&state.store, &session.principal, request).await {
        Ok(check) => {
            let mut view = ChecksPage::empty(&session);
            view.doc_result = Some(doc_result(check));
            page(StatusCode::OK, &view)
        }
        Err(Error::Invalid(errors)) => {
            let view = ChecksPage::new(
                &session,
                &form,
                &PersonForm::default(),
                problems(errors, false),
            );
            page(StatusCode::UNPROCESSABLE_ENTITY, &view)
        }
        Err(e) => error_page(&session, e),
    }
}

/// `POST /checks/person`: screens a name (with optional birth date and nationality).
pub(crate) async fn person(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<PersonForm>,
) -> Response {
    if let Err(e) = session.principal.require(Action::Check) {
        return error_page(&session, e);
    }
    let request = PersonCheckRequest {
        name: text(&form.name),
        names: Vec::new(),
        birth_date: text(&form.birth_date),
        nationality: text(&form.nationality),
        gender: text(&form.gender),
        threshold: None,
        limit: None,
        all_entity_types: false,
    };
    // As over the API: person checks run one at a time per user.
    let _slot = state.work.acquire(&session.principal.actor).await;
    match lintas_app::checks::check_person(&state.store, &session.principal, request).await {
        Ok(check) => {
            let matches: Vec<MatchRow> = check.matches.into_iter().map(match_row).collect();
            let verdict = if matches.is_empty() {
                Verdict {
                    kind: "clear",
                    symbol: "✓",
                    word: "Clear",
                    text: "No watchlist you may see lists this person.".into(),
                }
            } else {
                Verdict {
                    kind: "alert",
                    symbol: "⚠",
                    word: "Alert",
                    text: format!(
                        "Stop and verify: the person matches a watchlist ({}).",
                        plural(matches.len(), "match", "matches")
                    ),
                }
            };
            let mut screened = form.name.trim().to_string();
            for extra in [form.birth_date.trim(), form.nationality.trim()] {
                if !extra.is_empty() {
                    screened.push_str(&format!(", {extra}"));
                }
            }
            let mut view = ChecksPage::new(&session, &DocForm::default(), &form, Vec::new());
            view.person_result = Some(PersonResult {
                verdict,
                screened,
                matches,
            });
            page(StatusCode::OK, &view)
        }
        Err(Error::Invalid(errors)) => {
            let view =
                ChecksPage::new(&session, &DocForm::default(), &form, problems(errors, true));
            page(StatusCode::UNPROCESSABLE_ENTITY, &view)
        }
        Err(e) => error_page(&session, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scanned_mrz_keeps_its_lines_and_loses_stray_whitespace() {
        let form = DocForm {
            mrz: "  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< \r\n\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n".into(),
            ..DocForm::default()
        };
        let r = form.request().unwrap();
        assert_eq!(
            r.mrz.as_deref(),
            Some(
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
            )
        );
        assert!(r.fields.is_none());
    }

    #[test]
    fn typed_fields_name_every_missing_or_bad_value_at_once() {
        let form = DocForm {
            source: "fields".into(),
            issuing_state: "IDN".into(),
            birth_date: "1988-13-40".into(),
            ..DocForm::default()
        };
        let errors = form.request().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "fields.document_number",
                "fields.nationality",
                "fields.birth_date"
            ]
        );
        assert_eq!(anchor("fields.birth_date", false), "f-birth_date");
        assert_eq!(anchor("names", true), "p-name");
    }
}
