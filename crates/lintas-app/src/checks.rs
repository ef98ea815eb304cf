//! Border checks: a travel document (MRZ validity, fraud/risk indicators, the lost/stolen
//! registry, the holder against the watchlists) and a person against the watchlists. Both are
//! audited; the names and MRZ checked enter the log only as keyed hashes.

use chrono::{Datelike, NaiveDate};
use lintas_model::registry::StoredRegistryEntry;
use lintas_model::{Action, FieldError, Threshold};
use lintas_mrz::{
    DateField, Document, Format, MrzError, MrzFields, ParseOptions, RegistryHit, Sex, generate,
    indicators, parse,
};
use lintas_names::{BirthDate, Gender, Query, ScoreConfig};
use lintas_store::{
    Actor, AuditAction, Audited, Error, Outcome, Principal, Result, ScreeningMatch, Store,
};
use serde::{Deserialize, Serialize};

const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 100;

/// A document to check: its MRZ as read, or its fields as typed from the data page.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentCheckRequest {
    /// The machine readable zone: its 2 or 3 lines separated by line breaks.
    #[schema(
        example = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )]
    pub mrz: Option<String>,
    /// The document's fields, when there is no MRZ to read.
    pub fields: Option<DocumentFields>,
    /// Screening threshold in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
}

/// A document's fields (codes as in the MRZ: `IDN`, `D`, `P`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentFields {
    /// `TD1`, `TD2`, `TD3` (default), `MRVA` or `MRVB`.
    pub format: Option<String>,
    /// Document code (default `P`).
    pub document_code: Option<String>,
    /// Issuing state or organisation code.
    pub issuing_state: String,
    /// Primary identifier (surname).
    #[serde(default)]
    pub surname: String,
    /// Secondary identifier (given names).
    #[serde(default)]
    pub given_names: String,
    /// Document number.
    pub document_number: String,
    /// Nationality code.
    pub nationality: String,
    /// Date of birth (YYYY-MM-DD).
    pub birth_date: Option<NaiveDate>,
    /// `M`, `F` or `X`.
    pub sex: Option<String>,
    /// Date of expiry (YYYY-MM-DD).
    pub expiry_date: Option<NaiveDate>,
}

/// A person to screen against the watchlists.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonCheckRequest {
    /// The name, in any script and order.
    pub name: Option<String>,
    /// Further names of the same person (aliases, original script); the best counts.
    #[serde(default)]
    pub names: Vec<String>,
    /// Birth date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// Nationality (alpha-3, alpha-2 or a country name).
    pub nationality: Option<String>,
    /// `male`/`M`, `female`/`F`.
    pub gender: Option<String>,
    /// Report matches at or above this score in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
    /// Most matches to return, 1–100 (default 10).
    pub limit: Option<usize>,
    /// Match organisation and vessel entries too (default false: person entries only).
    #[serde(default)]
    pub all_entity_types: bool,
}

/// One watchlist entry matching the person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonMatch {
    /// Name of the list.
    pub list: String,
    /// Member that maintains the list.
    pub listing_state: String,
    /// The list's own identifier of the entry (UN reference number, OFAC ent_num…).
    pub id: String,
    /// The name or alias that matched.
    pub name: String,
    /// Similarity in [0, 1].
    pub score: f64,
    /// Why it matched.
    pub reasons: Vec<String>,
    /// Date of listing, as on the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// Listing programme or reason, as on the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl From<ScreeningMatch> for PersonMatch {
    fn from(m: ScreeningMatch) -> Self {
        Self {
            list: m.list,
            listing_state: m.listing_state,
            id: m.id,
            name: m.name,
            score: m.score,
            reasons: m.reasons,
            listed_on: m.listed_on,
            reason: m.reason,
        }
    }
}

/// Watchlist matches, best first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonCheck {
    /// Matches from every list the caller may see.
    pub matches: Vec<PersonMatch>,
}

/// The holder as screened, and the matches.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentScreening {
    /// The MRZ name as screened (given names, then surname).
    pub name: String,
    /// Birth date from the document, when readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Nationality from the document, when readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Matches from every list the caller may see, best first.
    pub matches: Vec<PersonMatch>,
}

/// The result of a document check.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentCheck {
    /// True when the MRZ breaks no ICAO 9303 rule.
    pub valid: bool,
    /// True when any indicator is of high severity, the registry knows the document, or the
    /// holder matches a watchlist: stop and verify.
    pub alert: bool,
    /// The MRZ checked: as sent, or generated from the fields.
    pub mrz: Vec<String>,
    /// The parsed document: every field with `value` and `valid`, the check digits, the failed
    /// rules (`errors`: field, code, message) and any OCR repair suggestion (see docs/mrz.md).
    #[schema(value_type = Object)]
    pub document: Document,
    /// Fraud and risk indicators: `code`, `severity` (info, warning, high) and `message`.
    #[schema(value_type = Vec<Object>)]
    pub indicators: Vec<lintas_mrz::Indicator>,
    /// Registry entries for this document visible to the caller.
    pub registry_hits: Vec<StoredRegistryEntry>,
    /// The holder against the watchlists.
    pub screening: DocumentScreening,
}

fn field_error(field: &str, code: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }])
}

/// The screening threshold asked for, or the names engine's default.
fn threshold(value: Option<f64>) -> Result<f64> {
    let default = Threshold::new(ScoreConfig::default().threshold)
        .ok_or_else(|| Error::Corrupt("the default screening threshold is out of range".into()))?;
    Threshold::from_request(value, default, "threshold")
        .map(Threshold::get)
        .map_err(|e| Error::Invalid(vec![e]))
}

fn to_time(d: NaiveDate) -> Option<time::Date> {
    let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
    time::Date::from_calendar_date(d.year(), month, u8::try_from(d.day()).ok()?).ok()
}

fn from_time(d: time::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), u32::from(u8::from(d.month())), u32::from(d.day()))
}

fn mrz_error(e: MrzError) -> Error {
    let field = match &e {
        MrzError::TooLong { field, .. }
        | MrzError::InvalidCharacter { field, .. }
        | MrzError::UnknownCountry { field, .. }
        | MrzError::InvalidDate { field, .. } => *field,
        MrzError::InvalidDocumentCode { .. } => "document_code",
    };
    field_error(&format!("fields.{field}"), "invalid_value", e.to_string())
}

/// The document the fields describe, parsed back from the MRZ they generate. The dates are
/// then set as given: an MRZ's two-digit years would read a 1920 birth as 2020.
fn document_from_fields(f: DocumentFields, today: time::Date) -> Result<(Vec<String>, Document)> {
    let format = match f.format.as_deref().unwrap_or("TD3") {
        "TD1" => Format::TD1,
        "TD2" => Format::TD2,
        "TD3" => Format::TD3,
        "MRVA" => Format::MrvA,
        "MRVB" => Format::MrvB,
        other => {
            return Err(field_error(
                "fields.format",
                "unknown_code",
                format!("`{other}` is not one of TD1, TD2, TD3, MRVA, MRVB"),
            ));
        }
    };
    let sex = match f.sex.as_deref().map(str::trim).unwrap_or("<") {
        "M" | "m" => Sex::Male,
        "F" | "f" => Sex::Female,
        "X" | "x" => Sex::Unspecified,
        "<" | "" => Sex::Filler,
        other => {
            return Err(field_error(
                "fields.sex",
                "invalid_sex",
                format!("`{other}` is not M, F or X"),
            ));
        }
    };
    let date = |d: Option<NaiveDate>| {
        d.filter(|d| (1900..=2099).contains(&d.year()))
            .and_then(to_time)
    };
    let fields = MrzFields {
        format,
        document_code: f
            .document_code
            .unwrap_or_else(|| if format.is_visa() { "V" } else { "P" }.into()),
        issuing_state: f.issuing_state.trim().to_ascii_uppercase(),
        surname: f.surname,
        given_names: f.given_names,
        document_number: f.document_number.trim().to_ascii_uppercase(),
        nationality: f.nationality.trim().to_ascii_uppercase(),
        birth_date: date(f.birth_date),
        sex,
        expiry_date: date(f.expiry_date),
        optional_data: String::new(),
        optional_data_2: String::new(),
        language: Default::default(),
    };
    let mrz = generate(&fields).map_err(mrz_error)?;
    let mut doc = parse(&mrz.lines.join("\n"), &ParseOptions::new(today));
    for (given, field) in [
        (f.birth_date, &mut doc.birth_date),
        (f.expiry_date, &mut doc.expiry_date),
    ] {
        if let Some(d) = given.and_then(to_time) {
            *field = DateField {
                value: Some(d),
                valid: true,
            };
        }
    }
    Ok((mrz.lines, doc))
}

/// Checks a travel document: ICAO 9303 validity field by field, fraud and risk indicators,
/// the lost/stolen/revoked registry (entries visible to the principal) and the holder against
/// every watchlist the principal may see. `alert` is raised by a high-severity indicator, a
/// registry hit or a watchlist match.
pub async fn check_document(
    store: &Store,
    principal: &Principal,
    request: DocumentCheckRequest,
) -> Result<DocumentCheck> {
    principal.require(Action::Check)?;
    let threshold = threshold(request.threshold)?;
    let today = to_time(store.clock().now().date_naive())
        .ok_or_else(|| Error::BadRequest("the server's date is out of range".into()))?;
    let (mrz, doc) = match (request.mrz, request.fields) {
        (Some(text), None) => {
            let doc = parse(text.trim(), &ParseOptions::new(today));
            if doc.format.is_none() {
                let errors = doc
                    .errors
                    .iter()
                    .map(|e| FieldError {
                        field: "mrz".into(),
                        code: e.code.as_str().into(),
                        message: e.message.clone(),
                    })
                    .collect();
                return Err(Error::Invalid(errors));
            }
            (
                text.trim().lines().map(|l| l.trim().to_string()).collect(),
                doc,
            )
        }
        (None, Some(fields)) => document_from_fields(fields, today)?,
        _ => {
            return Err(field_error(
                "mrz",
                "required",
                "send either `mrz` (the machine readable zone) or `fields`, not both",
            ));
        }
    };
    let hits = match (&doc.issuing_state.value, &doc.document_number.value) {
        (Some(issuer), Some(number)) => store.lookup_document(principal, issuer, number).await?,
        _ => Vec::new(),
    };
    let registry: Vec<RegistryHit> = hits
        .iter()
        .filter_map(|h| {
            Some(RegistryHit {
                reporting_state: h.owner.clone(),
                status: h.entry.registry_status()?,
                reported_on: to_time(h.entry.reported_on)?,
            })
        })
        .collect();
    let found = indicators(&doc, today, &registry);

    let name = [
        doc.given_names.value.as_deref(),
        doc.surname.value.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    let birth = doc.birth_date.value.and_then(from_time);
    let nationality = doc.nationality.value.clone();
    let matches = if name.is_empty() {
        Vec::new()
    } else {
        let query = Query {
            names: vec![name.clone()],
            birth_date: birth.map(|d| BirthDate {
                year: u16::try_from(d.year()).unwrap_or(0),
                month: u8::try_from(d.month()).ok(),
                day: u8::try_from(d.day()).ok(),
            }),
            nationality: nationality.clone(),
            gender: match doc.sex.value {
                Some(Sex::Male) => Some(Gender::Male),
                Some(Sex::Female) => Some(Gender::Female),
                _ => None,
            },
            identifiers: Vec::new(),
            // A travel document names a person.
            all_entity_types: false,
        };
        store
            .screen_person(principal, &query, threshold, DEFAULT_LIMIT)
            .await?
    };
    // The MRZ names a traveller: only its keyed hash enters the log.
    let event =
        Audited::action(AuditAction::CheckDocument, Outcome::Success).with_details(mrz.join("\n"));
    store.audit(&Actor::from(principal), &[event]).await?;
    let alert = !hits.is_empty()
        || !matches.is_empty()
        || found
            .iter()
            .any(|i| i.severity == lintas_mrz::Severity::High);
    Ok(DocumentCheck {
        valid: doc.valid,
        alert,
        mrz,
        document: doc,
        indicators: found,
        registry_hits: hits,
        screening: DocumentScreening {
            name,
            birth_date: birth.map(|d| d.to_string()),
            nationality,
            matches: matches.into_iter().map(PersonMatch::from).collect(),
        },
    })
}

/// Screens a person against every watchlist the principal may see: the best matches, with the
/// list, the list's own identifier, the matched name, a score and the reasons.
/// Most names (the name plus aliases) one person check screens.
pub const MAX_NAMES: usize = 20;
/// Longest name screened, in characters.
pub const MAX_NAME_CHARS: usize = 200;

pub async fn check_person(
    store: &Store,
    principal: &Principal,
    request: PersonCheckRequest,
) -> Result<PersonCheck> {
    principal.require(Action::Check)?;
    let names: Vec<String> = request
        .name
        .into_iter()
        .chain(request.names)
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err(field_error(
            "name",
            "required",
            "a name to screen is required",
        ));
    }
    // Each name is a full search of every visible list: the work per request stays bounded.
    if names.len() > MAX_NAMES {
        return Err(field_error(
            "names",
            "too_many",
            format!(
                "at most {MAX_NAMES} names per check (given {})",
                names.len()
            ),
        ));
    }
    if let Some(long) = names.iter().find(|n| n.chars().count() > MAX_NAME_CHARS) {
        let chars = long.chars().count();
        return Err(field_error(
            "names",
            "too_long",
            format!("a name has at most {MAX_NAME_CHARS} characters (given {chars})"),
        ));
    }
    let birth_date = match request.birth_date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(BirthDate::parse(text).ok_or_else(|| {
            field_error(
                "birth_date",
                "invalid_date",
                format!("`{text}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
            )
        })?),
    };
    let gender = match request.gender.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) if text.eq_ignore_ascii_case("x") => None,
        Some(text) => Some(Gender::parse(text).ok_or_else(|| {
            field_error(
                "gender",
                "invalid_gender",
                format!("`{text}` is not male, female, M, F or X"),
            )
        })?),
    };
    let limit = request.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(field_error(
            "limit",
            "out_of_range",
            format!("the limit is between 1 and {MAX_LIMIT}"),
        ));
    }
    let details = names.join("\n");
    let query = Query {
        names,
        birth_date,
        nationality: request.nationality.filter(|n| !n.trim().is_empty()),
        gender,
        identifiers: Vec::new(),
        all_entity_types: request.all_entity_types,
    };
    let matches = store
        .screen_person(principal, &query, threshold(request.threshold)?, limit)
        .await?;
    let event = Audited::action(AuditAction::CheckPerson, Outcome::Success).with_details(details);
    store.audit(&Actor::from(principal), &[event]).await?;
    Ok(PersonCheck {
        matches: matches.into_iter().map(PersonMatch::from).collect(),
    })
}
