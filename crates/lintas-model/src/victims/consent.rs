//! Consent as a record: what the person agreed to (a purpose, and for referrals the named
//! organisation), in which language and through which interpreter, from when until when, and
//! whether it was revoked. The workflow's gate ([`super::workflow`]) asks [`covers`] before
//! anything leaves the case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;

const MAX_TEXT: usize = 200;

/// What a consent allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Care by the case's own agency (assessment, shelter, services).
    Care,
    /// Referral to the organisation the consent names.
    Referral,
    /// Disclosure to law enforcement (the consent may name the agency).
    LawEnforcementDisclosure,
    /// Use in statistics (protected aggregates).
    Statistics,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 4] = [
        Purpose::Care,
        Purpose::Referral,
        Purpose::LawEnforcementDisclosure,
        Purpose::Statistics,
    ];

    /// The purpose's code.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Care => "care",
            Purpose::Referral => "referral",
            Purpose::LawEnforcementDisclosure => "law_enforcement_disclosure",
            Purpose::Statistics => "statistics",
        }
    }
}

impl std::fmt::Display for Purpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A consent as recorded (create).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// What the person agreed to.
    pub purpose: Purpose,
    /// For `referral`: the organisation the person agreed to be referred to (required). For
    /// `law_enforcement_disclosure`: the agency, if the consent names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The language the consent was explained and given in (ISO 639, two or three letters).
    pub language: String,
    /// The interpreter who helped, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    /// First day the consent holds.
    pub valid_from: NaiveDate,
    /// Last day the consent holds; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
}

impl Consent {
    /// Trims text; blank text is absent; the language is lower case.
    pub fn normalise(&mut self) {
        for field in [&mut self.organisation, &mut self.interpreter] {
            if let Some(v) = field.as_mut() {
                *v = v.trim().to_string();
            }
            if field.as_deref() == Some("") {
                *field = None;
            }
        }
        self.language = self.language.trim().to_ascii_lowercase();
    }

    /// Every problem of the consent.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut push = |field: &str, code: &str, message: String| {
            out.push(FieldError {
                field: field.into(),
                code: code.into(),
                message,
            })
        };
        if self.purpose == Purpose::Referral && self.organisation.is_none() {
            push(
                "organisation",
                "required",
                "a consent to referral names the organisation the person agreed to be referred to"
                    .into(),
            );
        }
        if matches!(self.purpose, Purpose::Care | Purpose::Statistics)
            && self.organisation.is_some()
        {
            push(
                "organisation",
                "not_allowed",
                format!(
                    "a consent for {} names no organisation",
                    self.purpose.as_str()
                ),
            );
        }
        let l = &self.language;
        if !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()) {
            push(
                "language",
                "invalid_language",
                format!("`{l}` is not an ISO 639 language code (two or three letters)"),
            );
        }
        for (field, value) in [
            ("organisation", &self.organisation),
            ("interpreter", &self.interpreter),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > MAX_TEXT) {
                push(field, "too_long", format!("at most {MAX_TEXT} characters"));
            }
        }
        if let Some(until) = self.valid_until
            && until < self.valid_from
        {
            push(
                "valid_until",
                "before_start",
                format!(
                    "the consent ends ({until}) before it starts ({})",
                    self.valid_from
                ),
            );
        }
        out
    }
}

/// A stored consent: the record plus who recorded it, and its revocation.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredConsent {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each change (revocation); the ETag.
    pub version: i64,
    /// The victim case it belongs to.
    pub case_id: Uuid,
    /// Owning member.
    pub owner: String,
    /// Recording agency.
    pub agency: String,
    /// When it was recorded (RFC 3339).
    pub created_at: String,
    /// The record.
    #[serde(flatten)]
    pub consent: Consent,
    /// When it was revoked (RFC 3339), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// Why, as the person or the case worker said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
}

impl StoredConsent {
    /// Whether the consent holds on `day`: started, not ended, not revoked.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.revoked_at.is_none()
            && self.consent.valid_from <= day
            && self.consent.valid_until.is_none_or(|u| day <= u)
    }
}

/// What an action needs consent for: a purpose and, for referrals and named disclosures, the
/// recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The purpose.
    pub purpose: Purpose,
    /// The recipient organisation, if the action sends to one.
    pub recipient: Option<String>,
}

impl Need {
    /// The sentence naming the missing consent.
    pub fn missing(&self) -> String {
        match (&self.purpose, &self.recipient) {
            (Purpose::Referral, Some(r)) => format!(
                "no valid consent for referral to `{r}`: record the person's consent (purpose referral, organisation `{r}`) or have an override approved"
            ),
            (p, Some(r)) => format!(
                "no valid consent for {p} to `{r}`: record the person's consent for {p} or have an override approved"
            ),
            (p, None) => format!(
                "no valid consent for {p}: record the person's consent for {p} or have an override approved"
            ),
        }
    }
}

fn same_org(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Whether `consent` allows `need` on `day`. A referral consent covers only the organisation
/// it names; a disclosure consent that names an agency covers only that agency.
pub fn covers(consent: &StoredConsent, need: &Need, day: NaiveDate) -> bool {
    if !consent.holds_on(day) || consent.consent.purpose != need.purpose {
        return false;
    }
    match (&consent.consent.organisation, &need.recipient) {
        (None, _) => need.purpose != Purpose::Referral,
        (Some(named), Some(to)) => same_org(named, to),
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn stored(purpose: Purpose, org: Option<&str>, until: Option<&str>) -> StoredConsent {
        StoredConsent {
            id: Uuid::nil(),
            version: 1,
            case_id: Uuid::nil(),
            owner: "IDN".into(),
            agency: "NGO".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            consent: Consent {
                purpose,
                organisation: org.map(str::to_string),
                language: "id".into(),
                interpreter: None,
                valid_from: d("2026-01-01"),
                valid_until: until.map(d),
            },
            revoked_at: None,
            revocation_reason: None,
        }
    }

    #[test]
    fn a_referral_consent_covers_only_its_organisation_and_its_time() {
        let c = stored(
            Purpose::Referral,
            Some("Baan Kredtrakarn Shelter"),
            Some("2026-06-30"),
        );
        let need = |to: &str| Need {
            purpose: Purpose::Referral,
            recipient: Some(to.into()),
        };
        assert!(covers(
            &c,
            &need("baan kredtrakarn shelter "),
            d("2026-03-01")
        ));
        assert!(!covers(&c, &need("Another shelter"), d("2026-03-01")));
        assert!(!covers(
            &c,
            &need("Baan Kredtrakarn Shelter"),
            d("2025-12-31")
        ));
        assert!(!covers(
            &c,
            &need("Baan Kredtrakarn Shelter"),
            d("2026-07-01")
        ));
        let mut revoked = c.clone();
        revoked.revoked_at = Some("2026-02-01T00:00:00Z".into());
        assert!(!covers(
            &revoked,
            &need("Baan Kredtrakarn Shelter"),
            d("2026-03-01")
        ));
        // A care consent is not a referral consent.
        let care = stored(Purpose::Care, None, None);
        assert!(!covers(
            &care,
            &need("Baan Kredtrakarn Shelter"),
            d("2026-03-01")
        ));
    }

    #[test]
    fn validation_names_each_problem() {
        let mut c = stored(Purpose::Referral, None, None).consent;
        c.language = "Bahasa".into();
        c.valid_until = Some(d("2025-01-01"));
        let fields: Vec<String> = c.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["organisation", "language", "valid_until"]);
        let mut ok = stored(Purpose::Care, None, None).consent;
        ok.language = " ID ".into();
        ok.normalise();
        assert!(ok.validate().is_empty());
        assert_eq!(ok.language, "id");
    }
}
