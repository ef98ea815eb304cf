//! Normalisation and validation of victim cases. Every problem is reported, each with the
//! HTCDS name of the field (`vic_MethodsOfControl[2]`, `events[0].hte_Country`), a stable code
//! and a sentence for the case worker.

use chrono::NaiveDate;

use super::case::{HistoricEvent, VictimCase};
use super::codes::{self, Picklist};
use crate::codes::CodeList;
use crate::countries::alpha3;
use crate::{FieldError, Sharing};

const MAX_TEXT: usize = 200;
const MAX_LONG_TEXT: usize = 20_000;
const MAX_LIST: usize = 100;
const MAX_AGE: u32 = 120;
const EARLIEST_YEAR: i32 = 1900;

/// Sharing levels a victim case may have: never `regional`, because victim microdata do not
/// leave the owning member except to named members or as protected aggregates.
pub const VICTIM_SHARING_LEVEL: CodeList = CodeList {
    name: "victim_sharing_level",
    description: "Who may see a victim case besides its owner; `regional` is not allowed.",
    codes: &[
        crate::codes::SHARING_LEVEL.codes[0],
        crate::codes::SHARING_LEVEL.codes[1],
        crate::codes::SHARING_LEVEL.codes[3],
    ],
};

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }

    fn one(&mut self, field: &str, list: &Picklist, value: &Option<String>) {
        if let Some(v) = value
            && !list.contains(v)
        {
            self.unknown(field.to_string(), list, v);
        }
    }

    fn many(&mut self, field: &str, list: &Picklist, values: &[String]) {
        if values.len() > MAX_LIST {
            self.push(field, "too_many", format!("at most {MAX_LIST} values"));
        }
        for (i, v) in values.iter().enumerate() {
            if !list.contains(v) {
                self.unknown(format!("{field}[{i}]"), list, v);
            } else if values[..i].contains(v) {
                self.push(
                    format!("{field}[{i}]"),
                    "duplicate",
                    format!("`{v}` is listed twice"),
                );
            }
        }
    }

    fn unknown(&mut self, field: String, list: &Picklist, value: &str) {
        self.push(
            field,
            "unknown_code",
            format!(
                "`{value}` is not a value of {} ({}): expected one of {}",
                list.label,
                list.field,
                list.expected()
            ),
        );
    }

    fn country(&mut self, field: String, value: &str) {
        if crate::countries::country_name(value).is_none() {
            self.push(
                field,
                "invalid_country",
                format!("`{value}` is not an ISO 3166-1 alpha-3 (or alpha-2) country code"),
            );
        }
    }

    fn text(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(v) = value
            && v.chars().count() > max
        {
            self.push(field, "too_long", format!("at most {max} characters"));
        }
    }

    fn date(&mut self, field: &str, value: &Option<crate::PartialDate>, today: NaiveDate) {
        let Some(d) = value else { return };
        let first = d.first_day();
        if first > today {
            self.push(field, "in_future", format!("{d} is after today ({today})"));
        } else if first < NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1).unwrap_or(first) {
            self.push(
                field,
                "out_of_range",
                format!("dates before {EARLIEST_YEAR} are not accepted"),
            );
        }
    }
}

fn tidy(value: &mut Option<String>) {
    if let Some(v) = value {
        let t = v.trim();
        if t.is_empty() {
            *value = None;
        } else if t.len() != v.len() {
            *v = t.to_string();
        }
    }
}

fn tidy_code(value: &mut Option<String>, list: &Picklist) {
    tidy(value);
    if let Some(v) = value
        && let Some(code) = list.resolve(v)
    {
        *v = code.to_string();
    }
}

fn tidy_codes(values: &mut Vec<String>, list: &Picklist) {
    values.retain(|v| !v.trim().is_empty());
    for v in values.iter_mut() {
        match list.resolve(v) {
            Some(code) => *v = code.to_string(),
            None => *v = v.trim().to_string(),
        }
    }
}

fn tidy_country(value: &mut String) {
    let t = value.trim();
    *value = alpha3(t).map_or_else(|| t.to_string(), str::to_string);
}

impl VictimCase {
    /// Brings the case to canonical form without changing its meaning: text trimmed (blank
    /// text is absent), picklist values written as their HTCDS codes (`Follow Up` becomes
    /// `FollowUp`), countries as ISO 3166-1 alpha-3 (`ID` becomes `IDN`).
    pub fn normalise(&mut self) {
        tidy(&mut self.external_ref);
        let p = &mut self.person;
        for t in [
            &mut p.salutation,
            &mut p.first_name,
            &mut p.middle_name,
            &mut p.second_name,
            &mut p.primary_language,
            &mut p.secondary_language,
            &mut p.identity_number,
            &mut p.title,
            &mut p.email,
            &mut p.home_phone,
            &mut p.mobile_phone,
            &mut p.mailing_street,
            &mut p.mailing_city,
            &mut p.mailing_state,
            &mut p.mailing_postal_code,
            &mut p.mailing_country,
        ] {
            tidy(t);
        }
        tidy_code(&mut p.gender, &codes::PRS_GENDER);
        tidy_code(&mut p.marital_status, &codes::PRS_MARITAL_STATUS);
        tidy_code(
            &mut p.highest_level_of_education,
            &codes::PRS_HIGHEST_LEVEL_OF_EDUCATION,
        );
        p.citizenship.retain(|c| !c.trim().is_empty());
        p.citizenship.iter_mut().for_each(tidy_country);
        p.mailing_country.iter_mut().for_each(tidy_country);

        let v = &mut self.victim;
        tidy_code(&mut v.trafficking_status, &codes::VIC_TRAFFICKING_STATUS);
        tidy_code(
            &mut v.decision_making_org,
            &codes::VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG,
        );
        tidy_code(
            &mut v.relationship_to_trafficker,
            &codes::VIC_RELATIONSHIP_TO_TRAFFICKER,
        );
        tidy(&mut v.location_of_recruitment);
        tidy(&mut v.location_of_exploitation);
        for (values, list) in [
            (
                &mut v.method_of_recruitment,
                &codes::VIC_METHOD_OF_RECRUITMENT,
            ),
            (
                &mut v.recruitment_websites_and_apps,
                &codes::VIC_RECRUITMENT_WEBSITES_AND_APPS,
            ),
            (&mut v.methods_of_control, &codes::VIC_METHODS_OF_CONTROL),
            (
                &mut v.type_of_exploitation,
                &codes::VIC_TYPE_OF_EXPLOITATION,
            ),
            (
                &mut v.forced_labour_industry,
                &codes::VIC_FORCED_LABOUR_INDUSTRY,
            ),
            (
                &mut v.type_of_sex_exploitation,
                &codes::VIC_TYPE_OF_SEX_EXPLOITATION,
            ),
            (
                &mut v.forced_criminality_indicators,
                &codes::VIC_FORCED_CRIMINALITY_INDICATORS,
            ),
            (
                &mut v.exploitation_websites_and_apps,
                &codes::VIC_EXPLOITATION_WEBSITES_AND_APPS,
            ),
        ] {
            tidy_codes(values, list);
        }

        for per in &mut self.perpetrators {
            tidy(&mut per.first_name);
            tidy(&mut per.second_name);
            tidy(&mut per.role_details);
            tidy(&mut per.organisation);
            tidy_codes(&mut per.role_in_process, &codes::PER_ROLE_IN_PROCESS);
        }
        for e in &mut self.events {
            if let Some(code) = codes::HTE_TYPE.resolve(&e.event_type) {
                e.event_type = code.to_string();
            }
            for t in [
                &mut e.country,
                &mut e.state,
                &mut e.city,
                &mut e.street,
                &mut e.postal_code,
                &mut e.description,
            ] {
                tidy(t);
            }
            e.country.iter_mut().for_each(tidy_country);
        }
        let c = &mut self.case;
        tidy_code(&mut c.status, &codes::CAS_STATUS);
        tidy_code(
            &mut c.reason_for_incoming_referral,
            &codes::CAS_REASON_FOR_INCOMING_REFERRAL,
        );
        tidy_code(
            &mut c.reason_for_outgoing_referral,
            &codes::CAS_REASON_FOR_OUTGOING_REFERRAL,
        );
        for t in [
            &mut c.case_owner,
            &mut c.reason_for_case_closure,
            &mut c.referring_organisation,
            &mut c.referring_primary_case_worker,
            &mut c.incoming_referral_details,
            &mut c.referred_organisation,
            &mut c.referred_primary_case_worker,
            &mut c.outgoing_referral_details,
        ] {
            tidy(t);
        }
        for s in &mut self.support_plans {
            if let Some(code) = codes::SPL_TYPE.resolve(&s.plan_type) {
                s.plan_type = code.to_string();
            }
            tidy(&mut s.objectives);
            tidy(&mut s.action_plan);
        }
        self.sharing.normalise();
    }

    /// Every way this case breaks the data standard; empty when it is valid. `today` bounds
    /// dates (nothing in the future).
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut e = Errors(Vec::new());
        e.text("external_ref", &self.external_ref, MAX_TEXT);

        let p = &self.person;
        for (field, value) in [
            ("prs_Salutation", &p.salutation),
            ("prs_FirstName", &p.first_name),
            ("prs_MiddleName", &p.middle_name),
            ("prs_SecondName", &p.second_name),
            ("prs_IdentityNumber", &p.identity_number),
            ("prs_Title", &p.title),
            ("prs_Email", &p.email),
            ("prs_MailingStreet", &p.mailing_street),
            ("prs_MailingCity", &p.mailing_city),
            ("prs_MailingState", &p.mailing_state),
            ("prs_MailingPostalCode", &p.mailing_postal_code),
        ] {
            e.text(field, value, MAX_TEXT);
        }
        for (field, value) in [
            ("prs_HomePhone", &p.home_phone),
            ("prs_MobilePhone", &p.mobile_phone),
        ] {
            if let Some(phone) = value
                && let Err(why) = crate::identifiers::check("phone", phone)
            {
                e.push(field, "invalid_format", why);
            }
        }
        if let Some(email) = &p.email
            && let Err(why) = crate::identifiers::check("email", email)
        {
            e.push("prs_Email", "invalid_format", why);
        }
        for (field, value) in [
            ("prs_PrimaryLanguage", &p.primary_language),
            ("prs_SecondaryLanguage", &p.secondary_language),
        ] {
            if let Some(l) = value
                && (!(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_alphabetic()))
            {
                e.push(
                    field,
                    "invalid_format",
                    format!("`{l}` is not an ISO 639 language code (two or three letters)"),
                );
            }
        }
        e.date("prs_Birthdate", &p.birthdate, today);
        e.one("prs_Gender", &codes::PRS_GENDER, &p.gender);
        e.one(
            "prs_MaritalStatus",
            &codes::PRS_MARITAL_STATUS,
            &p.marital_status,
        );
        e.one(
            "prs_HighestLevelOfEducation",
            &codes::PRS_HIGHEST_LEVEL_OF_EDUCATION,
            &p.highest_level_of_education,
        );
        if p.number_of_children.is_some_and(|n| n > 50) {
            e.push("prs_NumberOfChildren", "out_of_range", "at most 50");
        }
        for (i, c) in p.citizenship.iter().enumerate() {
            e.country(format!("prs_Citizenship[{i}]"), c);
        }
        if let Some(c) = &p.mailing_country {
            e.country("prs_MailingCountry".into(), c);
        }

        let v = &self.victim;
        e.one(
            "vic_TraffickingStatus",
            &codes::VIC_TRAFFICKING_STATUS,
            &v.trafficking_status,
        );
        e.one(
            "vic_TraffickingStatusDecisionMakingOrg",
            &codes::VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG,
            &v.decision_making_org,
        );
        if matches!(
            v.trafficking_status.as_deref(),
            Some("ActualVictimOfTrafficking" | "NotAVictimOfTrafficking")
        ) && v.decision_making_org.is_none()
        {
            e.push(
                "vic_TraffickingStatusDecisionMakingOrg",
                "required",
                "a decided status (actual victim, or not a victim) needs the organisation that decided it",
            );
        }
        e.one(
            "vic_RelationshipToTrafficker",
            &codes::VIC_RELATIONSHIP_TO_TRAFFICKER,
            &v.relationship_to_trafficker,
        );
        if v.age_when_trafficked.is_some_and(|a| a > MAX_AGE) {
            e.push(
                "vic_AgeWhenTrafficked",
                "out_of_range",
                format!("an age in years, at most {MAX_AGE}"),
            );
        }
        for (field, list, values) in [
            (
                "vic_MethodOfRecruitment",
                &codes::VIC_METHOD_OF_RECRUITMENT,
                &v.method_of_recruitment,
            ),
            (
                "vic_RecruitmentWebsitesAndApps",
                &codes::VIC_RECRUITMENT_WEBSITES_AND_APPS,
                &v.recruitment_websites_and_apps,
            ),
            (
                "vic_MethodsOfControl",
                &codes::VIC_METHODS_OF_CONTROL,
                &v.methods_of_control,
            ),
            (
                "vic_TypeOfExploitation",
                &codes::VIC_TYPE_OF_EXPLOITATION,
                &v.type_of_exploitation,
            ),
            (
                "vic_ForcedLabourIndustry",
                &codes::VIC_FORCED_LABOUR_INDUSTRY,
                &v.forced_labour_industry,
            ),
            (
                "vic_TypeOfSexExploitation",
                &codes::VIC_TYPE_OF_SEX_EXPLOITATION,
                &v.type_of_sex_exploitation,
            ),
            (
                "vic_ForcedCriminalityIndicators",
                &codes::VIC_FORCED_CRIMINALITY_INDICATORS,
                &v.forced_criminality_indicators,
            ),
            (
                "vic_ExploitationWebsitesAndApps",
                &codes::VIC_EXPLOITATION_WEBSITES_AND_APPS,
                &v.exploitation_websites_and_apps,
            ),
        ] {
            e.many(field, list, values);
        }
        if !v.forced_criminality_indicators.is_empty()
            && !v
                .type_of_exploitation
                .iter()
                .any(|t| t == "ForcedCriminality")
        {
            e.push(
                "vic_ForcedCriminalityIndicators",
                "not_allowed",
                "forced criminality indicators need ForcedCriminality among the types of exploitation",
            );
        }
        e.text(
            "vic_LocationOfRecruitment",
            &v.location_of_recruitment,
            MAX_TEXT,
        );
        e.text(
            "vic_LocationOfExploitation",
            &v.location_of_exploitation,
            MAX_TEXT,
        );

        if self.perpetrators.len() > MAX_LIST {
            e.push("perpetrators", "too_many", format!("at most {MAX_LIST}"));
        }
        for (i, per) in self.perpetrators.iter().enumerate() {
            let path = format!("perpetrators[{i}]");
            e.many(
                &format!("{path}.per_RoleInProcess"),
                &codes::PER_ROLE_IN_PROCESS,
                &per.role_in_process,
            );
            e.text(&format!("{path}.prs_FirstName"), &per.first_name, MAX_TEXT);
            e.text(
                &format!("{path}.prs_SecondName"),
                &per.second_name,
                MAX_TEXT,
            );
            e.text(
                &format!("{path}.per_Organisation"),
                &per.organisation,
                MAX_TEXT,
            );
            e.text(
                &format!("{path}.per_RoleDetails"),
                &per.role_details,
                MAX_LONG_TEXT,
            );
        }

        if self.events.len() > MAX_LIST {
            e.push("events", "too_many", format!("at most {MAX_LIST}"));
        }
        for (i, ev) in self.events.iter().enumerate() {
            validate_event(&mut e, &format!("events[{i}]"), ev, today);
        }

        let c = &self.case;
        e.one("cas_Status", &codes::CAS_STATUS, &c.status);
        e.one(
            "cas_ReasonForIncomingReferral",
            &codes::CAS_REASON_FOR_INCOMING_REFERRAL,
            &c.reason_for_incoming_referral,
        );
        e.one(
            "cas_ReasonForOutgoingReferral",
            &codes::CAS_REASON_FOR_OUTGOING_REFERRAL,
            &c.reason_for_outgoing_referral,
        );
        e.date("cas_IncomingReferralDate", &c.incoming_referral_date, today);
        e.date("cas_OutgoingReferralDate", &c.outgoing_referral_date, today);
        for (field, value, max) in [
            ("cas_CaseOwner", &c.case_owner, MAX_TEXT),
            (
                "cas_ReferringOrganisation",
                &c.referring_organisation,
                MAX_TEXT,
            ),
            (
                "cas_ReferringPrimaryCaseWorker",
                &c.referring_primary_case_worker,
                MAX_TEXT,
            ),
            (
                "cas_ReferredOrganisation",
                &c.referred_organisation,
                MAX_TEXT,
            ),
            (
                "cas_ReferredPrimaryCaseWorker",
                &c.referred_primary_case_worker,
                MAX_TEXT,
            ),
            (
                "cas_ReasonForCaseClosure",
                &c.reason_for_case_closure,
                MAX_LONG_TEXT,
            ),
            (
                "cas_IncomingReferralDetails",
                &c.incoming_referral_details,
                MAX_LONG_TEXT,
            ),
            (
                "cas_OutgoingReferralDetails",
                &c.outgoing_referral_details,
                MAX_LONG_TEXT,
            ),
        ] {
            e.text(field, value, max);
        }

        if self.support_plans.len() > MAX_LIST {
            e.push("support_plans", "too_many", format!("at most {MAX_LIST}"));
        }
        for (i, s) in self.support_plans.iter().enumerate() {
            let path = format!("support_plans[{i}]");
            if s.plan_type.is_empty() {
                e.push(
                    format!("{path}.spl_Type"),
                    "required",
                    "a support plan needs its type",
                );
            } else if !codes::SPL_TYPE.contains(&s.plan_type) {
                e.unknown(format!("{path}.spl_Type"), &codes::SPL_TYPE, &s.plan_type);
            }
            e.text(
                &format!("{path}.spl_Objectives"),
                &s.objectives,
                MAX_LONG_TEXT,
            );
            e.text(
                &format!("{path}.spl_ActionPlan"),
                &s.action_plan,
                MAX_LONG_TEXT,
            );
            // A planned end lies ahead by nature; only the actual end is bounded by today.
            e.date(
                &format!("{path}.spl_ActualEndDate"),
                &s.actual_end_date,
                today,
            );
        }

        e.0.extend(validate_sharing(&self.sharing));
        e.0
    }
}

fn validate_event(e: &mut Errors, path: &str, ev: &HistoricEvent, today: NaiveDate) {
    if ev.event_type.trim().is_empty() {
        e.push(
            format!("{path}.hte_Type"),
            "required",
            "an event needs its type: Recruitment, Transit or Exploitation",
        );
    } else if !codes::HTE_TYPE.contains(&ev.event_type) {
        e.unknown(format!("{path}.hte_Type"), &codes::HTE_TYPE, &ev.event_type);
    }
    if let Some(c) = &ev.country {
        e.country(format!("{path}.hte_Country"), c);
    }
    e.date(&format!("{path}.hte_Date"), &ev.date, today);
    match (ev.latitude, ev.longitude) {
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) {
                e.push(
                    format!("{path}.hte_Latitude"),
                    "out_of_range",
                    "latitude must be between -90 and 90",
                );
            }
            if !(-180.0..=180.0).contains(&lon) {
                e.push(
                    format!("{path}.hte_Longitude"),
                    "out_of_range",
                    "longitude must be between -180 and 180",
                );
            }
        }
        (Some(_), None) => e.push(
            format!("{path}.hte_Longitude"),
            "required",
            "a latitude needs a longitude",
        ),
        (None, Some(_)) => e.push(
            format!("{path}.hte_Latitude"),
            "required",
            "a longitude needs a latitude",
        ),
        (None, None) => {}
    }
    for (field, value, max) in [
        ("hte_State", &ev.state, MAX_TEXT),
        ("hte_City", &ev.city, MAX_TEXT),
        ("hte_Street", &ev.street, MAX_TEXT),
        ("hte_PostalCode", &ev.postal_code, MAX_TEXT),
        ("hte_Description", &ev.description, MAX_LONG_TEXT),
    ] {
        e.text(&format!("{path}.{field}"), value, max);
    }
}

/// The sharing rules for victim cases, with a plain refusal of `regional`.
pub fn validate_sharing(sharing: &Sharing) -> Vec<FieldError> {
    if sharing.level == "regional" {
        return vec![FieldError {
            field: "sharing.level".into(),
            code: "not_allowed".into(),
            message: "victim cases are never shared regionally as microdata: use national, \
                      bilateral (naming the members) or aggregate (counts only, through \
                      disclosure control)"
                .into(),
        }];
    }
    sharing.validate("sharing", &VICTIM_SHARING_LEVEL)
}
