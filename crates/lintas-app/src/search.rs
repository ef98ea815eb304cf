//! The one search box: a query is tried at once as a person's name (through the names engine's
//! sound keys, so spellings and scripts of one name meet), as an identifier of every kind in
//! the data standard's normal form (phones, documents, vessels' MMSI, IMO and name, …), as an
//! external reference, and as words of a narrative. Results are grouped by kind, only from
//! incidents the principal may see, with victims masked outside their owning agency (a masked
//! victim is never found by name or by a linked identifier). The incidents shown are audited
//! as one list view.

use lintas_model::codes::IDENTIFIER_KIND;
use lintas_model::identifiers::{check, normalise};
use lintas_model::{Incident, StoredIncident};
use lintas_names::compare::name_similarity;
use lintas_names::parts::parse_name;
use lintas_names::search_keys::{query_sound_keys, sound_keys};
use lintas_store::{Principal, Result, Store};
use serde::Serialize;
use uuid::Uuid;

/// Most hits per group.
pub const GROUP_LIMIT: u32 = 50;
/// Least name similarity (the names engine's 0–1 score) for a person sharing the query's
/// sound keys to be shown: `Karim` shares `Karimi`'s keys but is another name.
pub const MIN_NAME_SCORE: f64 = 0.7;
/// Longest query taken (longer input is cut).
pub const MAX_QUERY: usize = 200;

/// The incident a hit was found in.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentRef {
    /// Incident id.
    pub id: Uuid,
    /// When it happened, to the precision known.
    pub occurred_on: String,
    /// Code list `incident_kind`.
    pub kind: String,
    /// Country where it happened (ISO 3166-1 alpha-3).
    pub country: String,
    /// Member that owns it.
    pub owner: String,
}

/// A person found by name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonHit {
    /// The name as recorded (given names, family name).
    pub name: String,
    /// Code list `person_role`.
    pub role: String,
    /// Nationality, when recorded.
    pub nationality: Option<String>,
    /// Name similarity with the query, 0–1 (the names engine's score).
    pub score: f64,
    /// Where.
    pub incident: IncidentRef,
}

/// An identifier found by its normal form.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IdentifierHit {
    /// Code list `identifier_kind`.
    pub kind: String,
    /// The value as recorded.
    pub value: String,
    /// Its normal form (what matched).
    pub normal: String,
    /// The person it belongs to, when recorded and not masked.
    pub person: Option<String>,
    /// Where.
    pub incident: IncidentRef,
}

/// An incident found by its external reference or narrative.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TextHit {
    /// The matching text: the reference, or the narrative.
    pub text: String,
    /// Where.
    pub incident: IncidentRef,
}

/// Search results, grouped by kind; each group latest incident first, at most
/// [`GROUP_LIMIT`] (`truncated` says a group was cut).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// The query as searched (trimmed).
    pub query: String,
    /// Persons by name.
    pub persons: Vec<PersonHit>,
    /// Phones, documents, accounts, handles, plates.
    pub identifiers: Vec<IdentifierHit>,
    /// Vessels by name, MMSI or IMO.
    pub vessels: Vec<IdentifierHit>,
    /// Incidents by external reference.
    pub references: Vec<TextHit>,
    /// Incidents by words of the narrative or place name.
    pub narratives: Vec<TextHit>,
    /// Whether any group had more hits than it shows.
    pub truncated: bool,
}

impl SearchResults {
    /// Number of hits over all groups.
    pub fn total(&self) -> usize {
        self.persons.len()
            + self.identifiers.len()
            + self.vessels.len()
            + self.references.len()
            + self.narratives.len()
    }
}

fn incident_ref(s: &StoredIncident) -> IncidentRef {
    IncidentRef {
        id: s.id,
        occurred_on: s.incident.occurred_on.to_string(),
        kind: s.incident.kind.clone(),
        country: s.incident.place.country.clone(),
        owner: s.owner.clone(),
    }
}

fn person_name(i: &Incident, n: usize) -> Option<String> {
    let p = i.persons.get(n)?;
    if p.masked.is_some() {
        return None;
    }
    Some(
        format!("{} {}", p.given_names, p.family_name)
            .trim()
            .to_string(),
    )
}

/// The identifier terms a query could be: one per kind whose rules it passes.
fn identifier_terms(q: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for kind in IDENTIFIER_KIND.codes.iter().map(|c| c.code) {
        if check(kind, q).is_err() {
            continue;
        }
        let norm = normalise(kind, q);
        out.push((kind.to_string(), norm.clone()));
        // A phone typed without its + may be stored with one.
        if kind == "phone" && !norm.starts_with('+') {
            out.push((kind.to_string(), format!("+{norm}")));
        }
    }
    out
}

fn is_vessel(kind: &str) -> bool {
    kind.starts_with("vessel_")
}

/// Runs the search `q` for the principal (see the module doc).
pub async fn search(store: &Store, principal: &Principal, q: &str) -> Result<SearchResults> {
    let q: String = q.trim().chars().take(MAX_QUERY).collect();
    let mut out = SearchResults {
        query: q.clone(),
        ..Default::default()
    };
    if q.is_empty() {
        return Ok(out);
    }
    let fetch = GROUP_LIMIT + 1;
    let mut shown: Vec<StoredIncident> = Vec::new();

    // Persons: every sound key of the query must be among one person's keys.
    let keys = query_sound_keys(&q);
    if !keys.is_empty() {
        let groups: Vec<Vec<String>> = keys.iter().map(|k| vec![format!("n:{k}")]).collect();
        let query_name = parse_name(&q);
        for s in store
            .incidents_with_terms_unaudited(principal, &groups, fetch)
            .await?
        {
            let mut found = false;
            for p in s.incident.persons.iter().filter(|p| p.masked.is_none()) {
                let full = format!("{} {}", p.given_names, p.family_name);
                let names: Vec<&String> = std::iter::once(&full).chain(&p.aliases).collect();
                let person_keys: Vec<String> = names.iter().flat_map(|n| sound_keys(n)).collect();
                if !keys.iter().all(|k| person_keys.contains(k)) {
                    continue;
                }
                // A query of one name part is compared with each recorded part as well as
                // with the whole name, so `Kareemi` scores as high against `Karimi` in
                // `Mohammad Nabi Karimi` as a full name would.
                let score = names
                    .iter()
                    .map(|n| n.as_str())
                    .chain([p.family_name.as_str(), p.given_names.as_str()])
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| name_similarity(&query_name, &parse_name(n)))
                    .fold(0.0, f64::max);
                if score < MIN_NAME_SCORE {
                    continue;
                }
                out.persons.push(PersonHit {
                    name: full.trim().to_string(),
                    role: p.role.clone(),
                    nationality: p.nationality.clone(),
                    score,
                    incident: incident_ref(&s),
                });
                found = true;
            }
            if found {
                shown.push(s);
            }
        }
    }

    // Identifiers and vessels, in normal form.
    let terms = identifier_terms(&q);
    if !terms.is_empty() {
        let group = vec![
            terms
                .iter()
                .map(|(k, v)| format!("i:{k}:{v}"))
                .collect::<Vec<_>>(),
        ];
        for s in store
            .incidents_with_terms_unaudited(principal, &group, fetch)
            .await?
        {
            let mut found = false;
            for id in &s.incident.identifiers {
                let normal = normalise(&id.kind, &id.value);
                if !terms.iter().any(|(k, v)| *k == id.kind && *v == normal) {
                    continue;
                }
                // Identifiers of masked victims read `[withheld]` and never match.
                let hit = IdentifierHit {
                    kind: id.kind.clone(),
                    value: id.value.clone(),
                    normal,
                    person: id.person.and_then(|n| person_name(&s.incident, n)),
                    incident: incident_ref(&s),
                };
                if is_vessel(&id.kind) {
                    out.vessels.push(hit);
                } else {
                    out.identifiers.push(hit);
                }
                found = true;
            }
            if found {
                shown.push(s);
            }
        }
    }

    // External references.
    let reference = vec![vec![lintas_store::reference_term(&q)]];
    for s in store
        .incidents_with_terms_unaudited(principal, &reference, fetch)
        .await?
    {
        out.references.push(TextHit {
            text: s.incident.external_ref.clone().unwrap_or_default(),
            incident: incident_ref(&s),
        });
        shown.push(s);
    }

    // Narratives and place names.
    for s in store
        .incidents_with_text_unaudited(principal, &q, fetch)
        .await?
    {
        out.narratives.push(TextHit {
            text: s.incident.narrative.clone(),
            incident: incident_ref(&s),
        });
        shown.push(s);
    }

    out.persons.sort_by(|a, b| b.score.total_cmp(&a.score));
    for len in [
        out.persons.len(),
        out.identifiers.len(),
        out.vessels.len(),
        out.references.len(),
        out.narratives.len(),
    ] {
        out.truncated |= len > GROUP_LIMIT as usize;
    }
    out.persons.truncate(GROUP_LIMIT as usize);
    out.identifiers.truncate(GROUP_LIMIT as usize);
    out.vessels.truncate(GROUP_LIMIT as usize);
    out.references.truncate(GROUP_LIMIT as usize);
    out.narratives.truncate(GROUP_LIMIT as usize);

    shown.sort_by_key(|s| s.id);
    shown.dedup_by_key(|s| s.id);
    store.audit_incidents_shown(principal, &shown).await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_is_tried_with_and_without_its_plus() {
        let t = identifier_terms("62 812-3456 7890");
        assert!(t.contains(&("phone".into(), "6281234567890".into())));
        assert!(t.contains(&("phone".into(), "+6281234567890".into())));
    }

    #[test]
    fn a_document_number_is_tried_in_normal_form() {
        let t = identifier_terms("p-0123 456");
        assert!(t.contains(&("travel_document".into(), "P0123456".into())));
        assert!(!t.iter().any(|(k, _)| k == "vessel_mmsi"));
    }
}
