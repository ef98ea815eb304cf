//! Watchlist entries and screening queries: the data the engine works on.

use serde::{Deserialize, Serialize};

/// What kind of subject an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A natural person.
    #[default]
    Person,
    /// A company, organisation, group or other legal entity.
    Organization,
    /// A vessel or aircraft.
    Vessel,
}

/// Gender as recorded on a list or a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Gender {
    /// Reads `m`, `male`, `f`, `female` (any case); anything else is unknown.
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "man" => Some(Gender::Male),
            "f" | "female" | "woman" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// A possibly partial birth date: lists often give only a year or a year range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthDate {
    /// Year.
    pub year: u16,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day 1–31, when known.
    pub day: Option<u8>,
}

impl BirthDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the FtM/ISO forms); `None` otherwise.
    pub fn parse(s: &str) -> Option<BirthDate> {
        let s = s.trim();
        let mut it = s.split('-');
        let year: u16 = it.next()?.parse().ok()?;
        if !(1000..=2999).contains(&year) {
            return None;
        }
        let month = match it.next() {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match it.next() {
            Some(d) => Some(
                d.get(..2)
                    .unwrap_or(d)
                    .parse::<u8>()
                    .ok()
                    .filter(|d| (1..=31).contains(d))?,
            ),
            None => None,
        };
        Some(BirthDate { year, month, day })
    }
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// An identity document or registration number attached to an entry or query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// Free-text kind as the list gives it (e.g. `Passport`, `National Identification Number`).
    pub kind: String,
    /// The number as printed.
    pub value: String,
}

impl Identifier {
    /// The number reduced to upper-case ASCII letters and digits, for comparison.
    pub fn normalised_value(&self) -> String {
        self.value
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    }
}

/// One subject on a watchlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The list's own identifier (UN reference number, OFAC ent_num, FtM id, …).
    pub id: String,
    /// Kind of subject.
    pub kind: EntityKind,
    /// Primary name first, then aliases (any script).
    pub names: Vec<String>,
    /// Known or alleged birth dates.
    pub birth_dates: Vec<BirthDate>,
    /// Nationalities or citizenships: ISO 3166-1 alpha-3 where it could be resolved,
    /// the list's text otherwise.
    pub nationalities: Vec<String>,
    /// Gender, when the list gives it.
    pub gender: Option<Gender>,
    /// Passport, ID and registration numbers.
    pub identifiers: Vec<Identifier>,
    /// Listing programme / reason as the list states it.
    pub reason: Option<String>,
    /// Date of listing (`YYYY-MM-DD` as on the list).
    pub listed_on: Option<String>,
}

impl Entry {
    /// A person entry with just a name, for tests and simple lists.
    pub fn person(id: impl Into<String>, name: impl Into<String>) -> Entry {
        Entry {
            id: id.into(),
            kind: EntityKind::Person,
            names: vec![name.into()],
            birth_dates: Vec::new(),
            nationalities: Vec::new(),
            gender: None,
            identifiers: Vec::new(),
            reason: None,
            listed_on: None,
        }
    }
}

/// What is screened: a person's name(s) and whatever qualifiers are known.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Query {
    /// One or more names (e.g. the MRZ name and a name in the original script).
    pub names: Vec<String>,
    /// Birth date, when known.
    pub birth_date: Option<BirthDate>,
    /// Nationality (alpha-3, alpha-2 or a country name).
    pub nationality: Option<String>,
    /// Gender, when known.
    pub gender: Option<Gender>,
    /// Document numbers, when known.
    pub identifiers: Vec<Identifier>,
    /// Match organisation and vessel entries too. By default a query is a person and
    /// matches person entries only: an innocent `Wei Islam` is no hit on the
    /// organisation `Ansar al-Islam`.
    #[serde(default)]
    pub all_entity_types: bool,
}

impl Query {
    /// A query with only a name.
    pub fn name(name: impl Into<String>) -> Query {
        Query {
            names: vec![name.into()],
            ..Query::default()
        }
    }

    /// True when an entry of this kind may match the query.
    pub fn admits(&self, kind: EntityKind) -> bool {
        self.all_entity_types || kind == EntityKind::Person
    }
}
