//! What an incident says about people and things: one mention per person and per identifier,
//! in the forms linkage compares (names in folded Latin, identifiers in their normal form).

use lintas_model::StoredIncident;
use lintas_model::identifiers::normalise;
use serde::Serialize;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person, resolved by probabilistic linkage of names, birth dates and identifiers.
    Person,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A social media or messaging account.
    SocialHandle,
    /// A travel document or national identity card.
    Document,
    /// A bank account.
    BankAccount,
    /// A vessel: MMSI, IMO number and name reported together are one vessel.
    Vessel,
    /// A vehicle by its plate.
    Vehicle,
}

impl EntityKind {
    /// The code used in URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::SocialHandle => "social_handle",
            Self::Document => "document",
            Self::BankAccount => "bank_account",
            Self::Vessel => "vessel",
            Self::Vehicle => "vehicle",
        }
    }

    fn of_identifier(kind: &str) -> Option<Self> {
        Some(match kind {
            "phone" => Self::Phone,
            "email" => Self::Email,
            "social_handle" => Self::SocialHandle,
            "travel_document" | "national_id" => Self::Document,
            "bank_account" => Self::BankAccount,
            "vessel_mmsi" | "vessel_imo" | "vessel_name" => Self::Vessel,
            "vehicle_plate" => Self::Vehicle,
            _ => return None,
        })
    }
}

/// A person named in an incident.
#[derive(Debug, Clone)]
pub(crate) struct PersonMention {
    /// `<incident id>#<index in persons>`: the linkage record id.
    pub key: String,
    /// Index of the incident in the analysis.
    pub incident: u32,
    /// The name as written.
    pub display: String,
    /// Given names and family name transliterated to Latin and spelling-folded.
    pub given: Option<String>,
    pub family: Option<String>,
    pub birth: Option<String>,
    pub sex: Option<String>,
    pub nationality: Option<String>,
    pub role: String,
    /// The first phone and document attributed to this person in the incident.
    pub phone: Option<String>,
    pub document: Option<String>,
}

/// An identifier reported in an incident.
#[derive(Debug, Clone)]
pub(crate) struct IdMention {
    pub incident: u32,
    pub kind: EntityKind,
    /// `<kind>:<normal form>`, e.g. `phone:+6281234567890`, `vessel:mmsi:525001234`.
    pub key: String,
    /// The value as written.
    pub display: String,
    /// Index into the analysis' person mentions of the person it belongs to.
    pub person: Option<u32>,
}

/// Every mention of every incident, in incident order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mentions {
    pub persons: Vec<PersonMention>,
    pub identifiers: Vec<IdMention>,
    /// Pairs of identifier keys known to name the same thing (a vessel's MMSI and name
    /// reported together).
    pub same: Vec<(String, String)>,
}

/// Names compared by linkage: transliterated to Latin (`lintas-names`) and with each word's
/// transliteration spelling variants folded (`kh`/`k`, `ee`/`i`, doubled letters), so that
/// محمد, Mohammed and Muhamad meet on comparable strings.
pub(crate) fn fold_name(name: &str) -> Option<String> {
    let latin = lintas_names::translit::to_latin(name);
    let folded: Vec<String> = latin
        .split(' ')
        .map(lintas_names::phonetic::canonical)
        .filter(|w| !w.is_empty())
        .collect();
    (!folded.is_empty()).then(|| folded.join(" "))
}

impl Mentions {
    /// Adds the mentions of `stored`, the analysis' incident number `incident`.
    pub fn add(&mut self, incident: u32, stored: &StoredIncident) {
        let first_person = self.persons.len();
        let i = &stored.incident;
        for (n, p) in i.persons.iter().enumerate() {
            let attributed = |kinds: &[&str]| {
                i.identifiers
                    .iter()
                    .find(|id| id.person == Some(n) && kinds.contains(&id.kind.as_str()))
                    .map(|id| normalise(&id.kind, &id.value))
            };
            let display = [p.given_names.trim(), p.family_name.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            self.persons.push(PersonMention {
                key: format!("{}#{n}", stored.id),
                incident,
                display: if display.is_empty() {
                    "(unnamed)".into()
                } else {
                    display
                },
                given: fold_name(&p.given_names),
                family: fold_name(&p.family_name),
                birth: p.date_of_birth.map(|d| d.to_string()),
                sex: p.sex.clone(),
                nationality: p.nationality.clone(),
                role: p.role.clone(),
                phone: attributed(&["phone"]),
                document: attributed(&["travel_document", "national_id"]),
            });
        }
        let mut vessel_keys: Vec<(&str, String)> = Vec::new();
        for id in &i.identifiers {
            let Some(kind) = EntityKind::of_identifier(&id.kind) else {
                continue;
            };
            let norm = normalise(&id.kind, &id.value);
            if norm.is_empty() {
                continue;
            }
            let key = match id.kind.as_str() {
                "vessel_mmsi" => format!("vessel:mmsi:{norm}"),
                "vessel_imo" => format!("vessel:imo:{norm}"),
                "vessel_name" => format!("vessel:name:{norm}"),
                // A document number is unique only within its issuing state.
                "travel_document" | "national_id" => match &id.issuer {
                    Some(state) => format!("document:{}:{norm}", state.to_ascii_uppercase()),
                    None => format!("document:{norm}"),
                },
                other => format!("{other}:{norm}"),
            };
            if kind == EntityKind::Vessel && id.person.is_none() {
                vessel_keys.push((id.kind.as_str(), key.clone()));
            }
            self.identifiers.push(IdMention {
                incident,
                kind,
                key,
                display: id.value.trim().to_string(),
                person: id
                    .person
                    .filter(|&p| p < i.persons.len())
                    .and_then(|p| u32::try_from(first_person + p).ok()),
            });
        }
        // MMSI, IMO and name reported together describe one vessel only when the incident
        // names at most one of each; with two boats we cannot tell which name is whose.
        let single = |k: &str| vessel_keys.iter().filter(|(kind, _)| *kind == k).count() <= 1;
        if vessel_keys.len() > 1
            && ["vessel_mmsi", "vessel_imo", "vessel_name"]
                .iter()
                .all(|k| single(k))
        {
            for pair in vessel_keys.windows(2) {
                if let [(_, a), (_, b)] = pair {
                    self.same.push((a.clone(), b.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_across_scripts_and_spellings() {
        assert_eq!(fold_name("Mohammed Nabi"), fold_name("MOHAMMED  nabi"));
        assert_eq!(fold_name("Khaled"), fold_name("Kaled"));
        assert_eq!(fold_name("  "), None);
        let arabic = fold_name("محمد").unwrap_or_default();
        assert!(arabic.starts_with('m'), "{arabic}");
    }
}
