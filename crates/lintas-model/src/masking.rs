//! Victims' details in incidents read outside the owning agency (issue 15, item 5): a person
//! with a victim role is shown by initials, age band and nationality only, and identifiers
//! linked to them are withheld. Revealing them is a separate, audited read with a reason.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Incident;

/// Roles (code list `person_role`) whose details are withheld outside the owning agency.
pub const VICTIM_ROLES: &[&str] = &["victim"];

/// What a masked person still shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Masked {
    /// Initials of the given and family names, e.g. `S. W.`
    #[schema(example = "S. W.")]
    pub initials: String,
    /// Age band on the day read (`0–17`, `18–24`, `25–34`, …, `65+`), when the birth year is
    /// known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "18–24")]
    pub age_band: Option<String>,
}

/// The value shown for an identifier linked to a masked person.
pub const WITHHELD: &str = "[withheld]";

/// Whether a person with `role` is masked outside the owning agency.
pub fn is_victim_role(role: &str) -> bool {
    VICTIM_ROLES.contains(&role)
}

fn initials(names: &str) -> impl Iterator<Item = String> + '_ {
    names
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
}

/// The age band of someone born in `year`, on `today`.
pub fn age_band(year: i32, today: NaiveDate) -> String {
    let age = today.year() - year;
    match age {
        i32::MIN..=17 => "0–17".into(),
        18..=24 => "18–24".into(),
        25..=34 => "25–34".into(),
        35..=44 => "35–44".into(),
        45..=54 => "45–54".into(),
        55..=64 => "55–64".into(),
        _ => "65+".into(),
    }
}

impl Incident {
    /// Withholds victims' details (see the module doc); returns whether any were withheld.
    pub fn mask_victims(&mut self, today: NaiveDate) -> bool {
        let mut masked_rows = Vec::new();
        for (n, p) in self.persons.iter_mut().enumerate() {
            if !is_victim_role(&p.role) || p.masked.is_some() {
                continue;
            }
            let initials: Vec<String> = initials(&p.given_names)
                .chain(initials(&p.family_name))
                .collect();
            p.masked = Some(Masked {
                initials: initials.join(" "),
                age_band: p
                    .date_of_birth
                    .as_ref()
                    .map(|d| age_band(d.first_day().year(), today)),
            });
            p.family_name.clear();
            p.given_names.clear();
            p.aliases.clear();
            p.date_of_birth = None;
            p.sex = None;
            masked_rows.push(n);
        }
        for id in &mut self.identifiers {
            if id.person.is_some_and(|n| masked_rows.contains(&n)) {
                id.value = WITHHELD.into();
            }
        }
        !masked_rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Identifier, PartialDate, Person};

    fn incident() -> Incident {
        let mut i: Incident = serde_json::from_str(
            r#"{"kind": "trafficking", "occurred_on": "2025-03", "place": {"country": "IDN"}}"#,
        )
        .unwrap();
        i.persons = vec![
            Person {
                family_name: "Wulandari".into(),
                given_names: "Siti Nur".into(),
                aliases: vec!["Nunung".into()],
                date_of_birth: PartialDate::parse("2004-05-01").ok(),
                sex: Some("F".into()),
                nationality: Some("IDN".into()),
                role: "victim".into(),
                masked: None,
            },
            Person {
                family_name: "Karimi".into(),
                given_names: "Nabi".into(),
                role: "organiser".into(),
                ..Default::default()
            },
        ];
        i.identifiers = vec![
            Identifier {
                kind: "travel_document".into(),
                value: "C1234567".into(),
                issuer: Some("IDN".into()),
                person: Some(0),
            },
            Identifier {
                kind: "phone".into(),
                value: "+93 812 0000 1111".into(),
                issuer: None,
                person: Some(1),
            },
        ];
        i
    }

    #[test]
    fn victims_show_initials_age_band_and_nationality_only() {
        let mut i = incident();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(i.mask_victims(today));
        let v = &i.persons[0];
        assert_eq!(
            v.masked,
            Some(Masked {
                initials: "S. N. W.".into(),
                age_band: Some("18–24".into())
            })
        );
        assert_eq!(v.nationality.as_deref(), Some("IDN"));
        assert!(v.family_name.is_empty() && v.given_names.is_empty() && v.aliases.is_empty());
        assert!(v.date_of_birth.is_none() && v.sex.is_none());
        let json = serde_json::to_string(&i).unwrap();
        assert!(
            !json.contains("Wulandari") && !json.contains("C1234567") && !json.contains("2004")
        );
        // Others are untouched.
        assert_eq!(i.persons[1].family_name, "Karimi");
        assert_eq!(i.identifiers[1].value, "+93 812 0000 1111");
        // Masking twice changes nothing more; a masked record submitted back loses the mark.
        assert!(!i.mask_victims(today));
        i.normalise();
        assert!(i.persons[0].masked.is_none());
    }

    #[test]
    fn age_bands() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(age_band(2010, today), "0–17");
        assert_eq!(age_band(1990, today), "35–44");
        assert_eq!(age_band(1950, today), "65+");
    }
}
