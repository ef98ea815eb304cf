//! Fraud and risk indicators on a parsed document. Pure functions: the reference date and
//! any lost/stolen registry hits are passed in.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::countries::CodeKind;
use crate::document::{Document, Format};
use crate::error::ErrorCode;

/// Status of a document in a lost/stolen/revoked registry (INTERPOL SLTD's statuses plus
/// known-fraudulent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryStatus {
    /// Reported lost by the holder.
    Lost,
    /// Reported stolen after issue.
    Stolen,
    /// Blank document stolen before personalisation.
    StolenBlank,
    /// Revoked by the issuer.
    Revoked,
    /// Declared invalid.
    Invalid,
    /// Known to be fraudulent (counterfeit or forged).
    KnownFraudulent,
}

impl RegistryStatus {
    fn describe(self) -> &'static str {
        match self {
            Self::Lost => "lost",
            Self::Stolen => "stolen",
            Self::StolenBlank => "stolen while blank",
            Self::Revoked => "revoked",
            Self::Invalid => "invalid",
            Self::KnownFraudulent => "known fraudulent",
        }
    }
}

/// A registry record matching the document, looked up by the caller (the registry lives in
/// the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryHit {
    /// Member state that reported the document (ISO 3166-1 alpha-3).
    pub reporting_state: String,
    /// Reported status.
    pub status: RegistryStatus,
    /// Date of the report.
    pub reported_on: Date,
}

/// How much an indicator should weigh with an officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing, not suspicious by itself.
    Info,
    /// Needs a second look.
    Warning,
    /// Stop and verify.
    High,
}

/// Stable indicator codes (serialised `snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorCode {
    /// Issuing state or nationality is ICAO's specimen state `UTO`.
    SpecimenCode,
    /// The holder's primary identifier is a specimen name (SPECIMEN, MUSTERMANN…).
    SpecimenName,
    /// Expired before the reference date.
    Expired,
    /// Birth date after the reference date.
    BirthInFuture,
    /// Holder older than 120 years.
    AgeImplausible,
    /// Holder younger than the document type allows.
    HolderTooYoung,
    /// Expiry before birth.
    ExpiryBeforeBirth,
    /// Expiry further ahead than the longest validity of the document type.
    ExpiryTooFarAhead,
    /// One or more check digits failed.
    CheckDigitFailure,
    /// The MRZ breaks other structural rules (characters, dates, codes).
    MalformedMrz,
    /// A registry reports the document lost, stolen, revoked, invalid or fraudulent.
    RegistryHit,
    /// Nationality differs from the issuer where the document type makes that unusual.
    NationalityMismatch,
    /// A visa issued to a national of the issuing state.
    VisaForOwnNational,
    /// Holder is stateless, a refugee or of unspecified nationality (context, not suspicion).
    NoNationality,
    /// Issued under a code ICAO keeps only for backward compatibility.
    DeprecatedCode,
}

impl IndicatorCode {
    /// The stable `snake_case` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SpecimenCode => "specimen_code",
            Self::SpecimenName => "specimen_name",
            Self::Expired => "expired",
            Self::BirthInFuture => "birth_in_future",
            Self::AgeImplausible => "age_implausible",
            Self::HolderTooYoung => "holder_too_young",
            Self::ExpiryBeforeBirth => "expiry_before_birth",
            Self::ExpiryTooFarAhead => "expiry_too_far_ahead",
            Self::CheckDigitFailure => "check_digit_failure",
            Self::MalformedMrz => "malformed_mrz",
            Self::RegistryHit => "registry_hit",
            Self::NationalityMismatch => "nationality_mismatch",
            Self::VisaForOwnNational => "visa_for_own_national",
            Self::NoNationality => "no_nationality",
            Self::DeprecatedCode => "deprecated_code",
        }
    }
}

/// One indicator: a stable code, a severity and a sentence for the officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// Stable code.
    pub code: IndicatorCode,
    /// Weight.
    pub severity: Severity,
    /// Human sentence.
    pub message: String,
}

/// Oldest plausible holder.
pub const MAX_AGE_YEARS: i32 = 120;
/// Longest passport/visa validity (Doc 9303 recommends at most 10 years) …
pub const PASSPORT_MAX_VALIDITY_YEARS: i32 = 10;
/// … longest ID card / other TD1-TD2 document validity seen in practice …
pub const CARD_MAX_VALIDITY_YEARS: i32 = 15;
/// … plus this margin (early renewals carry over remaining validity).
pub const VALIDITY_MARGIN_YEARS: i32 = 1;
/// Minimum age of a crew member certificate holder (ILO/ICAO crew rules).
pub const CREW_MIN_AGE_YEARS: i32 = 16;
/// Specimen primary identifiers used on published sample documents.
const SPECIMEN_NAMES: &[&str] = &[
    "SPECIMEN",
    "MUSTERMANN",
    "MUSTERFRAU",
    "SPECIMENS",
    "MUSTER",
    "SAMPLE",
];

fn years_between(from: Date, to: Date) -> i32 {
    let mut y = to.year() - from.year();
    if (u8::from(to.month()), to.day()) < (u8::from(from.month()), from.day()) {
        y -= 1;
    }
    y
}

fn add_years(d: Date, years: i32) -> Date {
    let y = d.year() + years;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), d.day().saturating_sub(1)))
        .unwrap_or(d)
}

fn push(out: &mut Vec<Indicator>, code: IndicatorCode, severity: Severity, message: String) {
    out.push(Indicator {
        code,
        severity,
        message,
    });
}

/// Risk indicators for `doc` as of `today`, plus one per registry hit.
///
/// ```
/// use lintas_mrz::{parse, indicators, ParseOptions, IndicatorCode};
/// let today = time::Date::from_calendar_date(2026, time::Month::November, 23).unwrap();
/// let doc = parse(
///     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
///      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
///     &ParseOptions::new(today),
/// );
/// let codes: Vec<_> = indicators(&doc, today, &[]).iter().map(|i| i.code).collect();
/// assert!(codes.contains(&IndicatorCode::SpecimenCode));
/// assert!(codes.contains(&IndicatorCode::Expired));
/// ```
pub fn indicators(doc: &Document, today: Date, registry_hits: &[RegistryHit]) -> Vec<Indicator> {
    use IndicatorCode as C;
    let mut out = Vec::new();
    let code = doc.document_code.value.as_deref().unwrap_or("");

    for hit in registry_hits {
        push(
            &mut out,
            C::RegistryHit,
            Severity::High,
            format!(
                "Reported {} by {} on {}.",
                hit.status.describe(),
                hit.reporting_state,
                DateDisplay(hit.reported_on)
            ),
        );
    }

    for (field, kind) in [
        ("Issuing state", doc.issuing_state.kind),
        ("Nationality", doc.nationality.kind),
    ] {
        if kind == Some(CodeKind::Specimen) {
            push(
                &mut out,
                C::SpecimenCode,
                Severity::High,
                format!("{field} is UTO, ICAO's specimen state Utopia: this is a sample document."),
            );
        }
        if kind == Some(CodeKind::Deprecated) {
            push(
                &mut out,
                C::DeprecatedCode,
                Severity::Warning,
                format!("{field} uses a code ICAO keeps only for old documents."),
            );
        }
    }
    if let Some(surname) = doc.surname.value.as_deref()
        && SPECIMEN_NAMES.contains(&surname)
    {
        push(
            &mut out,
            C::SpecimenName,
            Severity::High,
            format!("The holder's surname is {surname}, a name used on sample documents."),
        );
    }

    let failed: Vec<&str> = doc
        .check_digits
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.name)
        .collect();
    if !failed.is_empty() {
        let mut message = format!("Check digits fail for: {}.", failed.join(", "));
        if doc.suggestion.is_some() {
            message.push_str(" A single OCR misread would explain it; rescan before deciding.");
        }
        push(
            &mut out,
            C::CheckDigitFailure,
            if doc.suggestion.is_some() {
                Severity::Warning
            } else {
                Severity::High
            },
            message,
        );
    }
    let structural = doc
        .errors
        .iter()
        .filter(|e| e.code != ErrorCode::CheckDigit)
        .count();
    if structural > 0 {
        push(
            &mut out,
            C::MalformedMrz,
            Severity::High,
            format!("The MRZ breaks {structural} ICAO 9303 rule(s) besides check digits."),
        );
    }

    let birth = doc.birth_date.value;
    let expiry = doc.expiry_date.value;
    if let Some(e) = expiry {
        if e < today {
            push(
                &mut out,
                C::Expired,
                Severity::High,
                format!("Expired on {}.", DateDisplay(e)),
            );
        }
        let (limit, kind) = match doc.format {
            Some(Format::TD3 | Format::MrvA | Format::MrvB) => {
                (PASSPORT_MAX_VALIDITY_YEARS, "passports and visas")
            }
            _ => (
                CARD_MAX_VALIDITY_YEARS,
                "identity cards and other TD1/TD2 documents",
            ),
        };
        if e > add_years(today, limit + VALIDITY_MARGIN_YEARS) {
            push(
                &mut out,
                C::ExpiryTooFarAhead,
                Severity::Warning,
                format!(
                    "Expires on {}, more than {limit} years ahead, beyond the usual validity of {kind}.",
                    DateDisplay(e)
                ),
            );
        }
    }
    if let Some(b) = birth {
        if b > today {
            push(
                &mut out,
                C::BirthInFuture,
                Severity::High,
                format!("Birth date {} is in the future.", DateDisplay(b)),
            );
        } else {
            let age = years_between(b, today);
            if age > MAX_AGE_YEARS {
                push(
                    &mut out,
                    C::AgeImplausible,
                    Severity::High,
                    format!("The holder would be {age} years old."),
                );
            }
            if code == "AC" && age < CREW_MIN_AGE_YEARS {
                push(
                    &mut out,
                    C::HolderTooYoung,
                    Severity::Warning,
                    format!(
                        "A crew member certificate for a holder aged {age} (under {CREW_MIN_AGE_YEARS})."
                    ),
                );
            }
        }
        if let Some(e) = expiry
            && e < b
        {
            push(
                &mut out,
                C::ExpiryBeforeBirth,
                Severity::High,
                "The document expires before the holder was born.".into(),
            );
        }
    }

    nationality(doc, code, &mut out);
    out
}

fn nationality(doc: &Document, code: &str, out: &mut Vec<Indicator>) {
    use IndicatorCode as C;
    let (Some(issuer), Some(nat)) = (
        doc.issuing_state.value.as_deref(),
        doc.nationality.value.as_deref(),
    ) else {
        return;
    };
    let issuer_kind = doc.issuing_state.kind;
    let nat_kind = doc.nationality.kind;
    if nat_kind == Some(CodeKind::NoNationality) {
        push(
            out,
            C::NoNationality,
            Severity::Info,
            format!("Holder's nationality is {nat} (stateless, refugee or unspecified)."),
        );
        return;
    }
    let is_visa = doc.format.is_some_and(Format::is_visa);
    if is_visa {
        if issuer == nat && issuer_kind == Some(CodeKind::Iso3166) {
            push(
                out,
                C::VisaForOwnNational,
                Severity::Warning,
                format!("A visa issued by {issuer} to a national of {issuer}."),
            );
        }
        return;
    }
    // Organisations (UN, EU, INTERPOL…) issue to other nationals by design; British and
    // German national codes differ from the issuer code on genuine documents.
    if matches!(
        issuer_kind,
        Some(CodeKind::Organisation) | Some(CodeKind::Specimen)
    ) || issuer == nat
    {
        return;
    }
    let british = issuer == "GBR" && nat.starts_with("GB");
    let german = matches!((issuer, nat), ("D", "DEU") | ("DEU", "D"));
    if british || german {
        return;
    }
    // Passports are issued to nationals; refugee/stateless travel documents were handled
    // above. Residence permits (codes IR, AR, CR…) and crew certificates legitimately carry
    // foreign nationals.
    let second = code.as_bytes().get(1).copied().unwrap_or(b'<');
    let unusual = match doc.format {
        Some(Format::TD3) => true,
        Some(Format::TD1 | Format::TD2) => code.starts_with('I') && matches!(second, b'<' | b'D'),
        _ => false,
    };
    if unusual {
        push(
            out,
            C::NationalityMismatch,
            Severity::Warning,
            format!(
                "Issued by {issuer} to a holder of nationality {nat}, unusual for document code {code}."
            ),
        );
    }
}

struct DateDisplay(Date);

impl std::fmt::Display for DateDisplay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}
