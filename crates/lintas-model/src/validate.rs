//! Validation of incidents against the data standard. Every problem is reported, each with the
//! path of the field (`persons[2].nationality`), a stable code and a sentence.

use chrono::NaiveDate;

use crate::codes::{self, CodeList};
use crate::countries::is_country;
use crate::currencies::is_currency;
use crate::incident::{Incident, Person, Sharing};
use crate::members::member;
use crate::{FieldError, identifiers};

const MAX_TEXT: usize = 200;
const MAX_NARRATIVE: usize = 20_000;
const MAX_LIST: usize = 500;
const MAX_COUNT: u32 = 1_000_000;

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }

    fn code(&mut self, field: String, list: &CodeList, value: &str) {
        if !list.contains(value) {
            self.push(
                field,
                "unknown_code",
                format!(
                    "`{value}` is not in code list {}: expected one of {}",
                    list.name,
                    list.expected()
                ),
            );
        }
    }

    fn country(&mut self, field: String, value: &str) {
        if !is_country(value) {
            self.push(
                field,
                "invalid_country",
                format!("`{value}` is not an ISO 3166-1 alpha-3 country code"),
            );
        }
    }

    fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.push(field, "too_long", format!("at most {max} characters"));
        }
    }

    fn date(&mut self, field: String, first: NaiveDate, today: NaiveDate, earliest: i32) {
        if first > today {
            self.push(
                field,
                "in_future",
                format!("{first} is after today ({today})"),
            );
        } else if first.format("%Y").to_string().parse::<i32>().unwrap_or(0) < earliest {
            self.push(
                field,
                "out_of_range",
                format!("dates before {earliest} are not accepted"),
            );
        }
    }
}

impl Incident {
    /// Brings coded fields to their canonical form (trimmed, country codes upper case,
    /// code-list values lower case) without changing their meaning.
    pub fn normalise(&mut self) {
        fn up(s: &mut String) {
            *s = s.trim().to_ascii_uppercase();
        }
        fn low(s: &mut String) {
            *s = s.trim().to_ascii_lowercase();
        }
        low(&mut self.kind);
        up(&mut self.place.country);
        self.route
            .origin
            .iter_mut()
            .chain(self.route.transit.iter_mut())
            .chain(self.route.destination.iter_mut())
            .for_each(up);
        self.modes
            .iter_mut()
            .chain(self.tags.iter_mut())
            .for_each(low);
        if let Some(fee) = &mut self.fee {
            up(&mut fee.currency);
            low(&mut fee.basis);
        }
        for p in &mut self.persons {
            // Output only: what a reader outside the owning agency was shown.
            p.masked = None;
            low(&mut p.role);
            p.sex.iter_mut().for_each(up);
            p.nationality.iter_mut().for_each(up);
            p.family_name = p.family_name.trim().to_string();
            p.given_names = p.given_names.trim().to_string();
        }
        for i in &mut self.identifiers {
            low(&mut i.kind);
            i.value = i.value.trim().to_string();
        }
        self.sharing.normalise();
        if let Some(r) = &mut self.external_ref {
            *r = r.trim().to_string();
        }
    }

    /// Every way this incident breaks the data standard; empty when it is valid.
    /// `today` bounds dates (no incidents or births in the future).
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut e = Errors(Vec::new());
        e.code("kind".into(), &codes::INCIDENT_KIND, &self.kind);
        e.date(
            "occurred_on".into(),
            self.occurred_on.first_day(),
            today,
            1950,
        );

        if !self.place.country.is_empty() {
            e.country("place.country".into(), &self.place.country);
        }
        if let Some(name) = &self.place.name {
            e.text("place.name", name, MAX_TEXT);
        }
        match (self.place.lat, self.place.lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    e.push(
                        "place.lat",
                        "out_of_range",
                        "latitude must be between -90 and 90",
                    );
                }
                if !(-180.0..=180.0).contains(&lon) {
                    e.push(
                        "place.lon",
                        "out_of_range",
                        "longitude must be between -180 and 180",
                    );
                }
            }
            (Some(_), None) => e.push("place.lon", "required", "a latitude needs a longitude"),
            (None, Some(_)) => e.push("place.lat", "required", "a longitude needs a latitude"),
            (None, None) => {}
        }
        if self.place.country.is_empty() && self.place.lat.is_none() {
            e.push(
                "place.country",
                "required",
                "give the country, or a position for events at sea",
            );
        }

        if let Some(o) = &self.route.origin {
            e.country("route.origin".into(), o);
        }
        for (i, t) in self.route.transit.iter().enumerate() {
            e.country(format!("route.transit[{i}]"), t);
        }
        if let Some(d) = &self.route.destination {
            e.country("route.destination".into(), d);
        }

        self.check_codes(&mut e, "modes", &self.modes, &codes::TRANSPORT_MODE);
        self.check_codes(&mut e, "tags", &self.tags, &codes::MODUS_OPERANDI);

        for (name, value) in [
            ("migrants", self.counts.migrants),
            ("victims", self.counts.victims),
            ("suspects", self.counts.suspects),
            ("dead_or_missing", self.counts.dead_or_missing),
        ] {
            if value.is_some_and(|v| v > MAX_COUNT) {
                e.push(
                    format!("counts.{name}"),
                    "out_of_range",
                    format!("at most {MAX_COUNT}"),
                );
            }
        }

        if let Some(fee) = &self.fee {
            if !fee.amount.is_finite() || fee.amount <= 0.0 {
                e.push("fee.amount", "out_of_range", "a fee is a positive amount");
            }
            if !is_currency(&fee.currency) {
                e.push(
                    "fee.currency",
                    "invalid_currency",
                    format!("`{}` is not an ISO 4217 currency code", fee.currency),
                );
            }
            e.code("fee.basis".into(), &codes::FEE_BASIS, &fee.basis);
        }

        if self.persons.len() > MAX_LIST {
            e.push(
                "persons",
                "too_many",
                format!("at most {MAX_LIST} persons per incident"),
            );
        }
        for (i, p) in self.persons.iter().enumerate() {
            validate_person(&mut e, &format!("persons[{i}]"), p, today);
        }

        if self.identifiers.len() > MAX_LIST {
            e.push(
                "identifiers",
                "too_many",
                format!("at most {MAX_LIST} identifiers per incident"),
            );
        }
        for (i, id) in self.identifiers.iter().enumerate() {
            let path = format!("identifiers[{i}]");
            e.code(format!("{path}.kind"), &codes::IDENTIFIER_KIND, &id.kind);
            if codes::IDENTIFIER_KIND.contains(&id.kind)
                && let Err(why) = identifiers::check(&id.kind, &id.value)
            {
                e.push(format!("{path}.value"), "invalid_format", why);
            }
            e.text(&format!("{path}.value"), &id.value, MAX_TEXT);
            if matches!(id.kind.as_str(), "travel_document" | "national_id")
                && let Some(issuer) = &id.issuer
            {
                e.country(format!("{path}.issuer"), issuer);
            }
            if let Some(p) = id.person
                && p >= self.persons.len()
            {
                e.push(
                    format!("{path}.person"),
                    "out_of_range",
                    format!("there is no persons[{p}]"),
                );
            }
        }

        e.text("narrative", &self.narrative, MAX_NARRATIVE);
        if let Some(r) = &self.external_ref {
            if r.is_empty() {
                e.push(
                    "external_ref",
                    "required",
                    "leave external_ref out rather than empty",
                );
            }
            e.text("external_ref", r, MAX_TEXT);
        }

        e.0.extend(self.sharing.validate("sharing", &codes::SHARING_LEVEL));
        crate::plain::humanise(&mut e.0);
        e.0
    }

    fn check_codes(&self, e: &mut Errors, field: &str, values: &[String], list: &CodeList) {
        for (i, v) in values.iter().enumerate() {
            e.code(format!("{field}[{i}]"), list, v);
            if values[..i].contains(v) {
                e.push(
                    format!("{field}[{i}]"),
                    "duplicate",
                    format!("`{v}` is listed twice"),
                );
            }
        }
    }
}

impl Sharing {
    /// Every way this sharing breaks the data standard, with fields under `prefix`
    /// (`sharing.level`); `levels` is the code list of levels the record kind allows.
    pub fn validate(&self, prefix: &str, levels: &CodeList) -> Vec<FieldError> {
        let mut e = Errors(Vec::new());
        e.code(format!("{prefix}.level"), levels, &self.level);
        match (self.level.as_str(), self.states.is_empty()) {
            ("bilateral", true) => e.push(
                format!("{prefix}.states"),
                "required",
                "bilateral sharing names at least one member",
            ),
            ("bilateral", false) => {
                for (i, s) in self.states.iter().enumerate() {
                    if member(s).is_none() {
                        e.push(
                            format!("{prefix}.states[{i}]"),
                            "unknown_member",
                            format!("`{s}` is not a member of the Bali Process"),
                        );
                    }
                }
            }
            (_, false) => e.push(
                format!("{prefix}.states"),
                "not_allowed",
                "only bilateral sharing names members",
            ),
            _ => {}
        }
        e.0
    }

    /// Trims the level to lower case and member codes to upper case.
    pub fn normalise(&mut self) {
        self.level = self.level.trim().to_ascii_lowercase();
        for s in &mut self.states {
            *s = s.trim().to_ascii_uppercase();
        }
    }
}

fn validate_person(e: &mut Errors, path: &str, p: &Person, today: NaiveDate) {
    if p.family_name.is_empty() && p.given_names.is_empty() {
        e.push(
            format!("{path}.given_names"),
            "required",
            "a person needs a name (a mononym goes in given_names)",
        );
    }
    e.text(&format!("{path}.family_name"), &p.family_name, MAX_TEXT);
    e.text(&format!("{path}.given_names"), &p.given_names, MAX_TEXT);
    for (i, a) in p.aliases.iter().enumerate() {
        e.text(&format!("{path}.aliases[{i}]"), a, MAX_TEXT);
    }
    if let Some(dob) = &p.date_of_birth {
        e.date(
            format!("{path}.date_of_birth"),
            dob.first_day(),
            today,
            1900,
        );
    }
    if let Some(sex) = &p.sex {
        e.code(format!("{path}.sex"), &codes::SEX, sex);
    }
    if let Some(n) = &p.nationality {
        e.country(format!("{path}.nationality"), n);
    }
    if p.role.is_empty() {
        e.push(format!("{path}.role"), "required", "role is required");
    } else {
        e.code(format!("{path}.role"), &codes::PERSON_ROLE, &p.role);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PartialDate;
    use crate::incident::{Fee, Identifier, Place, Route, Sharing};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    fn valid() -> Incident {
        Incident {
            kind: "smuggling".into(),
            occurred_on: PartialDate::parse("2025-03").unwrap(),
            place: Place {
                country: "IDN".into(),
                name: Some("Kupang".into()),
                lat: Some(-10.17),
                lon: Some(123.6),
            },
            route: Route {
                origin: Some("AFG".into()),
                transit: vec!["MYS".into(), "IDN".into()],
                destination: Some("AUS".into()),
            },
            modes: vec!["air".into(), "sea".into()],
            tags: vec!["sea_crossing".into()],
            counts: Default::default(),
            fee: Some(Fee {
                amount: 4000.0,
                currency: "USD".into(),
                basis: "per_person".into(),
            }),
            persons: vec![Person {
                family_name: "".into(),
                given_names: "Budi".into(),
                role: "crew".into(),
                ..Default::default()
            }],
            identifiers: vec![Identifier {
                kind: "phone".into(),
                value: "+62 812 3456 7890".into(),
                issuer: None,
                person: Some(0),
            }],
            narrative: "Boat intercepted near Rote Island.".into(),
            external_ref: Some("POLDA-NTT/2025/17".into()),
            sharing: Sharing {
                level: "bilateral".into(),
                states: vec!["AUS".into()],
            },
        }
    }

    #[test]
    fn a_complete_incident_is_valid() {
        assert_eq!(valid().validate(today()), vec![]);
    }

    #[test]
    fn every_error_is_reported_with_its_path() {
        let mut i = valid();
        i.kind = "smugling".into();
        i.route.transit[1] = "XYZ".into();
        i.persons[0].nationality = Some("Indonesian".into());
        i.identifiers[0].person = Some(3);
        i.sharing.states.clear();
        i.modes.push("sea".into());
        let errors = i.validate(today());
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("kind", "unknown_code"),
                ("route.transit[1]", "invalid_country"),
                ("modes[2]", "duplicate"),
                ("persons[0].nationality", "invalid_country"),
                ("identifiers[0].person", "out_of_range"),
                ("sharing.states", "required"),
            ]
        );
        assert!(errors[0].message.contains("smuggling, trafficking"));
    }

    #[test]
    fn future_dates_and_positions() {
        let mut i = valid();
        i.occurred_on = PartialDate::parse("2027").unwrap();
        i.place.lat = Some(95.0);
        i.fee = Some(Fee {
            amount: -1.0,
            currency: "usd".into(),
            basis: "per_person".into(),
        });
        let fields: Vec<String> = i.validate(today()).into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["occurred_on", "place.lat", "fee.amount", "fee.currency"]
        );
    }

    #[test]
    fn normalise_fixes_case_only() {
        let mut i = valid();
        i.kind = " Smuggling ".into();
        i.place.country = "idn".into();
        i.sharing.states = vec!["aus".into()];
        i.normalise();
        assert_eq!(i, valid());
    }
}
